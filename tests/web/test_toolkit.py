"""The view toolkit every app uses: page or partial, the htmx sign-in redirect, GOV.UK dates."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from pqtracker.web.htmx import render_page
from pqtracker.web.templatetags.web import govuk_date, govuk_datetime


def _request(**headers: str):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/questions/", headers=headers)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    return request


@pytest.mark.parametrize(
    ("headers", "template"),
    [
        ({}, "page.html"),
        ({"HX-Request": "true"}, "page.html#results"),
        # The back button after htmx lost its cache: the whole page.
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, "page.html"),
    ],
)
def test_render_page_gives_the_partial_only_to_an_htmx_swap(headers, template):
    response = render_page(_request(**headers), "page.html", {}, partial="results")
    assert response.template_name == template
    assert response["Vary"] == "HX-Request"
    assert response.context_data == {"partial": template.endswith("#results")}


def test_render_page_pushes_the_given_address_for_a_swap_only():
    swap = render_page(_request(**{"HX-Request": "true"}), "p.html", {}, partial="r", push_url="/a")
    assert swap["HX-Push-Url"] == "/a"
    page = render_page(_request(), "p.html", {}, partial="r", push_url="/a")
    assert "HX-Push-Url" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/questions/?house=Lords", "/search/?q=clubs", "/imports/"])
def test_htmx_request_after_the_session_expired_is_sent_to_sign_in_as_a_whole_page(client, url):
    response = client.get(
        url,
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://testserver/search/?q=clubs&house=Lords",
        },
    )
    assert response.status_code == 200
    assert response.content == b""  # nothing to swap into the results
    # Back to the page the user was on, not the partial's own address.
    assert response["HX-Redirect"] == "/accounts/login/?next=/search/%3Fq%3Dclubs%26house%3DLords"


@pytest.mark.django_db
def test_htmx_sign_in_redirect_never_points_next_at_another_site(client):
    response = client.get(
        "/questions/",
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example//x"},
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=/questions/"


@pytest.mark.django_db
def test_plain_request_after_the_session_expired_is_redirected_as_before(client):
    response = client.get("/questions/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/questions/"
    assert "HX-Redirect" not in response


def test_dates_are_written_the_govuk_way():
    assert govuk_date(datetime.date(2021, 12, 9)) == "9 December 2021"
    assert govuk_date(None) == ""
    london = ZoneInfo("Europe/London")
    late = datetime.datetime(2021, 12, 9, 23, 30, tzinfo=datetime.UTC)
    assert govuk_date(late) == "9 December 2021"
    summer = datetime.datetime(2021, 6, 9, 23, 30, tzinfo=datetime.UTC)
    assert govuk_date(summer) == "10 June 2021"  # the service's time zone, not UTC
    assert govuk_datetime(datetime.datetime(2021, 12, 9, 14, 5, tzinfo=london)) == (
        "9 December 2021 at 2:05pm"
    )
    assert govuk_datetime(datetime.datetime(2021, 12, 9, 0, 5, tzinfo=london)) == (
        "9 December 2021 at 12:05am"
    )
    rendered = Template("{% load web %}{{ d|govuk_date }}").render(
        Context({"d": datetime.date(2024, 1, 5)})
    )
    assert rendered == "5 January 2024"
