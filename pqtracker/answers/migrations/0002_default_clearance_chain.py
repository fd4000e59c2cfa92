"""The default clearance chain: Deputy Director, Special Adviser, Private Office, Minister, with
press office and head of statistics as optional steps. The PQ team changes it on its own page."""

from django.db import migrations

DEFAULT_CHAIN = [
    ("Deputy Director", 10, "deputy_director", False),
    ("Head of statistics", 15, "head_of_statistics", True),
    ("Press office", 20, "press_office", True),
    ("Special Adviser", 30, "special_adviser", False),
    ("Private Office", 40, "private_office", False),
    ("Minister", 50, "minister", False),
]


def add_default_chain(apps, schema_editor):
    definition = apps.get_model("answers", "ClearanceStepDefinition")
    if definition.objects.exists():
        return
    definition.objects.bulk_create(
        definition(name=name, order=order, role_kind=kind, optional=optional, active=True)
        for name, order, kind, optional in DEFAULT_CHAIN
    )


class Migration(migrations.Migration):
    dependencies = [("answers", "0001_initial")]

    operations = [migrations.RunPython(add_default_chain, migrations.RunPython.noop)]
