"""The known recent calendar, so deadlines and the consistency check work on the first day.

Source: the recess dates announced for each House by the Leaders of the House of Commons and of
the House of Lords (published on parliament.uk, "Recess dates"), entered by hand from the published
record up to the conference recess of 2026. Each row is the first to the last day on which the
House does not sit (the day it rises and the day it returns both sit). Lords dates are marked
approximate where they were taken from the Commons' announcement: the Lords often differ by a
day or two, and ``import_calendar`` replaces them with Parliament's own when it can reach it.
Checked against the record: every Commons ordinary question in ../shared/data/parliament whose
answer date crosses one of these recesses has the ``dateForAnswer`` the calendar predicts.
"""

import datetime

from django.db import migrations

NOTE = "Recess dates as announced on parliament.uk (initial data)"
APPROX = "Approximate: taken from the Commons' dates; refresh with import_calendar"

COMMONS = [
    ("recess", "February recess", "2023-02-10", "2023-02-19"),
    ("recess", "Easter recess", "2023-03-31", "2023-04-16"),
    ("recess", "Whitsun recess", "2023-05-26", "2023-06-04"),
    ("recess", "Summer recess", "2023-07-21", "2023-09-03"),
    ("recess", "Conference recess", "2023-09-20", "2023-10-15"),
    ("prorogation", "Prorogation", "2023-10-27", "2023-11-06"),
    ("recess", "Christmas recess", "2023-12-20", "2024-01-07"),
    ("recess", "February recess", "2024-02-09", "2024-02-18"),
    ("recess", "Easter recess", "2024-03-27", "2024-04-14"),
    ("dissolution", "Prorogation, dissolution and general election", "2024-05-25", "2024-07-08"),
    ("recess", "Summer recess", "2024-07-31", "2024-09-01"),
    ("recess", "Conference recess", "2024-09-13", "2024-10-06"),
    ("recess", "Christmas recess", "2024-12-20", "2025-01-05"),
    ("recess", "February recess", "2025-02-14", "2025-02-23"),
    ("recess", "Easter recess", "2025-04-09", "2025-04-21"),
    ("recess", "Whitsun recess", "2025-05-23", "2025-06-01"),
    ("recess", "Summer recess", "2025-07-23", "2025-08-31"),
    ("recess", "Conference recess", "2025-09-17", "2025-10-12"),
    ("recess", "Christmas recess", "2025-12-19", "2026-01-04"),
    ("recess", "February recess", "2026-02-13", "2026-02-22"),
    ("recess", "Easter recess", "2026-03-27", "2026-04-12"),
    ("recess", "Conference recess", "2026-09-16", "2026-10-11"),
]
# The long recesses, which the Lords share within a day or two.
LORDS = [row for row in COMMONS if row[1] in {"Christmas recess", "Easter recess", "Summer recess"}]
LORDS += [row for row in COMMONS if row[0] != "recess"]


def load(apps, schema_editor):
    recess_model = apps.get_model("pq_calendar", "Recess")
    for house, rows, note in (("Commons", COMMONS, NOTE), ("Lords", LORDS, APPROX)):
        for kind, name, start, end in rows:
            recess_model.objects.get_or_create(
                house=house,
                start=datetime.date.fromisoformat(start),
                defaults={
                    "kind": kind,
                    "name": name,
                    "end": datetime.date.fromisoformat(end),
                    "source": "initial",
                    "source_note": note,
                },
            )


def unload(apps, schema_editor):
    apps.get_model("pq_calendar", "Recess").objects.filter(source="initial").delete()


class Migration(migrations.Migration):
    dependencies = [("pq_calendar", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
