from django.urls import path

from pqtracker.deadlines import calendar_views, views

app_name = "deadlines"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("statistics/", views.statistics_view, name="statistics"),
    path("calendar/", calendar_views.calendar_page, name="calendar"),
]
