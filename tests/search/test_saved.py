"""Saved searches: create, list and delete your own only; the daily alert email."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from pqtracker.search import alerts, services
from pqtracker.search.alerts import send_search_alerts
from pqtracker.search.models import PendingIndex, SavedSearch
from pqtracker.search.tasks import queue_search_alerts_task
from tests.factories import UserFactory
from tests.search.conftest import add_question

SAVED = reverse("search:saved")


def test_save_search_stores_query_without_page(client, drafter):
    client.force_login(drafter)
    response = client.post(
        SAVED, {"name": "SEND in Surrey", "query_string": "q=send+surrey&house=Commons&page=3"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=drafter)
    assert saved.name == "SEND in Surrey"
    assert saved.query_string == "q=send+surrey&house=Commons"
    assert "SEND in Surrey" in client.get(SAVED).content.decode()


def test_save_search_without_name_shows_error(client, drafter):
    client.force_login(drafter)
    response = client.post(SAVED, {"name": "", "query_string": "q=send"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ("", "Search for some words or choose a filter"),
        ("page=2&sort=newest", "Search for some words or choose a filter"),
        ('q="unbalanced', "This search has errors"),
        (
            "q=clubs&tabled_from_0=99999999999999999999&tabled_from_1=1&tabled_from_2=2024",
            "This search has errors",
        ),
    ],
)
def test_save_search_refuses_empty_or_broken_searches(client, drafter, query_string, message):
    client.force_login(drafter)
    response = client.post(SAVED, {"name": "Mine", "query_string": query_string})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_alerts_skip_a_broken_saved_search_and_still_send_the_others(drafter, mailoutbox):
    past = timezone.now() - datetime.timedelta(days=1)
    SavedSearch.objects.create(
        user=drafter,
        name="Broken",
        query_string="q=x&tabled_from_0=99999999999999999999&tabled_from_1=1&tabled_from_2=2024",
        last_alerted_at=past,
    )
    SavedSearch.objects.create(
        user=drafter, name="Clubs", query_string="q=clubs", last_alerted_at=past
    )
    add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    assert send_search_alerts(user_id=drafter.pk) == 1
    assert "Breakfast Clubs: Kent" in mailoutbox[0].body


def test_saving_the_same_search_again_is_refused_with_a_clear_message(client, drafter, viewer):
    client.force_login(drafter)
    client.post(SAVED, {"name": "SEND", "query_string": "q=send&house=Commons"})
    # The same search with its parameters in another order: still the same search.
    response = client.post(SAVED, {"name": "SEND again", "query_string": "house=Commons&q=send"})
    assert response.status_code == 400
    assert "You have already saved this search, as “SEND”." in response.content.decode()
    assert SavedSearch.objects.filter(user=drafter).count() == 1
    # Another search, or another user's copy of this one, is saved.
    assert (
        client.post(SAVED, {"name": "Lords", "query_string": "q=send&house=Lords"}).status_code
        == 302
    )
    services.save_search(user=viewer, name="SEND", query_string="q=send&house=Commons")


def test_the_database_refuses_a_duplicate_saved_search_too(drafter):
    SavedSearch.objects.create(user=drafter, name="A", query_string="q=send")
    with pytest.raises(IntegrityError):
        SavedSearch.objects.create(user=drafter, name="B", query_string="q=send")


def test_last_email_says_never_until_an_email_lists_the_search(client, drafter, mailoutbox):
    past = timezone.now() - datetime.timedelta(days=1)
    SavedSearch.objects.create(
        user=drafter, name="Clubs", query_string="q=clubs", last_alerted_at=past
    )
    SavedSearch.objects.create(
        user=drafter, name="Nothing new", query_string="q=zebras", last_alerted_at=past
    )
    client.force_login(drafter)

    def last_email_cells() -> list[str]:
        html = client.get(SAVED).content.decode()
        rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.DOTALL)[1:]
        return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)[2].strip() for row in rows]

    assert last_email_cells() == ["Never", "Never"]
    add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    assert send_search_alerts(user_id=drafter.pk) == 1
    clubs, nothing = last_email_cells()
    assert clubs != "Never" and re.match(
        r"\d{1,2} \w+ \d{4} at \d{1,2}(:\d{2})?(am|pm)$|\d{1,2} \w+ \d{4} at midday$", clubs
    )
    assert nothing == "Never"


def test_saved_list_shows_only_own_searches(client, drafter, viewer):
    SavedSearch.objects.create(user=drafter, name="Mine", query_string="q=mine")
    SavedSearch.objects.create(user=viewer, name="Theirs", query_string="q=theirs")
    client.force_login(drafter)
    body = client.get(SAVED).content.decode()
    assert "Mine" in body and "Theirs" not in body


def test_delete_saved_search_removes_own(client, drafter):
    saved = SavedSearch.objects.create(user=drafter, name="Mine", query_string="q=mine")
    client.force_login(drafter)
    response = client.post(reverse("search:delete-saved", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_delete_someone_elses_saved_search_is_not_found(client, drafter, viewer):
    theirs = SavedSearch.objects.create(user=viewer, name="Theirs", query_string="q=theirs")
    client.force_login(drafter)
    assert client.post(reverse("search:delete-saved", args=[theirs.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_delete_saved_search_refuses_get(client, drafter):
    saved = SavedSearch.objects.create(user=drafter, name="Mine", query_string="q=mine")
    client.force_login(drafter)
    assert client.get(reverse("search:delete-saved", args=[saved.pk])).status_code == 405


def test_saved_searches_need_search_permission(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(SAVED).status_code == 403


def test_alert_emails_new_matches_once_and_moves_last_alerted(drafter, mailoutbox):
    past = timezone.now() - datetime.timedelta(days=1)
    saved = SavedSearch.objects.create(
        user=drafter, name="Clubs", query_string="q=clubs", last_alerted_at=past
    )
    add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    add_question("2", "Holiday activities.", heading="Holiday Activities")
    assert send_search_alerts(user_id=drafter.pk) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [drafter.email]
    assert "Breakfast Clubs: Kent" in message.body and "Holiday Activities" not in message.body
    # Links in the email are absolute, to the service's own address.
    assert "http://localhost:8000/questions/" in message.body
    saved.refresh_from_db()
    assert saved.last_alerted_at > past
    # A rerun finds nothing new and sends nothing.
    assert send_search_alerts(user_id=drafter.pk) == 0
    assert len(mailoutbox) == 1


def test_alert_first_indexes_what_a_large_import_left_queued(drafter, mailoutbox, settings):
    settings.SEARCH_INDEX_INLINE_MAX = 0  # every write is left to the index worker
    SavedSearch.objects.create(
        user=drafter, name="Clubs", query_string="q=clubs", last_alerted_at=timezone.now()
    )
    add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    assert PendingIndex.objects.exists()

    assert send_search_alerts(user_id=drafter.pk) == 1
    assert "Breakfast Clubs: Kent" in mailoutbox[0].body


def test_a_question_the_index_worker_still_holds_is_alerted_next_time(
    drafter, mailoutbox, settings, monkeypatch
):
    settings.SEARCH_INDEX_INLINE_MAX = 0
    saved = SavedSearch.objects.create(
        user=drafter, name="Clubs", query_string="q=clubs", last_alerted_at=timezone.now()
    )
    question = add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    # As if its write committed only as the alert ran: not yet findable by its words.
    monkeypatch.setattr(alerts, "index_pending", lambda **kwargs: 0)

    assert send_search_alerts(user_id=drafter.pk) == 0
    saved.refresh_from_db()
    assert saved.last_alerted_at < question.first_seen_at

    monkeypatch.undo()
    assert send_search_alerts(user_id=drafter.pk) == 1
    assert "Breakfast Clubs: Kent" in mailoutbox[0].body


def test_alert_includes_questions_newly_answered(drafter, mailoutbox):
    add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent", parliament_id=7)
    SavedSearch.objects.create(user=drafter, name="Clubs", query_string="q=clubs")
    add_question(
        "1",
        "Breakfast clubs in Kent.",
        heading="Breakfast Clubs: Kent",
        answer="Funded.",
        parliament_id=7,
    )
    assert send_search_alerts(user_id=drafter.pk) == 1
    assert "Breakfast Clubs: Kent" in mailoutbox[0].body


def test_alert_with_filters_applies_them(drafter, mailoutbox):
    past = timezone.now() - datetime.timedelta(days=1)
    SavedSearch.objects.create(
        user=drafter, name="Lords clubs", query_string="q=clubs&house=Lords", last_alerted_at=past
    )
    add_question("1", "Clubs in the Commons.", heading="Commons clubs")
    add_question("HL1", "Clubs in the Lords.", heading="Lords clubs", house="Lords")
    send_search_alerts(user_id=drafter.pk)
    assert "Lords clubs" in mailoutbox[0].body and "Commons clubs" not in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_daily_task_sends_one_email_per_user(mailoutbox):
    past = timezone.now() - datetime.timedelta(days=1)
    first, second = UserFactory(username="a"), UserFactory(username="b")
    for user in (first, second):
        SavedSearch.objects.create(
            user=user, name="Clubs", query_string="q=clubs", last_alerted_at=past
        )
        SavedSearch.objects.create(
            user=user, name="Kent", query_string="q=kent", last_alerted_at=past
        )
    add_question("1", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    assert queue_search_alerts_task.delay().get() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [first.email, second.email]
