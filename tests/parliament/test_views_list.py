"""The question list: filters, sorts, pagination, htmx partial and invalid input."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from pqtracker.parliament.forms import QuestionFilterForm
from pqtracker.parliament.models import QuestionStatus
from pqtracker.parliament.views import question_list
from tests.factories import AnsweringBodyFactory, MemberFactory, WrittenQuestionFactory

URL = "/questions/"


def uins(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [question.uin for question in response.context["page_obj"].object_list]


@pytest.fixture
def signed_in(client, viewer):  # type: ignore[no-untyped-def]
    client.force_login(viewer)
    return client


def test_question_list_url_is_named_and_needs_no_trailing_parts():
    assert reverse("parliament:question-list") == URL


@pytest.mark.django_db
def test_question_list_shows_each_column_for_a_question(signed_in):
    member = MemberFactory(name_display="Munira Wilson")
    question = WrittenQuestionFactory(
        uin="87924",
        heading="Special Educational Needs",
        asking_member=member,
        date_tabled=datetime.date(2021, 12, 6),
        date_for_answer=datetime.date(2021, 12, 8),
        is_named_day=True,
        status=QuestionStatus.HOLDING,
    )
    response = signed_in.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 question<" in html
    assert f'href="{question.get_absolute_url()}"' in html
    for text in ("87924", "Special Educational Needs", "Munira Wilson", "Department for Education"):
        assert text in html
    assert "6 December 2021" in html and "8 December 2021" in html
    assert '<strong class="govuk-tag govuk-tag--orange">Named day</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Holding answer</strong>' in html


@pytest.mark.django_db
def test_question_list_filters_by_house(signed_in):
    WrittenQuestionFactory(uin="100", house="Commons")
    WrittenQuestionFactory(uin="HL200", house="Lords")
    assert uins(signed_in.get(URL, {"house": "Lords"})) == ["HL200"]
    assert uins(signed_in.get(URL, {"house": "Commons"})) == ["100"]


@pytest.mark.django_db
def test_question_list_filters_by_answering_body(signed_in):
    health = AnsweringBodyFactory(parliament_id=17, name="Department of Health and Social Care")
    WrittenQuestionFactory(uin="1")
    WrittenQuestionFactory(uin="2", answering_body=health)
    assert uins(signed_in.get(URL, {"answering_body": health.pk})) == ["2"]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [choice.value for choice in QuestionStatus])
def test_question_list_filters_by_each_status(signed_in, status):
    for number, each in enumerate(QuestionStatus):
        WrittenQuestionFactory(uin=f"{number + 1}", status=each)
    response = signed_in.get(URL, {"status": status})
    assert [q.status for q in response.context["page_obj"].object_list] == [status]


@pytest.mark.django_db
def test_question_list_filters_by_tabled_date_range_inclusive(signed_in):
    for day in (1, 5, 9, 13):
        WrittenQuestionFactory(uin=str(day), date_tabled=datetime.date(2021, 12, day))
    response = signed_in.get(URL, {"tabled_from": "2021-12-05", "tabled_to": "9/12/2021"})
    assert uins(response) == ["9", "5"]
    assert uins(signed_in.get(URL, {"tabled_from": "10/12/2021"})) == ["13"]
    assert uins(signed_in.get(URL, {"tabled_to": "1 December 2021"})) == ["1"]


@pytest.mark.django_db
def test_question_list_filters_by_named_day(signed_in):
    WrittenQuestionFactory(uin="1", is_named_day=True)
    WrittenQuestionFactory(uin="2", is_named_day=False)
    assert uins(signed_in.get(URL, {"named_day": "yes"})) == ["1"]
    assert uins(signed_in.get(URL, {"named_day": "no"})) == ["2"]
    assert sorted(uins(signed_in.get(URL, {"named_day": ""}, follow=True))) == ["1", "2"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["HL1234", "hl1234", " HL1234 "])
def test_question_list_finds_exact_uin_case_insensitively(signed_in, typed):
    WrittenQuestionFactory(uin="HL1234", house="Lords")
    WrittenQuestionFactory(uin="HL12345", house="Lords")
    WrittenQuestionFactory(uin="1234")
    assert uins(signed_in.get(URL, {"uin": typed})) == ["HL1234"]


@pytest.mark.django_db
def test_question_list_combines_filters(signed_in):
    WrittenQuestionFactory(uin="1", house="Commons", status=QuestionStatus.ANSWERED)
    WrittenQuestionFactory(uin="2", house="Commons", status=QuestionStatus.UNANSWERED)
    WrittenQuestionFactory(uin="HL3", house="Lords", status=QuestionStatus.ANSWERED)
    assert uins(signed_in.get(URL, {"house": "Commons", "status": "answered"})) == ["1"]


@pytest.fixture
def sortable(db):  # type: ignore[no-untyped-def]
    WrittenQuestionFactory(
        uin="10",
        date_tabled=datetime.date(2024, 1, 2),
        date_for_answer=datetime.date(2024, 1, 9),
        date_answered=datetime.date(2024, 1, 5),
    )
    WrittenQuestionFactory(
        uin="9",
        date_tabled=datetime.date(2024, 1, 3),
        date_for_answer=None,
        date_answered=None,
    )
    WrittenQuestionFactory(
        uin="200",
        date_tabled=datetime.date(2024, 1, 1),
        date_for_answer=datetime.date(2024, 1, 4),
        date_answered=datetime.date(2024, 1, 8),
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["9", "10", "200"]),
        ("tabled-newest", ["9", "10", "200"]),
        ("tabled-oldest", ["200", "10", "9"]),
        ("due", ["200", "10", "9"]),
        ("answered", ["200", "10", "9"]),
        ("uin", ["9", "10", "200"]),
    ],
)
def test_question_list_sorts(signed_in, sortable, sort, expected):
    assert uins(signed_in.get(URL, {"sort": sort}, follow=True)) == expected


@pytest.mark.django_db
def test_question_list_paginates_with_total_count(signed_in, settings):
    settings.QUESTIONS_PAGE_SIZE = 2
    for day in range(1, 6):
        WrittenQuestionFactory(uin=str(day), date_tabled=datetime.date(2024, 1, day))
    first = signed_in.get(URL, {"house": "Commons"})
    html = first.content.decode()
    assert uins(first) == ["5", "4"]
    assert "5 questions" in html
    assert 'class="govuk-pagination"' in html
    # Page links keep the filters.
    assert 'href="?house=Commons&amp;page=2"' in html
    assert uins(signed_in.get(URL, {"house": "Commons", "page": 3})) == ["1"]


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "expected"), [("999", ["1"]), ("abc", ["3", "2"]), ("-1", ["1"])])
def test_question_list_turns_bad_page_numbers_into_real_pages(signed_in, settings, page, expected):
    settings.QUESTIONS_PAGE_SIZE = 2
    for day in range(1, 4):
        WrittenQuestionFactory(uin=str(day), date_tabled=datetime.date(2024, 1, day))
    response = signed_in.get(URL, {"page": page})
    assert response.status_code == 200
    assert uins(response) == expected


@pytest.mark.django_db
def test_question_list_without_matches_says_so(signed_in):
    WrittenQuestionFactory(uin="1")
    html = signed_in.get(URL, {"uin": "nope"}).content.decode()
    assert "0 questions" in html
    assert "No questions match these filters" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tabled_from": "31/02/2024"}, "Tabled from must be a real date"),
        ({"tabled_to": "yesterday"}, "Tabled to must be a real date"),
        (
            {"tabled_from": "2024-03-01", "tabled_to": "2024-02-01"},
            "Tabled to must be the same as or after tabled from",
        ),
        ({"answering_body": "not-a-number"}, "Select a department from the list"),
        ({"status": "lost"}, "Select a status from the list"),
        ({"sort": "random"}, "Select a sort order from the list"),
    ],
)
def test_question_list_reports_invalid_input_in_an_error_summary(signed_in, params, message):
    WrittenQuestionFactory(uin="1", date_tabled=datetime.date(2024, 2, 15))
    response = signed_in.get(URL, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert "<title>Error: Written questions" in html
    assert 'class="govuk-error-message"' in html


@pytest.mark.django_db
def test_question_list_keeps_valid_filters_when_another_is_invalid(signed_in):
    WrittenQuestionFactory(uin="1", house="Commons", date_tabled=datetime.date(2024, 2, 1))
    WrittenQuestionFactory(uin="HL2", house="Lords", date_tabled=datetime.date(2024, 2, 1))
    WrittenQuestionFactory(uin="3", house="Commons", date_tabled=datetime.date(2024, 3, 5))
    response = signed_in.get(
        URL, {"house": "Commons", "tabled_from": "2024-03-01", "tabled_to": "2024-02-01"}
    )
    # "to" is in error; house and "from" still apply.
    assert uins(response) == ["3"]


@pytest.mark.django_db
def test_question_list_renders_results_partial_for_htmx_request_factory(viewer):
    WrittenQuestionFactory(uin="87924")
    request = RequestFactory().get(URL, {"house": "Commons"})
    request.user = viewer
    request.htmx = True  # type: ignore[attr-defined]
    response = question_list(request)
    assert response.template_name == "parliament/question_list.html#results"
    assert response.context_data["form"].is_bound
    assert [q.uin for q in response.context_data["page_obj"].object_list] == ["87924"]
    assert response.context_data["swap_form"] is False


@pytest.mark.django_db
def test_question_list_renders_whole_page_without_htmx(viewer):
    request = RequestFactory().get(URL)
    request.user = viewer
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    response = question_list(request)
    assert response.template_name == "parliament/question_list.html"
    assert response.context_data["form"].is_bound is False


@pytest.mark.django_db
def test_question_list_htmx_response_is_the_results_fragment(signed_in):
    WrittenQuestionFactory(uin="87924")
    response = signed_in.get(URL, {"house": "Commons"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "87924" in html and "1 question<" in html
    assert "HX-Request" in response["Vary"]
    # The count goes to the page's live region too, which is not swapped.
    assert '<div id="results-status" hx-swap-oob="innerHTML">1 question found</div>' in html


@pytest.mark.django_db
def test_question_list_htmx_history_restore_gets_the_whole_page(signed_in):
    response = signed_in.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert response.templates[0].name == "parliament/question_list.html"
    assert "<html" in response.content.decode()


@pytest.mark.django_db
def test_question_list_htmx_with_errors_resends_the_form_out_of_band(signed_in):
    response = signed_in.get(URL, {"tabled_from": "nonsense"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="filter-form-container" hx-swap-oob="true"' in html
    assert 'id="filter-errors" hx-swap-oob="true"' in html
    assert "govuk-error-summary" in html and "govuk-error-message" in html
    # The form asks for a fresh copy on its next request, to clear the messages once fixed.
    assert "X-Filter-Errors" in html
    fixed = signed_in.get(
        URL, {"tabled_from": "2024-01-01"}, HTTP_HX_REQUEST="true", HTTP_X_FILTER_ERRORS="true"
    )
    fixed_html = fixed.content.decode()
    assert 'hx-swap-oob="true"' in fixed_html and "govuk-error-message" not in fixed_html
    plain = signed_in.get(URL, {"tabled_from": "2024-01-01"}, HTTP_HX_REQUEST="true")
    assert "filter-form-container" not in plain.content.decode()


@pytest.mark.django_db
def test_question_list_form_is_wired_for_htmx_and_plain_get(signed_in):
    html = signed_in.get(URL).content.decode()
    assert 'method="get"' in html and 'action="/questions/"' in html
    assert 'hx-get="/questions/"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    # Choices apply at once; typed fields wait for Enter or the button (never half a date).
    assert (
        'hx-trigger="change from:(#question-filters select, '
        '#question-filters .govuk-checkboxes__input), submit"'
    ) in html
    assert 'hx-sync="this:queue last"' in html
    assert '<div class="govuk-visually-hidden" id="results-status" role="status"></div>' in html
    assert '<div id="results">' in html


@pytest.mark.django_db
def test_question_list_runs_the_same_few_queries_for_many_rows(signed_in):
    WrittenQuestionFactory.create_batch(2)
    signed_in.get(URL)  # the first request of a session may write it
    with CaptureQueriesContext(connection) as two_rows:
        signed_in.get(URL)
    WrittenQuestionFactory.create_batch(30, answering_body=AnsweringBodyFactory(parliament_id=17))
    signed_in.get(URL)  # new questions: the member selects read their choices again, once
    with CaptureQueriesContext(connection) as many_rows:
        response = signed_in.get(URL)
    assert len(response.context["page_obj"].object_list) == 25
    assert len(many_rows.captured_queries) == len(two_rows.captured_queries)


@pytest.mark.django_db
def test_question_list_makes_four_queries(signed_in, django_assert_num_queries):
    WrittenQuestionFactory.create_batch(30)
    signed_in.get(URL)
    # The user (the session and roles are in the cache: ADR 20), the count, the page's ids, then
    # the rows with members and bodies (parliament.pagination: a deep page skips ids, not joined
    # rows), for a filter not asked before. The selects' choices, the possible-duplicate tags
    # and when the record was last updated are kept (ADR 19).
    with django_assert_num_queries(4):
        response = signed_in.get(URL, {"house": "Commons", "sort": "due"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("field", list(QuestionFilterForm.base_fields) + ["page"])
@pytest.mark.parametrize("value", ["\x00", "x" * 500, "9999999999999999999999", "-1", "<script>"])
def test_question_list_never_fails_on_odd_input(signed_in, field, value):
    WrittenQuestionFactory(uin="1")
    response = signed_in.get(URL, {field: value})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.django_db
def test_question_list_says_when_the_record_was_last_updated(client, viewer):
    from django.utils import timezone

    from pqtracker.parliament.models import ImportRun, ImportRunStatus

    client.force_login(viewer)
    assert "has not been imported from Parliament yet" in client.get("/questions/").content.decode()
    finished = timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 5))
    ImportRun.objects.create(
        kind=ImportRun.Kind.INCREMENTAL, status=ImportRunStatus.SUCCEEDED, finished_at=finished
    )
    ImportRun.objects.create(  # failed since: not an update of the record
        kind=ImportRun.Kind.INCREMENTAL, status=ImportRunStatus.FAILED, finished_at=timezone.now()
    )
    body = client.get("/questions/").content.decode()
    assert "Record last updated 1 December 2026 at 14:05" in body


@pytest.mark.django_db
def test_question_list_address_drops_empty_fields_and_respells_old_ones(signed_in):
    # The form without JavaScript sends every field; the address keeps what filters.
    response = signed_in.get(URL, {"uin": "", "house": "Lords", "status": "", "sort": "oldest"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?house=Lords&sort=tabled-oldest"
    assert signed_in.get(URL, {"uin": ""})["Location"] == URL
    # With htmx, the results come at once and the address shown is the short one.
    swapped = signed_in.get(URL, {"uin": "", "house": "Lords"}, HTTP_HX_REQUEST="true")
    assert swapped.status_code == 200
    assert swapped["HX-Push-Url"] == f"{URL}?house=Lords"


@pytest.mark.django_db
def test_question_list_apply_button_adds_nothing_to_the_address(signed_in):
    html = signed_in.get(URL).content.decode()
    button = html.split('id="apply-filters"')[0].rsplit("<button", 1)[1]
    assert "name=" not in button


@pytest.mark.django_db
def test_back_link_on_a_question_returns_to_the_same_filters(signed_in):
    question = WrittenQuestionFactory(uin="1", house="Commons", status=QuestionStatus.UNANSWERED)
    html = signed_in.get(URL, {"house": "Commons", "status": "unanswered"}).content.decode()
    link = f'href="{question.get_absolute_url()}?house=Commons&amp;status=unanswered"'
    assert link in html
    detail = signed_in.get(
        question.get_absolute_url(), {"house": "Commons", "status": "unanswered", "junk": "x"}
    ).content.decode()
    assert 'href="/questions/?house=Commons&amp;status=unanswered"' in detail
    assert "Back to written questions" in detail
    plain = signed_in.get(question.get_absolute_url()).content.decode()
    assert 'href="/questions/" class="govuk-back-link"' in plain or 'href="/questions/"' in plain


@pytest.mark.django_db
def test_question_list_writes_every_date_the_govuk_way(signed_in):
    WrittenQuestionFactory(
        date_tabled=datetime.date(2021, 12, 9), date_for_answer=datetime.date(2021, 12, 14)
    )
    html = signed_in.get(URL).content.decode()
    assert "9 December 2021" in html and "14 December 2021" in html
    assert "9 Dec 2021" not in html
