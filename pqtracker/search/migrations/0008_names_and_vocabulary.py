"""The names of who asked and who answered go into each question's search document, and the
record's vocabulary gets a table of its own (for "Did you mean").

SQLite: FTS5 cannot add a column, so the table is made again with the two name columns and
filled from the record in this migration (a few seconds at 100,000 questions). PostgreSQL: the
vector column stays as it is; every question is queued for the index worker, which writes the
new vectors in its batches while searches go on (``manage.py rebuild_search_index`` does it at
once instead).
"""

from django.db import migrations, models

FTS_TABLE = "search_questionfts"
SENTINELS = ("\ue000", "\ue001", "\ue002", "\ue003")


def _clean(column):
    # As the backend writes it: no marker characters (search/sentinels.py).
    expression = f"coalesce({column}, '')"
    for character in SENTINELS:
        expression = f"replace({expression}, '{character}', '')"
    return expression


def add_names(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        columns = ", ".join(
            _clean(column)
            for column in (
                "q.heading",
                "q.question_text",
                "a.answer_text",
                "asker.name_display",
                "minister.name_display",
            )
        )
        schema_editor.execute(f"DROP TABLE {FTS_TABLE}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(heading, question, answer, asked_by, "
            "answered_by, tokenize='porter unicode61')"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, heading, question, answer, asked_by, answered_by) "
            f"SELECT q.id, {columns} FROM parliament_writtenquestion q "
            "LEFT JOIN parliament_answer a ON a.question_id = q.id AND a.is_current "
            "LEFT JOIN parliament_member asker ON asker.id = q.asking_member_id "
            "LEFT JOIN parliament_member minister "
            "ON minister.id = coalesce(a.answering_member_id, q.answering_member_id)"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "INSERT INTO search_pendingindex (question_id, queued_at) "
            "SELECT id, now() FROM parliament_writtenquestion "
            "ON CONFLICT (question_id) DO NOTHING"
        )


def remove_names(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE {FTS_TABLE}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(heading, question, answer, "
            "tokenize='porter unicode61')"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, heading, question, answer) "
            "SELECT q.id, coalesce(q.heading, ''), coalesce(q.question_text, ''), "
            "coalesce(a.answer_text, '') FROM parliament_writtenquestion q "
            "LEFT JOIN parliament_answer a ON a.question_id = q.id AND a.is_current"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("parliament", "0002_import_fingerprint_and_link_index"),
        ("search", "0007_saved_search_email_and_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="ftsentry", name="asked_by", field=models.TextField(default="")
        ),
        migrations.AddField(
            model_name="ftsentry", name="answered_by", field=models.TextField(default="")
        ),
        migrations.RunPython(add_names, remove_names),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("initial", models.CharField(max_length=1)),
                ("length", models.PositiveSmallIntegerField()),
                ("documents", models.PositiveIntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["initial", "length"], name="search_word_initial_length")
                ],
            },
        ),
    ]
