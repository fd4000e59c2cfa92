from django.urls import path

from pqtracker.deadlines import bulk_views, calendar_views, views

app_name = "deadlines"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("bulk/", bulk_views.bulk_action, name="bulk"),
    path("statistics/", views.statistics_view, name="statistics"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
]
