"""The question page, for questions built through the one write path (upsert_question)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pqtracker.parliament.models import QuestionChange, WrittenQuestion
from pqtracker.parliament.records import (
    AnswerRecord,
    AttachmentRecord,
    BodyRef,
    MemberRef,
    QuestionRecord,
)
from pqtracker.parliament.services import upsert_question
from pqtracker.parliament.templatetags.parliament_tags import change_field_label
from tests.factories import MemberFactory, WrittenQuestionFactory

TABLED = datetime.date(2021, 12, 6)
TEXT = (
    "To ask the Secretary of State for Education, what assessment the Government has made of the "
    "capacity of local authorities, educational settings and health and care services to provide "
    "a high level of support and choice for families, as set out in the Special Educational Needs "
    "Code of Practice."
)
HOLDING_TEXT = (
    "The Department for Education has indicated that it will not be possible to answer this "
    "question within the usual time period. An answer is being prepared and will be provided as "
    "soon as it is available."
)
ANSWER_HTML = (
    "<p>The department closely monitors a range of data and intelligence to assess the operation "
    "and delivery of the special educational needs and disabilities (SEND) system.</p>"
)
DFE = BodyRef(parliament_id=60, name="Department for Education")
DHSC = BodyRef(parliament_id=17, name="Department of Health and Social Care")
QUINCE = MemberRef(parliament_id=4364, name="Will Quince")


def record(**overrides) -> QuestionRecord:  # type: ignore[no-untyped-def]
    values = {
        "uin": "87924",
        "house": "Commons",
        "date_tabled": TABLED,
        "question_text": TEXT,
        "parliament_id": 1_400_001,
        "date_for_answer": datetime.date(2021, 12, 8),
        "heading": "Special Educational Needs",
        "asking_member": MemberRef(parliament_id=4776, name="Tom Hunt"),
        "answering_body": DFE,
    }
    values.update(overrides)
    return QuestionRecord(**values)


def substantive_answer(**overrides) -> AnswerRecord:  # type: ignore[no-untyped-def]
    values = {
        "answer_html": ANSWER_HTML,
        "answer_text": re.sub(r"<[^>]+>", "", ANSWER_HTML),
        "answering_member": QUINCE,
        "date_answered": datetime.date(2021, 12, 9),
    }
    values.update(overrides)
    return AnswerRecord(**values)


def seed_question() -> WrittenQuestion:
    """87924 as it was answered, in one step."""
    return upsert_question(record=record(answer=substantive_answer())).question


@pytest.fixture
def signed_in(client, drafter):  # type: ignore[no-untyped-def]
    client.force_login(drafter)
    return client


@pytest.fixture
def full_history(db) -> WrittenQuestion:  # type: ignore[no-untyped-def]
    """Tabled to the wrong department, transferred, held, answered with an attachment."""
    MemberFactory(
        parliament_id=4776, name_display="Tom Hunt", party="Conservative", membership_from="Ipswich"
    )
    grouped = WrittenQuestionFactory(
        uin="87925", date_tabled=TABLED, heading="Special Educational Needs: Finance"
    )
    upsert_question(record=record(answering_body=DHSC, member_has_interest=True, is_named_day=True))
    upsert_question(record=record(member_has_interest=True, is_named_day=True))
    holding = AnswerRecord(
        answer_html=f"<p>{HOLDING_TEXT}</p>",
        answer_text=HOLDING_TEXT,
        answering_member=QUINCE,
        date_answered=datetime.date(2021, 12, 8),
        is_holding=True,
        date_holding_answer=datetime.date(2021, 12, 8),
    )
    upsert_question(record=record(member_has_interest=True, is_named_day=True, answer=holding))
    answered = substantive_answer(
        date_holding_answer=datetime.date(2021, 12, 8),
        attachments=(
            AttachmentRecord(
                url="https://questions-statements.parliament.uk/api/Attachment/1/SEND_data.xlsx",
                title="SEND data",
                file_type="XLSX",
                file_size_bytes=20480,
            ),
        ),
    )
    result = upsert_question(
        record=record(
            member_has_interest=True,
            is_named_day=True,
            answer=answered,
            grouped=(("87925", TABLED), ("87999", TABLED)),
        )
    )
    assert grouped.pk != result.question.pk
    return result.question


def test_question_detail_url_is_the_absolute_url(db):  # type: ignore[no-untyped-def]
    question = WrittenQuestionFactory()
    assert question.get_absolute_url() == reverse("parliament:question-detail", args=[question.pk])
    assert question.get_absolute_url() == f"/questions/{question.pk}/"


@pytest.mark.django_db
def test_question_detail_shows_the_seed_question(signed_in):
    question = seed_question()
    response = signed_in.get(question.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["question"] == question
    assert '<h1 class="govuk-heading-l">Special Educational Needs</h1>' in html
    assert TEXT in html
    assert "Answered by Will Quince on 9 December 2021" in html
    # Sanitised on the way in, so shown as markup, not escaped text.
    assert ANSWER_HTML in html
    assert "House of Commons written question 87924" in html
    assert "6 December 2021" in html and "8 December 2021" in html
    assert "Department for Education" in html
    assert (
        'href="https://questions-statements.parliament.uk/written-questions/detail/2021-12-06/87924"'
        in html
    )
    assert '<strong class="govuk-tag govuk-tag--green">Answered</strong>' in html
    assert "No changes since we first recorded this question" in html


@pytest.mark.django_db
def test_question_detail_shows_member_interest_and_named_day(signed_in, full_history):
    html = signed_in.get(full_history.get_absolute_url()).content.decode()
    assert "Tom Hunt" in html and "Conservative, Ipswich" in html
    assert "Declared interest" in html
    assert "Named day</strong>" in html and "(named day)" in html


@pytest.mark.django_db
def test_question_detail_shows_holding_answer_history(signed_in, full_history):
    html = signed_in.get(full_history.get_absolute_url()).content.decode()
    assert "Answer history" in html
    assert "Holding answer on 8 December 2021" in html
    assert HOLDING_TEXT in html
    assert "Answered by Will Quince on 9 December 2021" in html


@pytest.mark.django_db
def test_a_current_holding_answer_is_shown_once_as_a_holding_answer(signed_in):
    holding = AnswerRecord(
        answer_html=f"<p>{HOLDING_TEXT}</p>",
        answer_text=HOLDING_TEXT,
        answering_member=QUINCE,
        date_answered=datetime.date(2021, 12, 8),
        is_holding=True,
        date_holding_answer=datetime.date(2021, 12, 8),
    )
    question = upsert_question(record=record(answer=holding)).question
    html = signed_in.get(question.get_absolute_url()).content.decode()
    assert "Answered" not in re.sub(r"<[^>]+>", " ", html).replace("Not answered", "")
    assert re.search(r"Holding answer by Will Quince on 8 December 2021", html)
    assert html.count(HOLDING_TEXT) == 1
    assert "Answer history" not in html


@pytest.mark.django_db
def test_question_detail_shows_transfers(signed_in, full_history):
    html = signed_in.get(full_history.get_absolute_url()).content.decode()
    change = QuestionChange.objects.get(question=full_history, field="answering_body")
    on = f"{timezone.localtime(change.changed_at):%-d %B %Y}"
    assert (
        "Transferred from Department of Health and Social Care to Department for Education "
        f"on {on}" in html
    )


@pytest.mark.django_db
def test_question_detail_shows_attachments(signed_in, full_history):
    html = signed_in.get(full_history.get_absolute_url()).content.decode()
    assert (
        'href="https://questions-statements.parliament.uk/api/Attachment/1/SEND_data.xlsx"' in html
    )
    assert "SEND data" in html and "(XLSX, 20.0\xa0KB)" in html


@pytest.mark.django_db
def test_question_detail_links_grouped_questions_we_hold(signed_in, full_history):
    held = WrittenQuestion.objects.get(uin="87925")
    html = signed_in.get(full_history.get_absolute_url()).content.decode()
    assert f'<a class="govuk-link" href="{held.get_absolute_url()}">87925: ' in html
    assert "<li>87999 (tabled 6 December 2021)</li>" in html


@pytest.mark.django_db
def test_question_detail_shows_full_change_history(signed_in, full_history):
    response = signed_in.get(full_history.get_absolute_url())
    html = response.content.decode()
    fields = [change.field for change in response.context["changes"]]
    assert "answering_body" in fields and "answer.is_holding" in fields
    assert f"Show {len(fields)} changes Parliament made to this question" in html
    assert '<td class="govuk-table__cell">Answering body</td>' in html
    assert '<td class="govuk-table__cell">Holding answer</td>' in html
    assert "Parliament API" in html


@pytest.mark.django_db
def test_question_detail_shows_correction_with_original_text(signed_in):
    seed_question()
    correction = substantive_answer(
        answer_html="<p>The corrected figure is 90 areas.</p>",
        answer_text="The corrected figure is 90 areas.",
        is_correction=True,
        date_corrected=datetime.date(2022, 1, 10),
        correcting_member=QUINCE,
    )
    question = upsert_question(record=record(answer=correction)).question
    html = signed_in.get(question.get_absolute_url()).content.decode()
    assert '<strong class="govuk-tag govuk-tag--purple">Corrected</strong>' in html
    assert "Corrected on 10 January 2022 by Will Quince" in html
    assert "The corrected figure is 90 areas." in html
    # The answer before correction is kept and shown, once.
    assert "The answer before correction:" in html
    assert html.count(ANSWER_HTML) == 1


@pytest.mark.django_db
def test_question_detail_escapes_question_text_and_change_values(signed_in):
    question = upsert_question(
        record=record(question_text="Is <script>alert(1)</script> safe?")
    ).question
    upsert_question(record=record(question_text="Now <b>bold</b>?"))
    html = signed_in.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Now &lt;b&gt;bold&lt;/b&gt;?" in html
    assert "alert(1)" in html  # the old text, as text, in the change history


@pytest.mark.django_db
def test_question_detail_for_unanswered_question_says_when_due(signed_in):
    question = upsert_question(record=record()).question
    html = signed_in.get(question.get_absolute_url()).content.decode()
    assert "Not answered yet. Due on 8 December 2021." in html
    assert "Answer history" not in html


@pytest.mark.django_db
def test_question_detail_unknown_pk_is_404(signed_in):
    response = signed_in.get(reverse("parliament:question-detail", args=[987654]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_question_detail_runs_a_bounded_number_of_queries(
    signed_in, full_history, django_assert_num_queries
):
    signed_in.get(full_history.get_absolute_url())
    # The user (the session and roles are in the cache: ADR 20), the question's case once however
    # many panels ask for it (answers' case and sources, deadlines' reminders: a drafter's view
    # of the cases is read each time). The question with its answers and history, its similar
    # questions and near-duplicates are kept under the record's generation, the sources its
    # answer cites under the citations' (ADR 19).
    with django_assert_num_queries(2):
        response = signed_in.get(full_history.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("answering_body", "Answering body"),
        ("date_for_answer", "Date for answer"),
        ("is_named_day", "Named day"),
        ("answer.answer_text", "Answer text"),
        ("answer.is_holding", "Holding answer"),
        ("answer.date_corrected", "Answer: date corrected"),
        ("answer.no_such_field", "Answer: no such field"),
    ],
)
def test_change_field_label_reads_like_english(field, label):
    assert change_field_label(field) == label


def test_detail_links_to_parliament_except_for_invented_demo_questions(client, viewer):
    from pqtracker.parliament.models import QuestionSource
    from pqtracker.parliament.models.questions import DEMO_ID_BASE
    from tests.factories import WrittenQuestionFactory

    real = WrittenQuestionFactory(parliament_id=1675852, uin="5524")
    invented = WrittenQuestionFactory(parliament_id=DEMO_ID_BASE + 7, source=QuestionSource.DEMO)
    client.force_login(viewer)
    assert b"View on the Parliament website" in client.get(real.get_absolute_url()).content
    page = client.get(invented.get_absolute_url()).content
    assert b"View on the Parliament website" not in page
    assert b"not on the Parliament website" in page


def test_detail_shows_similar_answered_questions_and_near_duplicates(client, viewer):
    import datetime

    from pqtracker.parliament import services
    from pqtracker.parliament.records import AnswerRecord, BodyRef, MemberRef, QuestionRecord

    text = (
        "To ask the Secretary of State for Education, how many education, health and care plans "
        "were issued within 20 weeks in Surrey in each of the last three years."
    )
    dfe = BodyRef(60, "Department for Education")
    earlier = services.upsert_question(
        record=QuestionRecord(
            parliament_id=1741001,
            uin="14001",
            house="Commons",
            date_tabled=datetime.date(2024, 11, 1),
            question_text=text,
            heading="Special Educational Needs: Surrey",
            answering_body=dfe,
            answer=AnswerRecord(
                answer_html="<p>The figures are published annually.</p>",
                answer_text="The figures are published annually.",
                answering_member=MemberRef(4125, "Catherine McKinnell"),
                date_answered=datetime.date(2024, 11, 6),
            ),
        )
    ).question
    new = services.upsert_question(
        record=QuestionRecord(
            parliament_id=1742002,
            uin="15002",
            house="Commons",
            date_tabled=datetime.date(2024, 12, 2),
            question_text=text,
            heading="Special Educational Needs: Surrey",
            answering_body=dfe,
        )
    ).question
    client.force_login(viewer)
    page = client.get(new.get_absolute_url()).content.decode()
    assert "Similar questions answered before" in page
    assert earlier.get_absolute_url() in page
    assert "Like questions tabled in the 3 months before this one" in page
    assert (
        "I refer the hon. Member to the answer I gave on 6 November 2024 to Question 14001." in page
    )
    # The answered question is not flagged against itself or anything else.
    assert "Possible duplicates" not in client.get(earlier.get_absolute_url()).content.decode()
