"""Downloads: offered by the page whose rows they hold, made in the background when large.

A source's own view (the search page's "Download these results") calls ``offer``: a small
download is streamed at once; a larger one is offered as a file the worker makes, on a page
that shows its progress and then the link. Nothing large is ever made inside a web request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST, require_safe

from pqtracker.accounts.decorators import require_permission
from pqtracker.accounts.permissions import Permission
from pqtracker.exports import builds, permissions, registry, services
from pqtracker.exports.csvfile import csv_lines
from pqtracker.exports.models import Export, ExportStatus
from pqtracker.web.htmx import render_page


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def offer(request: HttpRequest, *, kind: str, query_string: str) -> HttpResponse:
    """What a source's download link answers. The caller has checked the user's permission."""
    source = registry.get(kind)
    if source is None:
        raise Http404("Nothing to download")
    params = QueryDict(query_string)
    context: dict[str, Any] = {
        "kind": kind,
        "query_string": query_string,
        "description": source.describe(params),
        "back_url": source.back_url(params),
    }
    try:
        count = source.count(params)
        builds.check_size(count)
    except (registry.InvalidQuery, builds.TooManyRows) as error:
        context["error"] = str(error)
        return TemplateResponse(request, "exports/offer.html", context, status=400)
    if count <= settings.EXPORT_INLINE_MAX_ROWS:
        base_url = request.build_absolute_uri("/").rstrip("/")
        lines = csv_lines(source.header, source.rows(params, base_url))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        return _attachment(response, source.filename)  # type: ignore[arg-type]
    context["count"] = count
    return TemplateResponse(request, "exports/offer.html", context)


@require_POST
@require_permission(Permission.EXPORT_QUESTIONS)
def request_export(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    query_string = request.POST.get("query_string", "")
    source = registry.get(kind)
    if source is None:
        raise Http404("Nothing to download")
    if not request.user.has_permission(source.permission):  # type: ignore[union-attr]
        raise PermissionDenied(f"You need the '{source.permission.value}' permission.")
    try:
        export = services.request_export(user=request.user, kind=kind, query_string=query_string)
    except (registry.InvalidQuery, builds.TooManyRows) as error:
        params = QueryDict(query_string)
        context = {
            "kind": kind,
            "query_string": query_string,
            "description": source.describe(params),
            "back_url": source.back_url(params),
            "error": str(error),
        }
        return TemplateResponse(request, "exports/offer.html", context, status=400)
    return redirect("exports:detail", pk=export.pk)


def _own_export(request: HttpRequest, pk: int) -> Export:
    export = get_object_or_404(Export, pk=pk)
    if not permissions.can_view(request.user, export):
        raise Http404("No such download")  # someone else's: as if it did not exist
    return export


@require_safe
@require_permission(Permission.EXPORT_QUESTIONS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    source = registry.get(export.kind)
    context = {
        "export": export,
        "back_url": source.back_url(QueryDict(export.query_string)) if source else None,
        "keep_hours": settings.EXPORT_KEEP_HOURS,
    }
    return render_page(request, "exports/export.html", context, partial="progress")


@require_safe
@require_permission(Permission.EXPORT_QUESTIONS)
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    export = _own_export(request, pk)
    path = builds.file_path(export)
    if export.status != ExportStatus.READY or path is None or not path.is_file():
        raise Http404("This download is not ready, or has been deleted")
    source = registry.get(export.kind)
    filename = source.filename if source else "download.csv"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="text/csv; charset=utf-8",
    )
