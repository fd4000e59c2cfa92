import pytest

from pqtracker.audit import services
from pqtracker.audit.models import AuditEvent
from tests.factories import UserFactory, WrittenQuestionFactory

pytestmark = pytest.mark.django_db


def test_record_names_actor_verb_and_target():
    user = UserFactory(username="pq_team")
    question = WrittenQuestionFactory(uin="87924")
    event = services.record(
        actor=user, verb="question.viewed", target=question, data={"why": "test"}
    )
    event.refresh_from_db()
    assert event.actor == user
    assert (event.target_type, event.target_id) == ("parliament.writtenquestion", str(question.pk))
    assert "87924" in event.target_repr
    assert event.data == {"why": "test"}


def test_record_by_the_system_has_no_actor():
    from django.contrib.auth.models import AnonymousUser

    event = services.record(actor=AnonymousUser(), verb="import.requested")
    assert event.actor is None and event.target_type == ""
    assert AuditEvent.objects.count() == 1
