"""Every page needs a signed-in user; question pages need a role.

The URL list comes from the resolver itself, so a new URL is covered the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern

from pqtracker.accounts.permissions import Permission

# Reachable without signing in, on purpose.
PUBLIC = {"accounts:login", "admin:login", "health:healthz"}

# A value each kind of URL argument accepts (by converter, then by argument name).
SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "path": "sample/1",
    "uuid": ("12345678-1234-5678-1234-567812345678"),
}
SAMPLE_BY_NAME = {
    "app_label": "parliament",
    "url": "sample/",
    "content_type_id": "1",
    "object_id": "1",
}

ROUTE_ARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _sample_route(route: str) -> str:
    return ROUTE_ARG.sub(lambda m: SAMPLE_BY_CONVERTER[m["converter"] or "str"], route)


def _sample_regex(regex: str) -> str:
    text = REGEX_GROUP.sub(lambda m: SAMPLE_BY_NAME.get(m["name"], "1"), regex)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def _sample(pattern: URLPattern | URLResolver) -> str:
    raw = str(pattern.pattern)
    return _sample_regex(raw) if isinstance(pattern.pattern, RegexPattern) else _sample_route(raw)


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "/", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(sample path, namespaced name or path) for every URL pattern in the project."""
    for pattern in patterns:
        path = prefix + _sample(pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, path, inner)
        else:
            yield path, f"{namespace}{pattern.name}" if pattern.name else path


ALL_URLS = sorted(set(walk(get_resolver().url_patterns)))


def test_walk_finds_the_project_urls():
    names = {name for _path, name in ALL_URLS}
    assert {
        "home",
        "parliament:question-list",
        "parliament:question-detail",
        "accounts:profile",
    } <= names
    assert len(ALL_URLS) > 20  # the admin's URLs are in too


@pytest.mark.parametrize(("path", "name"), ALL_URLS, ids=[name for _p, name in ALL_URLS])
def test_every_sample_path_resolves_to_its_own_pattern(path, name):
    match = resolve(path)
    if name.startswith("/"):  # an unnamed pattern, listed by its path
        assert match.url_name is None
    else:
        assert match.view_name == name


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), ALL_URLS, ids=[name for _p, name in ALL_URLS])
def test_every_url_sends_anonymous_users_to_the_login_page(client, path, name):
    response = client.get(path)
    if name in PUBLIC:
        assert response.status_code in {200, 503}, (path, response.status_code)
        return
    assert response.status_code == 302, (path, response.status_code)
    location = urlsplit(response["Location"])
    logins = {reverse(settings.LOGIN_URL)}
    if name.startswith("admin:") or path.startswith("/admin/"):
        # The admin's own views (index, app index) send people to the admin's sign-in page.
        logins.add(reverse("admin:login"))
    assert location.path in logins, (path, response["Location"])
    assert location.query.startswith("next="), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/questions/", "/questions/?house=Lords", "/questions/1/"],
    ids=["list", "filtered", "detail"],
)
def test_user_without_a_role_gets_403_on_question_pages(client, no_role_user, url):
    from tests.factories import WrittenQuestionFactory

    WrittenQuestionFactory(pk=1)
    client.force_login(no_role_user)
    assert client.get(url).status_code == 403
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pq_team", "drafter", "clearer", "clerk", "viewer"])
def test_every_role_may_see_question_pages(client, request, persona):
    from tests.factories import WrittenQuestionFactory

    question = WrittenQuestionFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/questions/").status_code == 200
    assert client.get(question.get_absolute_url()).status_code == 200


def _is_admin(path: str, name: str) -> bool:
    # The admin checks staff status and model permissions itself (AdminSite.admin_view).
    return name.startswith("admin:") or path.startswith("/admin/")


@pytest.mark.parametrize(("path", "name"), ALL_URLS, ids=[name for _p, name in ALL_URLS])
def test_every_url_that_needs_login_declares_the_permission_it_checks(path, name):
    """@require_permission (or @signed_in_only, for pages about the user themself) records on
    the view what it checks: a new page that declares nothing fails here."""
    if name in PUBLIC or _is_admin(path, name):
        return
    view = resolve(path).func
    declared = getattr(view, "required_permissions", None)
    assert declared is not None, f"{name} ({path}) declares no permission"
    assert all(isinstance(p, Permission) for p in declared), (name, declared)


def test_signed_in_only_pages_are_the_few_about_the_user_themself():
    open_to_any_role = {
        name
        for path, name in ALL_URLS
        if name not in PUBLIC
        and not _is_admin(path, name)
        and getattr(resolve(path).func, "required_permissions", None) == ()
    }
    assert open_to_any_role == {"home", "accounts:profile", "accounts:logout"}


def test_permission_checks_per_object_refuse_what_no_app_registered():
    from pqtracker.accounts.permissions import can_change, can_view

    class Unregistered:
        pass

    assert not can_view(None, Unregistered()) and not can_change(None, Unregistered())


@pytest.mark.django_db
def test_questions_a_user_may_not_see_are_404_and_left_out_of_lists(client, viewer, monkeypatch):
    """The question page and list ask parliament.permissions per object: narrowing the check
    (as drafts will) hides the question everywhere they show it."""
    from pqtracker.parliament import permissions, views
    from pqtracker.parliament.models import WrittenQuestion
    from tests.factories import WrittenQuestionFactory

    hidden = WrittenQuestionFactory(heading="Hidden from this user")
    shown = WrittenQuestionFactory(heading="Shown to this user")
    assert permissions.can_view_question(viewer, hidden)
    monkeypatch.setattr(views, "can_view_question", lambda user, q: q.pk != hidden.pk)
    monkeypatch.setattr(
        views,
        "visible_questions",
        lambda user, qs: qs.exclude(pk=hidden.pk),
    )
    client.force_login(viewer)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(shown.get_absolute_url()).status_code == 200
    listed = {q.pk for q in client.get("/questions/").context["page_obj"].object_list}
    assert listed == {shown.pk}
    assert WrittenQuestion.objects.count() == 2


@pytest.mark.django_db
def test_services_check_permissions_too(pq_team, viewer):
    from django.core.exceptions import PermissionDenied

    from pqtracker.accounts import services as accounts
    from pqtracker.accounts.roles import Role
    from pqtracker.imports import services as imports

    with pytest.raises(PermissionDenied):
        accounts.grant_role(user=viewer, role=Role.PQ_TEAM, by=viewer)
    with pytest.raises(PermissionDenied):
        imports.request_import(user=viewer)
    assert not viewer.has_permission(Permission.RUN_IMPORTS)
