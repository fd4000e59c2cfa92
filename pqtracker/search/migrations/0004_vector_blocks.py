"""PostgreSQL: the search GIN index also holds each document's block of 8,192 question ids.

A search wants the newest matches first, and GIN finds every match at once, in no order: at a
million documents a common word's bitmap alone took 15-25 ms. With the block beside the lexemes
(``btree_gin``), "these words, in these blocks" is one index scan that skips the older matches.
``search.pg_planning`` writes exactly ``(question_id / 8192) = ANY(...)`` to match this
expression. The new index also serves searches without blocks, so it replaces the old one.

Building it took 67 seconds on a million documents, during which the table cannot be written.
"""

from django.db import migrations

CREATE_EXTENSION = "CREATE EXTENSION IF NOT EXISTS btree_gin"
FORWARD = [
    "CREATE INDEX search_document_vector_block ON search_searchdocument "
    "USING gin (vector, (question_id / 8192))",
    "DROP INDEX IF EXISTS search_document_vector",
    # Statistics on the index's expression now, for the plans that use it.
    "ANALYZE search_searchdocument",
]
BACKWARD = [
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "DROP INDEX IF EXISTS search_document_vector_block",
]


class ExtensionMissing(RuntimeError):
    pass


def add_blocks(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin'")
        if cursor.fetchone() is None:
            raise ExtensionMissing(
                "PostgreSQL's btree_gin extension is not installed on the database server. It "
                "ships with PostgreSQL's contrib modules (Debian: postgresql-contrib; the "
                "official Docker image has it); install them and run migrate again."
            )
    # btree_gin is a trusted extension: the database's owner may create it, no superuser needed.
    schema_editor.execute(CREATE_EXTENSION)
    for statement in FORWARD:
        schema_editor.execute(statement)


def drop_blocks(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_phrase_pairs")]

    operations = [migrations.RunPython(add_blocks, drop_blocks)]
