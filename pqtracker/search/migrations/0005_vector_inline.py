"""PostgreSQL: search vectors stay in the document's row (STORAGE MAIN), not in the TOAST table.

Every search ranks up to 2,001 documents, and each rank reads the document's whole vector. A
vector is about 1.8 KB; those over 2 KB went out of line, to the TOAST table, and reading one
back cost a lookup in the TOAST index and a second page: ranking 2,001 documents took 8-10 ms
more than reading their rows, against 4-5 ms with every vector in its row (compressed with lz4
where it must be). Rows are larger (the table 1.1 GB -> 2.0 GB at a million documents, with the
TOAST table all but empty), which a search reading a few thousand rows does not notice.

Only vectors written from now on are stored this way: the statement itself is instant. Existing
ones move into their rows as questions are indexed again; ``VACUUM FULL search_searchdocument``
(which locks the table while it runs: 2.5 minutes at a million documents) or
``manage.py rebuild_search_index`` moves them all at once.
"""

from django.db import migrations


def store_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE MAIN"
        )


def store_extended(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_vector_blocks")]

    operations = [migrations.RunPython(store_inline, store_extended)]
