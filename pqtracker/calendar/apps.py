from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "pqtracker.calendar"
    # "calendar" alone would read as Python's module in logs and migrations.
    label = "pq_calendar"
    verbose_name = "Calendar"
