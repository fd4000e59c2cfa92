"""Saved searches: when an email was last sent (none yet for most), and one saved search per
user for each search, by a fixed-length key of what it looks for.

A search saved twice before this keeps its first copy; the later copies are deleted (each
listed the same matches in the same daily email).
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import migrations, models


def key_for(query_string):
    # A copy of SavedSearch.key_for as it is now: a migration must not change with the model.
    pairs = sorted((k, v) for k, v in parse_qsl(query_string) if v)
    return hashlib.sha256(urlencode(pairs).encode()).hexdigest()


def fill_keys_and_merge_duplicates(apps, schema_editor):
    SavedSearch = apps.get_model("search", "SavedSearch")
    seen = set()
    for saved in SavedSearch.objects.order_by("user_id", "created_at", "id"):
        saved.query_key = key_for(saved.query_string)
        if (saved.user_id, saved.query_key) in seen:
            saved.delete()
            continue
        seen.add((saved.user_id, saved.query_key))
        saved.save(update_fields=["query_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_pending_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="savedsearch",
            name="last_emailed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When an alert email last listed this search's matches",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="savedsearch",
            name="query_key",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys_and_merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="savedsearch",
            constraint=models.UniqueConstraint(
                fields=("user", "query_key"), name="saved_search_unique_per_user"
            ),
        ),
    ]
