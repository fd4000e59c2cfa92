"""What people ask of the importer: audited, and queued for the worker once committed.

Kept apart from ``runs`` (the import itself, which the worker's tasks call) so that the order of
imports runs one way: ``runs`` <- ``tasks`` <- ``services`` <- views.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pqtracker.accounts.permissions import Permission, has_permission
from pqtracker.audit import services as audit
from pqtracker.audit.models import AuditVerb
from pqtracker.imports.runs import start_run
from pqtracker.imports.tasks import queue_run
from pqtracker.parliament.models import ImportRun


def request_import(*, user: Any) -> ImportRun:
    """A person asked for an import now: queue the incremental run, audited.

    Raises ImportInProgress when one is already active, so a double submit starts one import.
    """
    if not has_permission(user, Permission.RUN_IMPORTS):
        raise PermissionDenied("You need the 'run_imports' permission.")
    with transaction.atomic():
        run = start_run(kind=ImportRun.Kind.INCREMENTAL, requested_by=user)
        audit.record(
            actor=user, verb=AuditVerb.IMPORT_REQUESTED, target=run, data={"kind": run.kind}
        )
        queue_run(run)
    return run
