import datetime

import pytest
from django.db import IntegrityError, transaction

from pqtracker.parliament.models import Answer, GovernmentPost, QuestionStatus, WrittenQuestion
from pqtracker.parliament.sessions import session_for
from tests.factories import (
    AnswerFactory,
    GovernmentPostFactory,
    MemberFactory,
    WrittenQuestionFactory,
)

pytestmark = pytest.mark.django_db


def test_question_absolute_url_and_official_url():
    question = WrittenQuestionFactory(uin="87924", date_tabled=datetime.date(2021, 12, 6))
    assert question.get_absolute_url() == f"/questions/{question.pk}/"
    assert question.official_url.endswith("/written-questions/detail/2021-12-06/87924")


def test_question_house_uin_date_is_not_unique_because_parliament_reuses_uins():
    day = datetime.date(2024, 7, 30)
    WrittenQuestionFactory(uin="86", date_tabled=day)
    WrittenQuestionFactory(uin="86", date_tabled=day)
    assert WrittenQuestion.objects.lookup(house="Commons", uin="86", date_tabled=day).count() == 2


def test_question_parliament_id_is_unique_when_set_and_may_be_null_many_times():
    WrittenQuestionFactory(parliament_id=None)
    WrittenQuestionFactory(parliament_id=None)
    WrittenQuestionFactory(parliament_id=1675852)
    with pytest.raises(IntegrityError), transaction.atomic():
        WrittenQuestionFactory(parliament_id=1675852)


@pytest.mark.parametrize(
    ("withdrawn", "answer", "expected"),
    [
        (False, None, QuestionStatus.UNANSWERED),
        (True, None, QuestionStatus.WITHDRAWN),
        (False, {"is_holding": True}, QuestionStatus.HOLDING),
        (False, {}, QuestionStatus.ANSWERED),
        (False, {"is_correction": True}, QuestionStatus.CORRECTED),
    ],
)
def test_question_derive_status(withdrawn, answer, expected):
    question = WrittenQuestionFactory(is_withdrawn=withdrawn)
    current = AnswerFactory(question=question, **answer) if answer is not None else None
    assert question.derive_status(current) == expected


def test_only_one_current_answer_per_question():
    question = WrittenQuestionFactory()
    AnswerFactory(question=question)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnswerFactory(question=question)


def test_superseded_answer_must_say_when():
    question = WrittenQuestionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(question=question, is_current=False, answer_text="old")


def test_government_post_in_force_on_and_member_post_on():
    minister = MemberFactory(name_display="Will Quince")
    GovernmentPostFactory(
        member=minister,
        name="Parliamentary Under-Secretary of State (Children and Families)",
        start_date=datetime.date(2021, 9, 16),
        end_date=datetime.date(2022, 7, 7),
    )
    later = GovernmentPostFactory(
        member=minister, name="Minister of State (Health)", start_date=datetime.date(2022, 9, 7)
    )
    on_answer_day = minister.post_on(datetime.date(2021, 12, 9))
    assert on_answer_day is not None and "Children and Families" in on_answer_day.name
    assert minister.post_on(datetime.date(2022, 8, 1)) is None
    assert minister.post_on(datetime.date(2026, 1, 1)) == later
    assert GovernmentPost.objects.in_force_on(datetime.date(2022, 7, 7)).count() == 1


def test_government_post_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        GovernmentPostFactory(
            start_date=datetime.date(2024, 7, 9), end_date=datetime.date(2024, 7, 1)
        )


@pytest.mark.parametrize(
    ("day", "session"),
    [
        (datetime.date(2021, 12, 6), "2021-22"),
        (datetime.date(2024, 11, 13), "2024-26"),
        (datetime.date(2026, 5, 13), "2026-27"),
        (datetime.date(2026, 5, 12), "2024-26"),
        (datetime.date(2010, 1, 1), ""),
    ],
)
def test_session_for(day, session):
    assert session_for(day) == session


def test_member_description_reads_like_parliaments_pages():
    member = MemberFactory(
        name_display="Helen Maguire", party="Liberal Democrat", membership_from="Epsom and Ewell"
    )
    assert member.description == "Helen Maguire (Liberal Democrat - Epsom and Ewell)"
