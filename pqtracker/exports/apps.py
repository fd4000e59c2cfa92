from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """CSV downloads, built by the worker when large. Apps with something to export register a
    source (``exports.registry``) in their own ready(); this app imports none of them."""

    name = "pqtracker.exports"
    label = "exports"
    verbose_name = "Downloads"
