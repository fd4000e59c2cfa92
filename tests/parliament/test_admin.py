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
