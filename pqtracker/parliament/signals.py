"""Signals the public-record write path sends, so other apps (search) stay in step with it.

``questions_written`` is sent synchronously inside the writing transaction with
``question_ids``: a list of WrittenQuestion primary keys whose question or answer was created or
changed, and ``new_question_ids``: those of them the write created. Receivers must be fast and
must not swallow errors: a failed receiver rolls back the write.
"""

from django.dispatch import Signal

questions_written = Signal()
