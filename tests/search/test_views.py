"""The search page, its htmx partial, the UIN jump, errors, pagination and the CSV export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from pqtracker.exports.csvfile import csv_safe
from tests.search.conftest import add_question

URL = reverse("search:search")


@pytest.fixture
def signed_in(client, viewer):
    client.force_login(viewer)
    return client


def test_search_page_requires_search_permission(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(URL).status_code == 403


def test_search_page_without_query_shows_form_and_recent_questions(signed_in):
    add_question("101", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    response = signed_in.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="q"' in body and "Filter results" in body
    assert "Breakfast Clubs: Kent" in body
    # Words search as you type; choices apply at once; typed dates wait for Enter or a button.
    assert 'hx-trigger="input changed delay:300ms"' in body
    assert (
        'hx-trigger="change from:(#search-form select, #search-form .govuk-checkboxes__input), '
        'submit"'
    ) in body


def test_search_page_shows_results_with_snippet_and_details(signed_in):
    add_question(
        "101",
        "Breakfast clubs in <b>Kent</b>.",
        heading="Breakfast Clubs: Kent",
        asker_name="Jane Doe",
    )
    add_question("102", "Holiday activities in Kent.", heading="Holiday Activities")
    response = signed_in.get(URL, {"q": "breakfast"})
    body = response.content.decode()
    assert "1 result" in body
    assert "Breakfast Clubs: Kent" in body and "Holiday Activities" not in body
    assert "<mark>Breakfast</mark> clubs in &lt;b&gt;Kent" in body and "<b>Kent" not in body
    assert "Jane Doe" in body and "Department for Education" in body and "13 November 2024" in body
    assert "House of Commons 101" in body and "Unanswered" in body


def test_search_htmx_request_renders_only_results_partial(signed_in):
    add_question("101", "Breakfast clubs in Kent.", heading="Breakfast Clubs: Kent")
    response = signed_in.get(URL, {"q": "breakfast"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body and 'id="results"' not in body  # swapped into it
    assert "Breakfast Clubs: Kent" in body
    assert "HX-Request" in response["Vary"]


def test_search_malformed_query_shows_error_not_server_error(signed_in):
    response = signed_in.get(URL, {"q": '"unbalanced'})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "without a closing one" in body
    assert "<title>Error: Search" in body


def test_search_uin_alone_redirects_to_the_one_question(signed_in):
    question = add_question("87924", "Special educational needs in Surrey.")
    response = signed_in.get(URL, {"q": " 87924 "})
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()


def test_search_uin_used_twice_lists_both(signed_in):
    add_question(
        "HL1234",
        "Lords question one.",
        house="Lords",
        heading="First",
        tabled=datetime.date(2023, 1, 5),
    )
    add_question(
        "HL1234",
        "Lords question two.",
        house="Lords",
        heading="Second",
        tabled=datetime.date(2024, 1, 5),
    )
    body = signed_in.get(URL, {"q": "hl1234"}).content.decode()
    assert "2 questions numbered HL1234" in body
    assert body.index("Second") < body.index("First")


def test_search_uin_while_typing_with_htmx_does_not_redirect(signed_in):
    add_question("87924", "Special educational needs in Surrey.", heading="SEN: Surrey")
    typing = {"HX-Request": "true", "HX-Trigger": "q"}  # the search box's own live request
    response = signed_in.get(URL, {"q": "87924"}, headers=typing)
    assert response.status_code == 200
    assert "SEN: Surrey" in response.content.decode()
    assert "HX-Redirect" not in response


def test_search_uin_submitted_with_htmx_opens_the_question(signed_in):
    question = add_question("87924", "Special educational needs in Surrey.")
    submitted = {"HX-Request": "true", "HX-Trigger": "search-form"}
    response = signed_in.get(URL, {"q": "87924"}, headers=submitted)
    assert response.status_code == 200
    assert response["HX-Redirect"] == question.get_absolute_url()
    assert response.content == b""


def test_search_unknown_number_searches_text(signed_in):
    add_question("5", "Pupils in year 2024 cohorts.", heading="Cohorts")
    body = signed_in.get(URL, {"q": "2024"}).content.decode()
    assert "1 result" in body and "Cohorts" in body


def test_search_invalid_date_range_shows_error(signed_in):
    params = {
        "q": "clubs",
        "tabled_from_0": "10",
        "tabled_from_1": "5",
        "tabled_from_2": "2024",
        "tabled_to_0": "1",
        "tabled_to_1": "5",
        "tabled_to_2": "2024",
    }
    body = signed_in.get(URL, params, follow=True).content.decode()
    assert "Tabled to must be the same as or after tabled from" in body


def test_search_paginates_with_total_count(signed_in, settings):
    settings.QUESTIONS_PAGE_SIZE = 2
    for n in range(5):
        add_question(
            str(200 + n),
            f"Clubs question {n}.",
            heading=f"Clubs {n}",
            tabled=datetime.date(2024, 1, 1 + n),
        )
    response = signed_in.get(URL, {"q": "clubs", "sort": "newest", "page": "2"}, follow=True)
    # The old sort key is read, and the address respelt.
    assert response.redirect_chain == [(f"{URL}?q=clubs&sort=tabled-newest&page=2", 302)]
    body = response.content.decode()
    assert "5 results" in body
    assert "Clubs 2" in body and "Clubs 1" in body and "Clubs 4" not in body
    assert 'aria-current="page">2<' in body
    assert "q=clubs&amp;sort=tabled-newest&amp;page=3" in body


def test_search_filter_form_applies_house_filter(signed_in):
    add_question("HL1", "Clubs in the Lords.", house="Lords", heading="Lords clubs")
    add_question("1", "Clubs in the Commons.", heading="Commons clubs")
    body = signed_in.get(URL, {"q": "clubs", "house": "Lords"}).content.decode()
    assert "Lords clubs" in body and "Commons clubs" not in body


# --- CSV export ------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_export_streams_every_match_with_answer(signed_in, settings):
    settings.QUESTIONS_PAGE_SIZE = 1
    add_question(
        "1", "Clubs funding.", heading="Clubs", answer="Funding is £5 million.", minister=4125
    )
    add_question("2", "Clubs staffing.", heading="More clubs")
    add_question("3", "Nothing relevant.", heading="Other")
    response = signed_in.get(reverse("search:export"), {"q": "clubs", "sort": "oldest"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:4] == ["UIN", "House", "Date tabled", "Heading"]
    assert [row[0] for row in rows[1:]] == ["1", "2"]
    assert rows[1][7] == "Answered" and rows[1][10] == "Funding is £5 million."
    assert rows[1][11].startswith("http://testserver/questions/")


def test_export_cells_are_formula_safe(signed_in):
    add_question("1", '=HYPERLINK("http://evil") clubs', heading="+Clubs", answer="-1 clubs")
    rows = _csv(signed_in.get(reverse("search:export"), {"q": "clubs"}))
    assert rows[1][3] == "'+Clubs"
    assert rows[1][4].startswith("'=HYPERLINK")
    assert rows[1][10] == "'-1 clubs"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_safe_prefixes_formula_starts(value):
    assert csv_safe(value) == "'" + value


def test_export_requires_export_permission(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("search:export"), {"q": "clubs"}).status_code == 403


def test_export_of_malformed_query_redirects_with_message(signed_in):
    response = signed_in.get(reverse("search:export"), {"q": '"bad'}, follow=True)
    assert "Correct the search before downloading its results" in response.content.decode()


def test_search_common_word_says_more_than_window(signed_in, monkeypatch):
    from pqtracker.search import services

    monkeypatch.setattr(services, "RANK_WINDOW", 2)
    monkeypatch.setattr(services.search, "__kwdefaults__", {"window": 2})
    for n in range(3):
        add_question(str(300 + n), f"Clubs question {n}.")
    body = signed_in.get(URL, {"q": "clubs"}).content.decode()
    assert "More than 2 results" in body and "Add words or filters" in body


def test_search_with_a_date_too_large_for_python_is_a_form_error_not_a_500(client, drafter):
    client.force_login(drafter)
    params = {
        "q": "clubs",
        "tabled_from_0": "99999999999999999999",
        "tabled_from_1": "1",
        "tabled_from_2": "2024",
    }
    for url in ("/search/", "/search/export.csv"):
        response = client.get(url, params)
        assert response.status_code in {200, 302, 400}, url
    body = client.get("/search/", params, follow=True).content.decode()
    assert "Tabled from must be a real date" in body


def test_search_page_says_what_an_abbreviation_also_found(signed_in):
    add_question("101", "How many EHC plans were issued in Kent.")
    body = signed_in.get(URL, {"q": "EHCP"}).content.decode()
    assert "1 result" in body
    assert "EHCP also found as “ehc plan” and “education health and care plan”." in body
    assert "put it in quotes" in body
    quoted = signed_in.get(URL, {"q": '"EHCP"'}).content.decode()
    assert "also found as" not in quoted
    assert "No questions match" in quoted


def test_search_with_no_matches_says_so(signed_in):
    add_question("101", "Breakfast clubs in Kent.")
    for headers in ({}, {"HX-Request": "true"}):
        body = signed_in.get(URL, {"q": "tutoring"}, headers=headers).content.decode()
        assert "0 results" in body
        assert "No questions match. Try fewer or different words" in body


def test_search_page_shows_questions_holding_some_words_when_none_hold_all(signed_in):
    add_question("101", "Tutoring in Kent.")
    add_question("102", "Uniforms in Devon.")
    body = signed_in.get(URL, {"q": "tutoring uniforms Surrey"}).content.decode()
    assert "2 results" in body
    assert "No questions contain all of your words. These contain some of them" in body
    assert "<mark>Tutoring</mark> in Kent" in body and "<mark>Uniforms</mark> in Devon" in body
    partial = signed_in.get(URL, {"q": "tutoring uniforms Surrey"}, headers={"HX-Request": "true"})
    assert "2 results with some of your words</div>" in partial.content.decode()  # announced
    strict = signed_in.get(URL, {"q": "tutoring Kent"}).content.decode()
    assert "1 result" in strict and "contain all of your words" not in strict
    # Sorted by date, and downloaded, the same questions.
    by_date = signed_in.get(URL, {"q": "tutoring uniforms Surrey", "sort": "tabled-newest"})
    assert "2 results" in by_date.content.decode()
    exported = _csv(signed_in.get(reverse("search:export"), {"q": "tutoring uniforms Surrey"}))
    assert sorted(row[0] for row in exported[1:]) == ["101", "102"]
    strict_export = _csv(signed_in.get(reverse("search:export"), {"q": "tutoring Kent"}))
    assert [row[0] for row in strict_export[1:]] == ["101"]


def test_a_filter_never_widens_a_search(signed_in):
    # Found with every word: one question. The filter leaves none of it, and questions holding
    # only some of the words must not fill the page instead.
    add_question("101", "Tutoring in Kent.", answer="Funding for tutoring in Kent.")
    add_question("102", "Tutoring in Devon.")
    add_question("103", "Schools in Kent.")
    assert "1 result" in signed_in.get(URL, {"q": "tutoring Kent"}).content.decode()
    filtered = signed_in.get(URL, {"q": "tutoring Kent", "status": "unanswered"})
    body = filtered.content.decode()
    assert "0 results" in body and "contain some of them" not in body
    exported = _csv(
        signed_in.get(reverse("search:export"), {"q": "tutoring Kent", "status": "unanswered"})
    )
    assert exported[1:] == []


def test_empty_search_offers_no_download_link(signed_in):
    add_question("101", "Breakfast clubs in Kent.")
    # Submitted with every field empty: the address keeps none of them.
    response = signed_in.get(URL, {"q": "", "house": "", "sort": ""})
    assert response.status_code == 302 and response["Location"] == URL
    body = signed_in.get(URL).content.decode()
    assert "Download these results" not in body
    # A search that looks for something offers a real CSV, with no download attribute to save
    # a refusal page as one.
    body = signed_in.get(URL, {"q": "clubs"}).content.decode()
    assert 'href="/search/export.csv?q=clubs">Download these results (CSV)</a>' in body
    assert _csv(signed_in.get("/search/export.csv?q=clubs"))[1][0] == "101"


def test_search_htmx_request_pushes_the_address_without_empty_fields(signed_in):
    add_question("101", "Breakfast clubs in Kent.")
    response = signed_in.get(
        URL, {"q": "clubs", "house": "", "tabled_from": ""}, headers={"HX-Request": "true"}
    )
    assert response["HX-Push-Url"] == f"{URL}?q=clubs"


def test_search_error_summary_swapped_in_does_not_take_the_focus(signed_in):
    partial = signed_in.get(URL, {"tabled_from": "9/13"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "Tabled from must be a real date" in body
    assert 'data-disable-auto-focus="true"' in body
    page = signed_in.get(URL, {"tabled_from": "9/13"}).content.decode()
    assert "Tabled from must be a real date" in page
    assert "data-disable-auto-focus" not in page  # a whole page: GOV.UK focuses the summary
