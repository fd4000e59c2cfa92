from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from pqtracker.accounts.decorators import signed_in_only

admin.site.site_header = "PQ Tracker administration"
admin.site.site_title = "PQ Tracker admin"

urlpatterns = [
    path(
        "",
        signed_in_only(
            RedirectView.as_view(
                pattern_name="parliament:question-list",
                permanent=False,
                http_method_names=["get", "head"],
            )
        ),
        name="home",
    ),
    path("accounts/", include("pqtracker.accounts.urls")),
    path("questions/", include("pqtracker.parliament.urls")),
    path("search/", include("pqtracker.search.urls")),
    path("evidence/", include("pqtracker.evidence.urls")),
    path("imports/", include("pqtracker.imports.urls")),
    path("downloads/", include("pqtracker.exports.urls")),
    path("answers/", include("pqtracker.answers.urls")),
    path("answers/", include("pqtracker.answers.urls_drafts")),
    path("deadlines/", include("pqtracker.deadlines.urls")),
    path("healthz", include("pqtracker.health.urls")),
    path("admin/", admin.site.urls),
]
