"""The question list's filter form and the queryset rules it feeds."""

from __future__ import annotations

import datetime

import pytest

from pqtracker.parliament.filters import DEFAULT_SORT, SORTS, filter_questions
from pqtracker.parliament.forms import QuestionFilterForm
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion
from tests.factories import AnsweringBodyFactory, WrittenQuestionFactory


def listed(**filters) -> list[str]:  # type: ignore[no-untyped-def]
    return [q.uin for q in filter_questions(WrittenQuestion.objects.for_listing(), filters)]


@pytest.mark.django_db
def test_filter_questions_with_no_filters_lists_newest_tabled_first():
    WrittenQuestionFactory(uin="1", date_tabled=datetime.date(2024, 1, 1))
    WrittenQuestionFactory(uin="2", date_tabled=datetime.date(2024, 1, 2))
    assert listed() == ["2", "1"]
    assert listed(sort=None, uin="", house="") == ["2", "1"]


@pytest.mark.django_db
def test_filter_questions_breaks_date_ties_by_id_so_pages_never_overlap():
    first = WrittenQuestionFactory(uin="1")
    second = WrittenQuestionFactory(uin="2")
    assert listed() == [second.uin, first.uin]
    assert listed(sort="tabled-oldest") == [first.uin, second.uin]


@pytest.mark.django_db
def test_filter_questions_applies_every_filter_together():
    body = AnsweringBodyFactory(parliament_id=17, name="Department of Health and Social Care")
    match = WrittenQuestionFactory(
        uin="HL5",
        house="Lords",
        answering_body=body,
        status=QuestionStatus.HOLDING,
        is_named_day=True,
        date_tabled=datetime.date(2024, 5, 5),
    )
    WrittenQuestionFactory(uin="HL6", house="Lords", status=QuestionStatus.HOLDING)
    filters = {
        "uin": "hl5",
        "house": "Lords",
        "answering_body": body,
        "status": "holding",
        "named_day": "yes",
        "tabled_from": datetime.date(2024, 5, 5),
        "tabled_to": datetime.date(2024, 5, 5),
        "sort": "uin",
    }
    assert listed(**filters) == [match.uin]
    assert listed(**{**filters, "named_day": "no"}) == []
    assert listed(**{**filters, "tabled_to": datetime.date(2024, 5, 4)}) == []


@pytest.mark.django_db
def test_filter_questions_puts_questions_without_due_or_answered_dates_last():
    WrittenQuestionFactory(uin="1", date_for_answer=None, date_answered=None)
    WrittenQuestionFactory(
        uin="2", date_for_answer=datetime.date(2024, 2, 1), date_answered=datetime.date(2024, 2, 3)
    )
    assert listed(sort="due") == ["2", "1"]
    assert listed(sort="answered") == ["2", "1"]


def test_sorts_offer_the_five_orders_and_a_default():
    assert set(SORTS) == {"tabled-newest", "tabled-oldest", "due", "answered", "uin"}
    assert DEFAULT_SORT in SORTS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["2021-12-09", "9/12/2021", "09/12/21", "9-12-2021", "9 December 2021", "9 Dec 2021"]
)
def test_filter_form_reads_dates_as_people_type_them(typed):
    form = QuestionFilterForm({"tabled_from": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tabled_from"] == datetime.date(2021, 12, 9)


@pytest.mark.django_db
def test_filter_form_rejects_from_after_to_on_the_to_field():
    form = QuestionFilterForm({"tabled_from": "2024-03-01", "tabled_to": "2024-02-01"})
    assert not form.is_valid()
    assert form.errors == {"tabled_to": ["Tabled to must be the same as or after tabled from"]}
    assert form.filters() == {
        "uin": "",
        "house": "",
        "answering_body": None,
        "status": "",
        "named_day": "",
        "tabled_from": datetime.date(2024, 3, 1),
        "possible_duplicates": False,
        "sort": "",
    }


@pytest.mark.django_db
def test_filter_form_filters_are_empty_when_nothing_was_asked():
    assert QuestionFilterForm().filters() == {}


@pytest.mark.django_db
def test_filter_form_strips_the_uin():
    form = QuestionFilterForm({"uin": "  HL1234 "})
    assert form.is_valid()
    assert form.cleaned_data["uin"] == "HL1234"


@pytest.mark.django_db
def test_filter_form_with_errors_asks_htmx_to_resend_it():
    form = QuestionFilterForm({"tabled_from": "soon"})
    form.filters()
    assert form.helper.attrs["hx-headers"] == '{"X-Filter-Errors": "true"}'
    valid = QuestionFilterForm({"tabled_from": "2024-01-01"})
    valid.filters()
    assert "hx-headers" not in valid.helper.attrs


@pytest.mark.django_db
def test_filter_form_offers_departments_by_name():
    AnsweringBodyFactory(parliament_id=17, name="Department of Health and Social Care")
    AnsweringBodyFactory(parliament_id=14, name="HM Treasury")
    AnsweringBodyFactory()
    labels = [label for _value, label in QuestionFilterForm().fields["answering_body"].choices]
    assert labels == [
        "Any department",
        "Department for Education",
        "Department of Health and Social Care",
        "HM Treasury",
    ]
