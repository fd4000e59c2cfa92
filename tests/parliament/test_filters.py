"""One way to filter questions: the criteria, the filtering function and the form."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from pqtracker.parliament import extensions
from pqtracker.parliament.filters import (
    DEFAULT_SORT,
    SORTS,
    QuestionCriteria,
    filter_questions,
    questions_matching,
)
from pqtracker.parliament.forms import QuestionFilterForm
from pqtracker.parliament.models import QuestionStatus, WrittenQuestion
from tests.factories import AnsweringBodyFactory, MemberFactory, WrittenQuestionFactory


def listed(**criteria) -> list[str]:  # type: ignore[no-untyped-def]
    found = questions_matching(WrittenQuestion.objects.for_listing(), QuestionCriteria(**criteria))
    return [q.uin for q in found]


def form(query: str) -> QuestionFilterForm:
    return QuestionFilterForm(QueryDict(query))


@pytest.mark.django_db
def test_no_criteria_lists_newest_tabled_first_with_ties_broken_by_id():
    WrittenQuestionFactory(uin="1", date_tabled=datetime.date(2024, 1, 1))
    WrittenQuestionFactory(uin="2", date_tabled=datetime.date(2024, 1, 2))
    WrittenQuestionFactory(uin="3", date_tabled=datetime.date(2024, 1, 2))
    assert listed() == ["3", "2", "1"]
    assert listed(sort="tabled-oldest") == ["1", "2", "3"]


@pytest.mark.django_db
def test_every_criterion_applies_together():
    body = AnsweringBodyFactory(parliament_id=17, name="Department of Health and Social Care")
    asker, minister = MemberFactory(), MemberFactory()
    match = WrittenQuestionFactory(
        uin="HL5",
        house="Lords",
        answering_body=body,
        status=QuestionStatus.ANSWERED,
        is_named_day=True,
        date_tabled=datetime.date(2024, 5, 5),
        date_answered=datetime.date(2024, 5, 9),
        asking_member=asker,
        answering_member=minister,
    )
    WrittenQuestionFactory(uin="HL6", house="Lords", status=QuestionStatus.ANSWERED)
    criteria = {
        "uin": "hl5",
        "house": "Lords",
        "answering_body_ids": (body.pk,),
        "statuses": ("holding", "answered"),
        "named_day": True,
        "tabled_from": datetime.date(2024, 5, 5),
        "tabled_to": datetime.date(2024, 5, 5),
        "answered_from": datetime.date(2024, 5, 9),
        "answered_to": datetime.date(2024, 5, 9),
        "asking_member_id": asker.pk,
        "answering_member_id": minister.pk,
        "sort": "uin",
    }
    assert listed(**criteria) == [match.uin]
    # Each criterion, changed to miss, leaves nothing: each one narrows.
    for name, miss in {
        "uin": "HL6",
        "house": "Commons",
        "answering_body_ids": (body.pk + 1,),
        "statuses": ("holding",),
        "named_day": False,
        "tabled_from": datetime.date(2024, 5, 6),
        "tabled_to": datetime.date(2024, 5, 4),
        "answered_from": datetime.date(2024, 5, 10),
        "answered_to": datetime.date(2024, 5, 8),
        "asking_member_id": minister.pk,
        "answering_member_id": asker.pk,
    }.items():
        assert listed(**{**criteria, name: miss}) == [], name


@pytest.mark.django_db
def test_uin_sort_keeps_each_house_together_and_numbers_in_order():
    for uin, house in [("HL10", "Lords"), ("1000", "Commons"), ("HL9", "Lords"), ("9", "Commons")]:
        WrittenQuestionFactory(uin=uin, house=house)
    assert listed(sort="uin") == ["9", "1000", "HL9", "HL10"]


@pytest.mark.django_db
def test_due_sort_puts_open_questions_first_soonest_due_first():
    day = datetime.date(2024, 1, 1)
    WrittenQuestionFactory(
        uin="answered", status=QuestionStatus.ANSWERED, date_for_answer=day, date_answered=day
    )
    WrittenQuestionFactory(uin="later", date_for_answer=day + datetime.timedelta(days=9))
    WrittenQuestionFactory(
        uin="holding", status=QuestionStatus.HOLDING, date_for_answer=day + datetime.timedelta(1)
    )
    WrittenQuestionFactory(uin="no-date", date_for_answer=None)
    WrittenQuestionFactory(
        uin="answered-no-date", status=QuestionStatus.ANSWERED, date_for_answer=None
    )
    assert listed(sort="due") == ["holding", "later", "no-date", "answered", "answered-no-date"]


@pytest.mark.django_db
def test_due_sort_follows_a_status_written_by_any_path():
    """The order's key is computed by the database, so an UPDATE that bypasses the model (the
    import's bulk SQL, another app's transition) moves the question too."""
    day = datetime.date(2024, 1, 1)
    WrittenQuestionFactory(uin="first", date_for_answer=day)
    WrittenQuestionFactory(uin="second", date_for_answer=day + datetime.timedelta(days=1))
    assert listed(sort="due") == ["first", "second"]
    WrittenQuestion.objects.filter(uin="first").update(
        status=QuestionStatus.ANSWERED, date_answered=day
    )
    assert listed(sort="due") == ["second", "first"]
    WrittenQuestion.objects.filter(uin="first").update(status=QuestionStatus.HOLDING)
    assert listed(sort="due") == ["first", "second"]
    # The column the migration wrote by hand computes what the model declares (a rebuilt
    # table would take the model's expression).
    WrittenQuestionFactory(uin="none", date_for_answer=None)
    WrittenQuestionFactory(uin="closed-none", status=QuestionStatus.WITHDRAWN, date_for_answer=None)
    declared = WrittenQuestion._meta.get_field("due_order").expression  # type: ignore[attr-defined]
    rows = WrittenQuestion.objects.annotate(declared=declared).values_list("due_order", "declared")
    assert {stored for stored, _ in rows} == {0, 1, 3}
    assert all(stored == computed for stored, computed in rows)


@pytest.mark.django_db
def test_due_sort_is_read_from_an_index_not_sorted():
    """At a million questions a sort of every row is the difference between 5 and 150 ms."""
    from django.db import connection, transaction

    WrittenQuestionFactory.create_batch(3)
    queryset = questions_matching(WrittenQuestion.objects.all(), QuestionCriteria(sort="due"))
    sql, params = queryset.values("pk")[:25].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A tiny table is cheaper to sort: forbid sorting, so only an index gives the order.
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "question_due_order" in plan and "Sort" not in plan, plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "question_due_order" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.django_db
def test_answered_sort_puts_unanswered_last():
    WrittenQuestionFactory(uin="1", date_answered=None)
    WrittenQuestionFactory(uin="2", date_answered=datetime.date(2024, 2, 3))
    assert listed(sort="answered") == ["2", "1"]


def test_sorts_offer_five_orders_and_a_default():
    assert set(SORTS) == {"tabled-newest", "tabled-oldest", "due", "answered", "uin"}
    assert DEFAULT_SORT in SORTS


@pytest.mark.django_db
def test_possible_duplicates_criterion_goes_through_the_registered_filter(monkeypatch):
    WrittenQuestionFactory(uin="1")
    WrittenQuestionFactory(uin="2")
    only_two = extensions.QuestionFilter(
        "possible_duplicates", lambda questions, wanted: questions.filter(uin="2")
    )
    monkeypatch.setattr(extensions, "question_filter", lambda key: only_two)
    queryset = WrittenQuestion.objects.all()
    assert [
        q.uin for q in filter_questions(queryset, QuestionCriteria(possible_duplicates=True))
    ] == ["2"]
    assert filter_questions(queryset, QuestionCriteria()).count() == 2
    # With no app to provide it, the criterion cannot be asked for: the form leaves it out.
    monkeypatch.setattr(extensions, "question_filter", lambda key: None)
    assert filter_questions(queryset, QuestionCriteria(possible_duplicates=True)).count() == 2
    assert "possible_duplicates" not in QuestionFilterForm().fields


# --- The form -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["2021-12-09", "9/12/2021", "09/12/21", "9-12-2021", "9 December 2021", "9 Dec 2021"]
)
def test_form_reads_dates_as_people_type_them(typed):
    assert form(f"tabled_from={typed}").criteria().tabled_from == datetime.date(2021, 12, 9)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # One status, as the question list sent it; several, as search did.
        ("status=holding", {"statuses": ("holding",)}),
        ("status=holding&status=answered", {"statuses": ("holding", "answered")}),
        # Search's old sort keys and its named-day checkbox.
        ("sort=newest", {"sort": "tabled-newest"}),
        ("sort=oldest", {"sort": "tabled-oldest"}),
        ("named_day=on", {"named_day": True}),
        ("named_day=yes", {"named_day": True}),
        ("named_day=no", {"named_day": False}),
        # Search's old three-box dates.
        (
            "tabled_from_0=9&tabled_from_1=12&tabled_from_2=2021&answered_to_0=1&answered_to_1=2"
            "&answered_to_2=2022",
            {"tabled_from": datetime.date(2021, 12, 9), "answered_to": datetime.date(2022, 2, 1)},
        ),
        ("tabled_from_0=&tabled_from_1=&tabled_from_2=", {}),
    ],
)
def test_form_reads_older_addresses(query, expected):
    built = form(query)
    assert built.is_valid(), built.errors
    assert built.criteria() == QuestionCriteria(**expected)


@pytest.mark.django_db
def test_canonical_query_drops_empty_and_unknown_parameters_and_respells_old_ones():
    built = form(
        "uin=&house=Lords&status=holding&status=answered&sort=oldest&page=2&apply=&named_day=on"
        "&tabled_from_0=9&tabled_from_1=12&tabled_from_2=2021"
    )
    assert built.canonical_query().urlencode() == (
        "house=Lords&status=holding&status=answered&sort=tabled-oldest&page=2&named_day=yes"
        "&tabled_from=9%2F12%2F2021"
    )
    assert "page" not in built.canonical_query(keep_place=False)
    assert not form("uin=&house=&page=3").asked
    assert QuestionFilterForm().canonical_query().urlencode() == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "tabled_from=31/02/2024",
            "tabled_from",
            "Tabled from must be a real date, like 9/12/2021",
        ),
        (
            "answered_to=0000-01-01",
            "answered_to",
            "Answered to must be a real date, like 9/12/2021",
        ),
        # The old three boxes: a day past the month's end, year 0, a missing part.
        (
            "tabled_from_0=31&tabled_from_1=2&tabled_from_2=2024",
            "tabled_from",
            "Tabled from must be a real date, like 9/12/2021",
        ),
        (
            "tabled_to_0=1&tabled_to_1=1&tabled_to_2=0",
            "tabled_to",
            "Tabled to must be a real date, like 9/12/2021",
        ),
        (
            "answered_from_0=9&answered_from_2=2021",
            "answered_from",
            "Answered from must be a real date, like 9/12/2021",
        ),
        (
            "answered_from=2024-03-01&answered_to=2024-02-01",
            "answered_to",
            "Answered to must be the same as or after answered from",
        ),
        ("status=bogus", "status", "Select a status from the list"),
        ("house=bogus", "house", "Select a House from the list"),
        ("sort=bogus", "sort", "Select a sort order from the list"),
        ("named_day=bogus", "named_day", "Select named day from the list"),
        ("answering_body=bogus", "answering_body", "Select a department from the list"),
        ("asking_member=99999", "asking_member", "Select a member from the list for Asked by"),
        ("uin=" + "1" * 21, "uin", "UIN must be 20 characters or fewer"),
    ],
)
def test_form_errors_name_the_field_in_plain_words(query, field, message):
    built = form(query)
    assert not built.is_valid()
    assert built.errors == {field: [message]}


@pytest.mark.django_db
def test_form_keeps_the_valid_criteria_when_one_is_invalid():
    built = form("house=Lords&tabled_from=2024-03-01&tabled_to=2024-02-01")
    assert built.criteria() == QuestionCriteria(
        house="Lords", tabled_from=datetime.date(2024, 3, 1)
    )
    assert built.helper.attrs["hx-headers"] == '{"X-Filter-Errors": "true"}'
    valid = form("tabled_from=2024-01-01")
    valid.criteria()
    assert "hx-headers" not in valid.helper.attrs


@pytest.mark.django_db
def test_form_strips_the_uin():
    assert form("uin=%20%20HL1234%20").criteria().uin == "HL1234"


@pytest.mark.django_db
def test_form_offers_departments_by_name():
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


@pytest.mark.django_db
def test_criteria_another_app_registers_apply_from_the_address_when_set():
    WrittenQuestionFactory(uin="1")
    WrittenQuestionFactory(uin="2")
    extensions.register_question_filter(
        extensions.QuestionFilter("test_only", lambda questions, value: questions.filter(uin=value))
    )
    try:
        built = form("test_only=2&bogus=1")
        assert built.criteria().contributed == (("test_only", "2"),)
        assert built.canonical_query().urlencode() == "test_only=2"
        assert [
            q.uin for q in filter_questions(WrittenQuestion.objects.all(), built.criteria())
        ] == ["2"]
        assert (
            filter_questions(WrittenQuestion.objects.all(), form("test_only=").criteria()).count()
            == 2
        )
    finally:
        extensions._registry.filters.pop("test_only", None)
