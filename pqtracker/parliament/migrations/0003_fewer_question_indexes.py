"""Two fewer indexes for every question written (twelve to ten).

- One index on (uin, house, date_tabled) replaces (house, uin, date_tabled) and (uin): with the
  UIN first it serves a UIN alone as well as all three.
- The answering body's own foreign-key index goes: question_body_tabled leads with the same
  column.

The foreign key's index is dropped by name rather than through AlterField, which on SQLite would
rebuild the table and with it lose the trigger that removes a question's FTS5 entry.
"""

import django.db.models.deletion
from django.db import migrations, models

BODY_INDEX = "parliament_writtenquestion_answering_body_id_0359d159"


class Migration(migrations.Migration):
    dependencies = [
        ("parliament", "0002_import_fingerprint_and_link_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="writtenquestion",
            index=models.Index(
                fields=["uin", "house", "date_tabled"], name="question_uin_house_tabled"
            ),
        ),
        migrations.RemoveIndex(model_name="writtenquestion", name="question_house_uin_tabled"),
        migrations.RemoveIndex(model_name="writtenquestion", name="question_uin"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="writtenquestion",
                    name="answering_body",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="questions",
                        to="parliament.answeringbody",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {BODY_INDEX}",
                    f"CREATE INDEX {BODY_INDEX} ON parliament_writtenquestion (answering_body_id)",
                ),
            ],
        ),
    ]
