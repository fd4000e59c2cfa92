from django.contrib import admin

from pqtracker.audit.admin import ReadOnlyAdmin
from pqtracker.health.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("hostname", "beat_at", "count")
