from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.imports import activity, runs, services
from pqtracker.imports.forms import RunImportForm
from pqtracker.imports.status import import_state
from pqtracker.imports.tasks import QueueUnavailable
from pqtracker.parliament.models import ImportRun, QuarantinedRecord
from pqtracker.search.index import pending_count
from pqtracker.web.htmx import HtmxHttpRequest, render_page, wants_partial

RECENT_RUNS = 20
RECENT_QUARANTINED = 20


@require_http_methods(["GET", "POST"])
@require_permission(Permission.VIEW_IMPORTS)
def import_list(request: HtmxHttpRequest) -> HttpResponse:
    can_run = request.user.has_permission(Permission.RUN_IMPORTS)  # type: ignore[union-attr]
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(f"You need the '{Permission.RUN_IMPORTS.value}' permission.")
        form = RunImportForm(request.POST)
        if form.is_valid():
            try:
                run = services.request_import(user=request.user)
            except runs.ImportInProgress as error:
                messages.info(request, f"{error} Its progress is shown below.")
            except QueueUnavailable as error:
                messages.error(
                    request,
                    f"Import {error.run_id} could not be started: the background job queue is "
                    "not answering. Try again in a few minutes; if it goes on, tell the "
                    "service's administrators.",
                )
            else:
                messages.success(request, f"Import {run.pk} queued. Its progress is shown below.")
        # Post/redirect/get: reloading the page never asks for a second import.
        return redirect("imports:import-list")

    partial = wants_partial(request)
    active = runs.active_run()
    context: dict[str, Any] = {
        "active": active,
        "activity": activity.current(active.pk) if active is not None else "",
        "search_pending": pending_count(),
    }
    if not partial:
        context.update(
            {
                "state": import_state(),
                "form": RunImportForm() if can_run else None,
                "runs": ImportRun.objects.select_related("requested_by")[:RECENT_RUNS],
                "quarantined": QuarantinedRecord.objects.filter(resolved_at__isnull=True)
                .select_related("import_run")
                .order_by("-created_at", "-id")[:RECENT_QUARANTINED],
            }
        )
    return render_page(request, "imports/import_list.html", context, partial="progress")
