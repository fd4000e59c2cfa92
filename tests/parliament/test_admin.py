import re

import pytest

from tests.factories import AnswerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_answer_html_cannot_be_typed_into_the_admin(client):
    """Question pages show stored answer HTML as it is; only the importers' sanitiser writes it."""
    answer = AnswerFactory(answer_html="<p>Sanitised on import.</p>")
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    for url in (
        f"/admin/parliament/answer/{answer.pk}/change/",
        f"/admin/parliament/writtenquestion/{answer.question.pk}/change/",
    ):
        page = client.get(url).content.decode()
        assert "Sanitised on import." in page, url
        editable = re.findall(r"<(?:textarea|input)[^>]*name=\"[^\"]*answer_html\"", page)
        assert editable == [], url


def test_the_public_record_is_read_only_in_the_admin(client):
    """The record changes only through the import path (history, status and search index in
    step): an administrator may look at every record page, but not add, change or delete."""
    from django.contrib import admin as django_admin

    from pqtracker.audit.admin import ReadOnlyMixin
    from tests.factories import MemberFactory

    answer = AnswerFactory()
    member = MemberFactory()
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    record_apps = {"parliament", "search", "health", "audit"}
    models = [m for m in django_admin.site._registry if m._meta.app_label in record_apps]
    assert {m._meta.model_name for m in models} >= {"writtenquestion", "answer", "member"}
    for model in models:
        model_admin = django_admin.site._registry[model]
        assert isinstance(model_admin, ReadOnlyMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, ReadOnlyMixin), inline
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(base).status_code == 200, base
        assert client.get(f"{base}add/").status_code == 403, base

    question = answer.question
    url = f"/admin/parliament/writtenquestion/{question.pk}/change/"
    assert client.get(url).status_code == 200
    heading = question.heading
    assert client.post(url, {"heading": "Typed in the admin"}).status_code == 403
    assert client.post(f"{url.removesuffix('change/')}delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"}
    client.post("/admin/parliament/member/", bulk)
    question.refresh_from_db()
    assert question.heading == heading
    assert type(member).objects.filter(pk=member.pk).exists()
