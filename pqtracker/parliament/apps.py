from django.apps import AppConfig


class ParliamentConfig(AppConfig):
    name = "pqtracker.parliament"
    label = "parliament"
    verbose_name = "Parliament's public record"
