"""Saved-search alerts: what is new for each of a user's saved searches, by email.

Apart from ``services`` because it rebuilds a search through ``forms`` (which owns the parsing
rules), and ``forms`` builds on ``services``: the imports run one way.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Min
from django.template.loader import render_to_string
from django.utils import timezone

from pqtracker.parliament.models import WrittenQuestion
from pqtracker.search import services
from pqtracker.search.forms import SearchForm
from pqtracker.search.index import index_pending
from pqtracker.search.models import SavedSearch
from pqtracker.search.services import Criteria


def criteria_for(saved_search: SavedSearch) -> Criteria:
    """Rebuild what a saved search looks for: the form owns the parsing rules."""
    form = SearchForm(saved_search.params_for_form())
    if not form.is_valid():
        raise ValueError(
            f"Saved search {saved_search.pk} no longer parses: {form.errors.as_text()}"
        )
    return form.criteria()


ALERT_LIMIT = 50


def send_search_alerts(*, user_id: int) -> int:
    """Email one user what is new for each of their saved searches since the last alert.

    Sends at most one email; returns the number of new matches in it. Each search's
    ``last_alerted_at`` moves to the moment the run began, so nothing written during the run is
    missed next time, and a rerun after success finds nothing new and sends nothing.
    """
    started = _alerted_until(timezone.now())
    sections: list[dict[str, Any]] = []
    searches = list(SavedSearch.objects.filter(user_id=user_id).select_related("user"))
    for saved in searches:
        try:
            criteria = criteria_for(saved)
        except ValueError:
            continue
        criteria = replace(criteria, changed_since=saved.last_alerted_at, sort="tabled-newest")
        matches = services.search_questions(criteria)
        found = list(matches[: ALERT_LIMIT + 1])
        if found:
            sections.append(
                {
                    "search": saved,
                    "questions": found[:ALERT_LIMIT],
                    "more": len(found) > ALERT_LIMIT,
                }
            )
    total = sum(len(section["questions"]) for section in sections)
    if sections and searches[0].user.email:
        context = {"sections": sections, "base_url": settings.SITE_URL}
        send_mail(
            subject=f"{settings.SERVICE_NAME}: {total} new for your saved searches",
            message=render_to_string("search/email/alert.txt", context),
            from_email=None,
            recipient_list=[searches[0].user.email],
        )
        SavedSearch.objects.filter(pk__in=[section["search"].pk for section in sections]).update(
            last_emailed_at=timezone.now()
        )
    SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(last_alerted_at=started)
    return total if sections else 0


def _alerted_until(now: datetime.datetime) -> datetime.datetime:
    """How far this alert run may say it has looked: ``now``, unless questions written before
    it still wait for the search index (an import's large batch, ADR 3).

    Those are indexed first. Any still waiting after that (written by a transaction that
    commits only now) cannot be found by words yet, so the next run looks back to the earliest
    of them (to the second before: a question's own stamps follow its write's). Otherwise they
    would fall between two alerts for good.
    """
    index_pending(wait=True)
    waiting = WrittenQuestion.objects.filter(pending_index__isnull=False).aggregate(
        first=Min("updated_at")
    )["first"]
    if waiting is not None and waiting <= now:
        return waiting - datetime.timedelta(seconds=1)
    return now


def users_with_saved_searches() -> list[int]:
    return list(SavedSearch.objects.order_by().values_list("user_id", flat=True).distinct())
