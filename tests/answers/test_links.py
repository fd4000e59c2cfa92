"""The commissioning email's signed links: they work once, expire, and cannot be altered."""

from __future__ import annotations

import datetime

import pytest
from django.core import signing

from pqtracker.answers import links, services
from pqtracker.answers.models import CaseStatus

pytestmark = pytest.mark.django_db


def _offer(case, user):  # type: ignore[no-untyped-def]
    return case.candidates.get(user=user, state="offered")


def test_a_link_accepts_once(commissioned, drafter_a):
    token = links.make_token(_offer(commissioned, drafter_a), "accept")
    assert services.use_signed_link(token=token, actor=drafter_a) == "accept"
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.ACCEPTED
    with pytest.raises(links.LinkInvalid):
        services.use_signed_link(token=token, actor=drafter_a)


def test_a_reject_link_needs_the_reason_and_leaves_the_link_unused_when_missing(
    commissioned, drafter_a
):
    token = links.make_token(_offer(commissioned, drafter_a), "reject")
    with pytest.raises(Exception, match="reason"):
        services.use_signed_link(token=token, actor=drafter_a)
    assert services.use_signed_link(
        token=token, actor=drafter_a, reason_code="same_team", reason_text="Sam answers these"
    )


def test_a_link_expires_after_three_working_days(commissioned, drafter_a):
    offer = _offer(commissioned, drafter_a)
    token = links.make_token(offer, "accept", issued=datetime.date(2024, 11, 15))  # a Friday
    assert links.read_token(token, today=datetime.date(2024, 11, 20)).action == "accept"
    with pytest.raises(links.LinkInvalid, match="expired"):
        links.read_token(token, today=datetime.date(2024, 11, 21))


def test_a_tampered_link_is_refused(commissioned, drafter_a, drafter_a2):
    token = links.make_token(_offer(commissioned, drafter_a), "accept")
    value, _, signature = token.rpartition(":")
    other = signing.dumps(
        {"c": _offer(commissioned, drafter_a2).pk, "a": "accept", "e": "2999-01-01"}, salt="x"
    )
    with pytest.raises(links.LinkInvalid):
        links.read_token(other)
    with pytest.raises(links.LinkInvalid):
        links.read_token(value + ":" + signature[::-1])


def test_someone_elses_link_is_refused(commissioned, drafter_a, drafter_a2):
    token = links.make_token(_offer(commissioned, drafter_a), "accept")
    with pytest.raises(links.LinkInvalid):
        services.use_signed_link(token=token, actor=drafter_a2)
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.COMMISSIONED


def test_a_link_claimed_by_a_concurrent_request_does_nothing(commissioned, drafter_a):
    from django.utils import timezone

    from pqtracker.answers.models import SignedLinkUse

    offer = _offer(commissioned, drafter_a)
    SignedLinkUse.objects.create(
        key=f"candidate:{offer.pk}", candidate=offer, action="accept", used_at=timezone.now()
    )
    token = links.make_token(offer, "accept")
    with pytest.raises(links.LinkInvalid, match="already been used"):
        services.use_signed_link(token=token, actor=drafter_a)
    commissioned.refresh_from_db()
    assert commissioned.status == CaseStatus.COMMISSIONED
