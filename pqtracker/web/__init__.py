"""What every app's pages share: the htmx request type and page-or-partial rendering, the
signed-out redirect for htmx requests, and the date format. The lowest layer: it imports no app."""
