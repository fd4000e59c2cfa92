"""Bringing in Parliament's record: API client, parsing, HTML cleaning, members, pages."""
