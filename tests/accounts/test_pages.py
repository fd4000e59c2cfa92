"""Signing in and out, the profile page, and the error pages."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test.utils import override_script_prefix
from django.urls import reverse

LOGIN = reverse("accounts:login")
PASSWORD = "correct-horse-battery"


@pytest.mark.django_db
def test_login_page_renders_the_gds_form(client):
    html = client.get(LOGIN).content.decode()
    assert "Sign in to PQ Tracker" in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert 'class="govuk-button"' in html
    assert "govuk-error-summary" not in html


@pytest.mark.django_db
def test_login_with_wrong_password_shows_an_error_summary(client, viewer):
    response = client.post(LOGIN, {"username": "viewer", "password": "wrong-password-here"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html
    assert "Please enter a correct username and password" in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_then_lands_on_question_list(client, viewer):
    response = client.post(LOGIN, {"username": "viewer", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("parliament:question-list")
    assert "Written questions" in response.content.decode()


@pytest.mark.django_db
def test_login_returns_to_the_page_asked_for(client, viewer):
    response = client.post(
        f"{LOGIN}?next=/questions/%3Fhouse%3DLords",
        {"username": "viewer", "password": PASSWORD},
    )
    assert response["Location"] == "/questions/?house=Lords"


@pytest.mark.django_db
def test_sign_out_is_a_post_form_in_the_navigation(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("parliament:question-list")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:logout")}"' in html
    assert "Sign out</button>" in html
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_base_layout_has_gds_furniture(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("parliament:question-list")).content.decode()
    assert 'class="govuk-skip-link"' in html and 'id="main-content"' in html
    assert 'class="govuk-service-navigation"' in html
    assert 'class="govuk-phase-banner"' in html
    assert "Contains Parliamentary information licensed under the" in html
    assert "Open Parliament Licence v3.0" in html
    assert "/static/htmx/htmx.min.js" in html and "/static/js/application.mjs" in html
    assert "/static/build/application.css" in html
    # The current section is marked for assistive technology.
    assert (
        '<a class="govuk-service-navigation__link" href="/questions/" aria-current="true">' in html
    )


@pytest.mark.django_db
def test_navigation_is_not_shown_to_anonymous_users(client):
    html = client.get(LOGIN).content.decode()
    assert "govuk-service-navigation" not in html
    assert "Sign out" not in html


@pytest.mark.django_db
def test_profile_page_lists_roles_with_descriptions(client, pq_team):
    client.force_login(pq_team)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Signed in as <strong>pq_team</strong>" in html
    assert "PQ team" in html and "For the department&#x27;s PQ team" in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pq_team", "drafter", "clearer", "clerk", "viewer"])
def test_profile_page_describes_only_what_the_service_does(client, role, request):
    client.force_login(request.getfixturevalue(role))
    html = client.get(reverse("accounts:profile")).content.decode()
    # Commissioning, chasing, drafting, clearance and deadline tracking are not built yet.
    for claim in ("commission", "chase", "drafts", "clears", "due today", "overdue", "on-time"):
        assert claim not in html.lower(), claim
    listed = re.search(r'data-testid="capabilities">(.*?)</ul>', html, re.DOTALL)
    assert listed, "the page lists what the user can do"
    assert 'href="/search/"' in listed.group(1)
    assert ('href="/imports/"' in listed.group(1)) == (role in {"pq_team", "clerk"})
    assert ("Run an import" in listed.group(1)) == (role == "pq_team")


@pytest.mark.django_db
def test_profile_page_for_user_without_role_says_what_to_do(client, no_role_user):
    client.force_login(no_role_user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "You have no roles yet" in html


@pytest.mark.django_db
def test_403_page_explains_missing_role(client, no_role_user):
    client.force_login(no_role_user)
    response = client.get(reverse("parliament:question-list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have permission to see this page" in html
    assert "Your account has no role yet" in html


@pytest.mark.django_db
def test_404_page_uses_the_layout(client, viewer):
    client.force_login(viewer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "govuk-footer" in html


def test_500_page_renders_without_request_or_database():
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "Open Parliament Licence v3.0" in html


@pytest.mark.django_db
def test_an_overlong_user_name_is_a_form_error_and_never_authenticated(client, monkeypatch):
    def must_not_run(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("authenticate() was called for an impossible user name")

    monkeypatch.setattr("django.contrib.auth.forms.authenticate", must_not_run)
    response = client.post(LOGIN, {"username": "x" * 300, "password": "anything-at-all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert "Enter a user name of 150 characters or fewer" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/questions/", "/search/?q=schools", "/accounts/me/", "/imports/", "/search/saved/"],
)
def test_every_page_for_a_signed_in_user_is_private_and_not_stored(client, pq_team, url):
    client.force_login(pq_team)
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


@pytest.mark.django_db
def test_layout_links_follow_the_script_prefix_they_were_reversed_under(client, pq_team):
    # The navigation's addresses are reversed once per process, per URL configuration and
    # script prefix: a server mounted under a prefix must not get another prefix's links.
    client.force_login(pq_team)
    plain = client.get(reverse("accounts:profile")).content.decode()
    with override_script_prefix("/pq/"):
        mounted = client.get("/accounts/me/").content.decode()
    again = client.get(reverse("accounts:profile")).content.decode()
    assert 'href="/questions/"' in plain and 'href="/pq/questions/"' not in plain
    assert 'href="/pq/questions/"' in mounted and 'href="/questions/"' not in mounted
    assert 'action="/pq/accounts/logout/"' in mounted and 'href="/pq/"' in mounted
    assert 'href="/questions/"' in again and "/pq/" not in again
