from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pqtracker.audit"
    label = "audit"
    verbose_name = "Audit trail"
