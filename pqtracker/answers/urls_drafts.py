"""The drafting pages of a case, under /answers/cases/<pk>/ beside the workflow's own."""

from django.urls import path

from pqtracker.answers import views_drafts as views
from pqtracker.answers import views_figures

app_name = "drafts"

urlpatterns = [
    path("cases/<int:pk>/draft/", views.editor, name="editor"),
    path("cases/<int:pk>/draft/versions/<int:number>/", views.version_detail, name="version"),
    path("cases/<int:pk>/draft/versions/<int:number>/restore/", views.restore, name="restore"),
    path("cases/<int:pk>/draft/conflicts/<int:number>/", views.conflict, name="conflict"),
    path("cases/<int:pk>/comments/", views.add_comment, name="comment"),
    path("cases/<int:pk>/clearance-pack.docx", views.clearance_pack, name="clearance-pack"),
    path("cases/<int:pk>/draft/figures/", views_figures.find_figures, name="figures"),
    path("cases/<int:pk>/draft/citations/", views_figures.cite, name="cite"),
    path(
        "cases/<int:pk>/draft/citations/<int:citation>/remove/",
        views_figures.uncite,
        name="uncite",
    ),
    path("cases/<int:pk>/draft/figure-check/", views_figures.check, name="figure-check"),
    path("cases/<int:pk>/figure-check/accept/", views_figures.accept_flag, name="accept-flag"),
]
