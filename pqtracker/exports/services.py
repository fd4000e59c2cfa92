"""Downloads as people ask for them: checked, audited, and queued for the worker once committed.

Kept apart from ``builds`` (what the worker's tasks call) so that the modules of the app import
one way: ``builds`` <- ``tasks`` <- ``services`` <- views.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import QueryDict

from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.exports import registry
from pqtracker.exports.builds import check_size
from pqtracker.exports.models import Export, ExportStatus
from pqtracker.exports.tasks import queue_build


def request_export(*, user: Any, kind: str, query_string: str) -> Export:
    """Ask the worker for a download. The same request again, while the first is being made or
    is ready, returns the first: a double click makes one file.

    Raises registry.InvalidQuery or TooManyRows before anything is written.
    """
    source = registry.get(kind)
    if source is None:
        raise registry.InvalidQuery("There is nothing to download for this page.")
    params = QueryDict(query_string)
    check_size(source.count(params))
    with transaction.atomic():
        existing = (
            Export.objects.select_for_update()
            .filter(
                owner=user,
                kind=kind,
                query_string=query_string,
                status__in=(ExportStatus.QUEUED, ExportStatus.BUILDING, ExportStatus.READY),
            )
            .first()
        )
        if existing is not None:
            return existing
        export = Export.objects.create(
            owner=user,
            kind=kind,
            query_string=query_string,
            description=source.describe(params)[:255],
        )
        audit.record(
            actor=user,
            verb=AuditVerb.EXPORT_REQUESTED,
            target=export,
            data={"kind": kind, "query_string": query_string},
        )
        queue_build(export)
    return export
