"""PostgreSQL: adjacent lexeme pairs of each search vector, for fast phrase search.

GIN stores which documents hold a lexeme, not where: a phrase of common words ("local
authority", "free school") otherwise reads every document holding all its words to check their
positions. search_adjacent_pairs(vector) lists a hash of each pair of lexemes at neighbouring
positions; the query side applies the same function to the phrase's own vector, so a document
matching the phrase always holds every pair (collisions only add candidates, which the tsquery
then rejects). See docs/adr/0003-search-backends.md.
"""

import django.db.models.deletion
from django.contrib.postgres.fields import ArrayField
from django.db import migrations, models

POSTGRES_SQL = [
    """CREATE OR REPLACE FUNCTION search_adjacent_pairs(v tsvector) RETURNS integer[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      WITH t AS (SELECT u.lexeme, p FROM unnest(v) u, unnest(u.positions) p)
      SELECT coalesce(array_agg(DISTINCT hashtext(a.lexeme || ' ' || b.lexeme)), '{}')
      FROM t a JOIN t b ON b.p = a.p + 1
    $$""",
    "CREATE TABLE search_phrasepairs (question_id bigint PRIMARY KEY, pairs integer[] NOT NULL)",
    """INSERT INTO search_phrasepairs (question_id, pairs)
    SELECT question_id, search_adjacent_pairs(vector) FROM search_searchdocument""",
    "CREATE INDEX search_phrasepairs_pairs ON search_phrasepairs USING gin (pairs)",
    # After the rows and the index: a deferred key checked row by row would leave trigger events
    # pending, and PostgreSQL refuses CREATE INDEX on a table with pending events.
    """ALTER TABLE search_phrasepairs ADD CONSTRAINT search_phrasepairs_question_id_fkey
        FOREIGN KEY (question_id) REFERENCES parliament_writtenquestion (id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED""",
    # Statistics now, not at autovacuum's next pass: the phrase plan reads the pairs' frequencies.
    "ANALYZE search_phrasepairs",
]


def add_pairs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_SQL:
            schema_editor.execute(statement)


def drop_pairs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS search_phrasepairs")
        schema_editor.execute("DROP FUNCTION IF EXISTS search_adjacent_pairs(tsvector)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_near_duplicate")]

    operations = [
        # State everywhere; the table only on PostgreSQL (as for SearchDocument in 0001).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PhrasePairs",
                    fields=[
                        (
                            "question",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="phrase_pairs",
                                serialize=False,
                                to="parliament.writtenquestion",
                            ),
                        ),
                        (
                            "pairs",
                            ArrayField(base_field=models.IntegerField(), default=list, size=None),
                        ),
                    ],
                    options={"managed": True},
                ),
            ],
            database_operations=[migrations.RunPython(add_pairs, drop_pairs)],
        ),
    ]
