import pytest

from pqtracker.audit import services
from pqtracker.audit.models import AuditEvent, AuditEventChanged, AuditVerb
from tests.factories import UserFactory, WrittenQuestionFactory

pytestmark = pytest.mark.django_db


def test_record_names_actor_verb_and_target():
    user = UserFactory(username="pq_team")
    question = WrittenQuestionFactory(uin="87924")
    event = services.record(
        actor=user, verb=AuditVerb.ROLE_GRANTED, target=question, data={"why": "test"}
    )
    event.refresh_from_db()
    assert event.actor == user and event.actor_username == "pq_team"
    assert event.verb == AuditVerb.ROLE_GRANTED and event.get_verb_display() == "Role granted"
    assert (event.target_type, event.target_id) == ("parliament.writtenquestion", str(question.pk))
    assert "87924" in event.target_repr
    assert event.data == {"why": "test"}


def test_record_by_the_system_has_no_actor():
    from django.contrib.auth.models import AnonymousUser

    event = services.record(actor=AnonymousUser(), verb="import.requested")
    assert event.actor is None and event.target_type == ""
    assert AuditEvent.objects.count() == 1


def test_record_refuses_a_verb_that_is_not_an_audit_verb():
    with pytest.raises(ValueError):
        services.record(actor=None, verb="question.viewd")  # type: ignore[arg-type]
    assert not AuditEvent.objects.exists()


def test_event_keeps_the_actor_name_after_the_user_is_deleted():
    user = UserFactory(username="departed")
    event = services.record(actor=user, verb=AuditVerb.ROLE_REVOKED, target=user)
    user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor is None and event.actor_username == "departed"
    assert "departed" in str(event)


def test_stored_event_cannot_be_changed_or_deleted_in_code():
    event = services.record(actor=None, verb=AuditVerb.IMPORT_REQUESTED)
    event.verb = AuditVerb.ROLE_GRANTED
    with pytest.raises(AuditEventChanged):
        event.save()
    with pytest.raises(AuditEventChanged):
        event.delete()
    with pytest.raises(AuditEventChanged):
        AuditEvent.objects.filter(pk=event.pk).update(verb=AuditVerb.ROLE_GRANTED)
    with pytest.raises(AuditEventChanged):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().verb == AuditVerb.IMPORT_REQUESTED


def test_administrator_can_read_but_not_change_or_delete_events(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    event = services.record(actor=admin, verb=AuditVerb.ROLE_GRANTED, target=admin)
    base = "/admin/audit/auditevent/"
    listing = client.get(base)
    assert listing.status_code == 200 and "delete_selected" not in listing.content.decode()
    view = client.get(f"{base}{event.pk}/change/")
    assert view.status_code == 200 and "Role granted" in view.content.decode()
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{event.pk}/change/", {"verb": "import.requested"}).status_code == 403
    assert client.post(f"{base}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    client.post(base, bulk)
    assert AuditEvent.objects.get().verb == AuditVerb.ROLE_GRANTED
