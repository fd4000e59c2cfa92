import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_renders_for_anonymous_user(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b"Sign in to PQ Tracker" in response.content


@pytest.mark.django_db
def test_question_list_redirects_anonymous_user_to_login(client):
    response = client.get(reverse("parliament:question-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
