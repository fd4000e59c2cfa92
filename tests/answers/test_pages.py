"""The workflow's pages through the test client: the role × view × object matrix, and each
action as a browser without JavaScript sends it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from pqtracker.answers import links, services
from pqtracker.answers.models import Case, CaseStatus
from pqtracker.answers.permissions import content_visible_cases, visible_cases
from tests.answers.conftest import save_draft
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

SECRET_DRAFT = "Draft text only the team and its clearers see"
SECRET_NOTE = "Background note for the minister"
SECRET_COMMENT = "A comment on the draft"


@pytest.fixture
def secret_case(in_clearance, drafter_a):  # type: ignore[no-untyped-def]
    """A case in clearance, its latest draft, note and comment holding marked text."""
    from pqtracker.answers.models import DraftVersion

    DraftVersion.objects.filter(case=in_clearance).update(
        answer_text=SECRET_DRAFT, background_note=SECRET_NOTE
    )
    CommentFactory(case=in_clearance, author=drafter_a, text=SECRET_COMMENT)
    return in_clearance


PERSONAS = ["pq_team", "drafter_a", "drafter_b", "clearer", "clearer_b", "clerk", "viewer"]

# persona: (case page status, sees draft/note/comments, new queue, clearance chain)
MATRIX = {
    "pq_team": (200, True, 200, 200),
    "drafter_a": (200, True, 403, 403),
    "drafter_b": (404, False, 403, 403),
    "clearer": (200, True, 403, 403),
    "clearer_b": (404, False, 403, 403),
    "clerk": (200, False, 403, 403),
    "viewer": (404, False, 403, 403),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_view_object_matrix(persona, request, client, secret_case):
    user = request.getfixturevalue(persona)
    case_status, sees_content, queue_status, chain_status = MATRIX[persona]
    client.force_login(user)
    response = client.get(reverse("answers:case", args=[secret_case.pk]))
    assert response.status_code == case_status
    body = response.content.decode()
    for secret in (SECRET_DRAFT, SECRET_NOTE, SECRET_COMMENT):
        assert (secret in body) is sees_content, secret
    assert client.get(reverse("answers:new-queue")).status_code == queue_status
    assert client.get(reverse("answers:clearance-chain")).status_code == chain_status
    # Querysets say the same as the pages.
    assert visible_cases(user).filter(pk=secret_case.pk).exists() is (case_status == 200)
    assert content_visible_cases(user).filter(pk=secret_case.pk).exists() is sees_content


@pytest.mark.parametrize("persona", ["drafter_b", "clearer_b", "viewer", "clerk"])
def test_outsiders_cannot_act_on_a_case(persona, request, client, secret_case):
    client.force_login(request.getfixturevalue(persona))
    step = services.current_step(secret_case)
    for url in (
        reverse("answers:approve", args=[step.pk]),
        reverse("answers:return", args=[step.pk]),
        reverse("answers:submit", args=[secret_case.pk]),
        reverse("answers:transfer", args=[secret_case.pk]),
        reverse("answers:send-to-clearance", args=[secret_case.pk]),
        reverse("answers:accept", args=[secret_case.pk]),
    ):
        # 403 where the role itself may not (submit, transfer: PQ team only), else 404: the case
        # is not theirs to see.
        status = client.post(url, {"comment": "x", "department": "DHSC"}).status_code
        assert status in (403, 404), url
    secret_case.refresh_from_db()
    assert secret_case.status == CaseStatus.IN_CLEARANCE


def test_commission_accept_and_reject_through_the_pages(
    client, new_case, pq_team, team_a, drafter_a, drafter_a2
):
    client.force_login(pq_team)
    url = reverse("answers:commission", args=[new_case.pk])
    response = client.post(url, {"team": team_a.pk})
    assert response.status_code == 400
    assert (
        "Select a valid choice" in response.content.decode()
        or "required" in response.content.decode()
    )
    response = client.post(
        url,
        {
            "team": team_a.pk,
            "candidates": [drafter_a.pk, drafter_a2.pk],
            "internal_deadline_0": "14",
            "internal_deadline_1": "11",
            "internal_deadline_2": "2024",
        },
    )
    assert response.status_code == 302
    new_case.refresh_from_db()
    assert new_case.status == CaseStatus.COMMISSIONED

    client.force_login(drafter_a2)
    response = client.post(reverse("answers:reject", args=[new_case.pk]), {"reason_code": "x"})
    assert (
        response.status_code == 400
        and "Say who should answer it, or why" in response.content.decode()
    )
    client.post(
        reverse("answers:reject", args=[new_case.pk]),
        {"reason_code": "same_team", "reason_text": "drafter knows this"},
    )
    client.force_login(drafter_a)
    page = client.get(reverse("answers:case", args=[new_case.pk])).content.decode()
    assert "Accept the question" in page and "drafter knows this" in page
    assert client.post(reverse("answers:accept", args=[new_case.pk])).status_code == 302
    new_case.refresh_from_db()
    assert new_case.status == CaseStatus.ACCEPTED and new_case.action_officer == drafter_a


def test_the_signed_link_page_acts_only_on_post_and_once(client, commissioned, drafter_a):
    offer = commissioned.candidates.get(user=drafter_a)
    url = reverse("answers:link", args=[links.make_token(offer, "accept")])
    client.force_login(drafter_a)
    assert client.get(url).status_code == 200
    assert Case.objects.get(pk=commissioned.pk).status == CaseStatus.COMMISSIONED
    assert client.post(url).status_code == 302
    assert Case.objects.get(pk=commissioned.pk).status == CaseStatus.ACCEPTED
    response = client.post(url)
    assert response.status_code == 400 and "no longer offered" in response.content.decode()
    tampered = client.get(url.rstrip("/") + "x/")
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()


def test_clearance_return_and_approve_through_the_pages(client, in_clearance, clearer, drafter_a):
    client.force_login(clearer)
    step = services.current_step(in_clearance)
    response = client.post(reverse("answers:return", args=[step.pk]), {"comment": ""})
    assert response.status_code == 400 and "Say what needs to change" in response.content.decode()
    client.post(reverse("answers:return", args=[step.pk]), {"comment": "Shorter, please"})
    in_clearance.refresh_from_db()
    assert in_clearance.status == CaseStatus.DRAFTING
    save_draft(in_clearance, drafter_a, "Shorter.")
    client.force_login(drafter_a)
    client.post(reverse("answers:send-to-clearance", args=[in_clearance.pk]))
    in_clearance.refresh_from_db()
    assert in_clearance.clearance_round == 2
    client.force_login(clearer)
    while (step := services.current_step(in_clearance)) is not None:
        client.post(reverse("answers:approve", args=[step.pk]), {"comment": ""})
    in_clearance.refresh_from_db()
    assert in_clearance.status == CaseStatus.CLEARED


def test_my_work_lists_held_and_offered_cases_with_holder_in_constant_queries(
    client, commissioned, drafter_a, django_assert_num_queries
):
    client.force_login(drafter_a)
    # The user and, the first time since signing in, their roles (the session is in the cache:
    # ADR 20), the offered cases and their count, the held cases and their count.
    with django_assert_num_queries(6):
        page = client.get(reverse("answers:my-work")).content.decode()
    assert commissioned.question.uin in page and "Candidates (not yet accepted)" in page


def test_the_new_queue_bulk_commissions(client, pq_team, team_a, drafter_a):
    from pqtracker.answers.intake import take_in
    from tests.factories import AnsweringBodyFactory, WrittenQuestionFactory

    body = AnsweringBodyFactory(parliament_id=60)
    cases = take_in(question_ids=[WrittenQuestionFactory(answering_body=body).pk for _ in range(2)])
    client.force_login(pq_team)
    assert cases[0].question.uin in client.get(reverse("answers:new-queue")).content.decode()
    ids = [c.pk for c in cases]
    form = client.get(reverse("answers:bulk-commission"), {"case": ids})
    assert form.status_code == 200
    response = client.post(
        reverse("answers:bulk-commission"),
        {
            "case": ids,
            "team": team_a.pk,
            "candidates": [drafter_a.pk],
            "internal_deadline_0": "14",
            "internal_deadline_1": "11",
            "internal_deadline_2": "2024",
        },
    )
    assert response.status_code == 302
    assert set(Case.objects.values_list("status", flat=True)) == {CaseStatus.COMMISSIONED}


def test_the_clearance_chain_page_saves_the_chain(client, pq_team, clearer):
    from pqtracker.answers.models import ClearanceStepDefinition

    client.force_login(pq_team)
    page = client.get(reverse("answers:clearance-chain"))
    formset = page.context["formset"]
    data = {"steps-TOTAL_FORMS": str(len(formset.forms)), "steps-INITIAL_FORMS": "0"}
    for i, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if value is True:
                data[f"steps-{i}-{name}"] = "on"
            elif value not in (None, False):
                data[f"steps-{i}-{name}"] = str(value)
        data.setdefault(f"steps-{i}-order", "99")
        data.setdefault(f"steps-{i}-role_kind", "other")
    data["steps-0-default_assignee"] = str(clearer.pk)
    response = client.post(reverse("answers:clearance-chain"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ClearanceStepDefinition.objects.order_by("order").first().default_assignee == clearer


def test_markup_typed_into_a_draft_or_comment_is_shown_as_text(client, drafting, drafter_a):
    from pqtracker.answers.models import DraftVersion

    DraftVersion.objects.filter(case=drafting).update(
        answer_text='<script>alert("draft")</script>', background_note="<b>bold</b>"
    )
    CommentFactory(case=drafting, author=drafter_a, text='<img src=x onerror="alert(1)">')
    client.force_login(drafter_a)
    body = client.get(reverse("answers:case", args=[drafting.pk])).content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert(&quot;draft&quot;)" in body
    assert "<b>bold</b>" not in body and "<img src=x" not in body


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("pq_team", True),
        ("clerk", True),
        ("drafter_a", True),
        ("drafter_b", False),
        ("viewer", False),
    ],
)
def test_the_question_list_says_who_holds_each_open_question_and_since_when(
    persona, sees, request, client, in_clearance, clearer
):
    """Who holds it now and since when, on every list: the public record's question list and
    search results carry it as a row tag, for those who may see the case."""
    client.force_login(request.getfixturevalue(persona))
    since = f"since {timezone.localtime(in_clearance.held_since):%-d %b %H:%M}"
    expected = f"In clearance: {clearer.username} {since}"
    for url in (reverse("parliament:question-list"), reverse("search:search")):
        page = client.get(url).content.decode()
        assert in_clearance.question.uin in page
        assert (expected in page) is sees, url


def test_the_new_queue_says_who_holds_each_question_since_when(client, pq_team, new_case):
    client.force_login(pq_team)
    page = client.get(reverse("answers:new-queue")).content.decode()
    since = timezone.localtime(new_case.held_since)
    assert "Held by" in page and f"since {since:%-d %b %Y %H:%M}" in page


def test_my_work_rows_say_stage_holder_since_when_and_deadlines(client, accepted, drafter_a):
    from pqtracker.answers.listing import short_date

    drafter_a.first_name, drafter_a.last_name = "Dana", "Drafter"
    drafter_a.save()
    accepted.refresh_from_db()
    client.force_login(drafter_a)
    page = client.get(reverse("answers:my-work")).content.decode()
    since = timezone.localtime(accepted.held_since)
    row = page[page.index(accepted.question.uin) :]
    row = row[: row.index("</tr>")]
    assert f'href="{accepted.get_absolute_url()}"' in page
    assert "Accepted" in row and "Dana Drafter" in row
    assert f"since {since.day} {since:%b %Y %H:%M}" in row
    assert short_date(accepted.internal_deadline, "") in row
    assert short_date(accepted.question.date_for_answer, "") in row
    assert accepted.question.title in row


def test_an_i_will_write_letter_stays_on_the_pq_teams_work_until_sent(client, cleared, pq_team):
    import datetime

    due = datetime.date(2024, 12, 2)
    services.submit(case=cleared, actor=pq_team, answer_type="will_write", follow_up_due=due)
    client.force_login(pq_team)
    page = client.get(reverse("answers:my-work")).content.decode()
    assert cleared.question.uin in page and "Submitted; letter due 2 Dec 2024" in page
    services.record_letter_sent(case=cleared, actor=pq_team)
    assert cleared.question.uin not in client.get(reverse("answers:my-work")).content.decode()
