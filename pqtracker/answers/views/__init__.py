"""The workflow's pages (``pages``) and the POST actions on a case (``actions``)."""
