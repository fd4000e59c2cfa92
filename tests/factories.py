"""factory-boy factories for every model tests build. Defaults look like real DfE records."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from pqtracker.accounts.models import RoleAssignment, User
from pqtracker.calendar import deadlines
from pqtracker.parliament.models import (
    Answer,
    AnsweringBody,
    GovernmentPost,
    ImportRun,
    Member,
    QuestionChange,
    QuestionGroupLink,
    QuestionStatus,
    WrittenQuestion,
)
from pqtracker.parliament.sessions import session_for


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@education.gov.uk")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        self.save()
        for role in extracted or []:
            RoleAssignment.objects.get_or_create(user=self, role=role)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ("parliament_id",)

    parliament_id = factory.Sequence(lambda n: 9000 + n)
    name_display = factory.Sequence(lambda n: f"Member {n} MP")
    name_list = factory.LazyAttribute(lambda o: o.name_display)
    party = "Labour"
    house = "Commons"
    membership_from = "Anytown"


class AnsweringBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnsweringBody
        django_get_or_create = ("parliament_id",)

    parliament_id = 60
    name = "Department for Education"


class GovernmentPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernmentPost

    member = factory.SubFactory(MemberFactory)
    name = "Minister of State (Education)"
    answering_body = factory.SubFactory(AnsweringBodyFactory)
    start_date = datetime.date(2021, 9, 16)
    end_date = None


class WrittenQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WrittenQuestion

    parliament_id = factory.Sequence(lambda n: 1_600_000 + n)
    uin = factory.Sequence(lambda n: str(10_000 + n))
    house = "Commons"
    date_tabled = datetime.date(2024, 11, 13)
    session = factory.LazyAttribute(lambda o: session_for(o.date_tabled))
    date_for_answer = datetime.date(2024, 11, 18)
    is_named_day = False
    heading = "Special Educational Needs"
    question_text = (
        "To ask the Secretary of State for Education, how many education, health and care plans "
        "were issued within 20 weeks in each of the last three years."
    )
    asking_member = factory.SubFactory(MemberFactory)
    answering_body = factory.SubFactory(AnsweringBodyFactory)
    status = QuestionStatus.UNANSWERED
    # As the record's services would store it for an unanswered question.
    on_time_by = factory.LazyAttribute(
        lambda o: deadlines.on_time_by(
            house=o.house,
            is_named_day=o.is_named_day,
            date_tabled=o.date_tabled,
            date_for_answer=o.date_for_answer,
        )
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(WrittenQuestionFactory)
    answer_html = "<p>The department publishes these figures annually.</p>"
    answer_text = "The department publishes these figures annually."
    answering_member = factory.SubFactory(
        MemberFactory, name_display="Catherine McKinnell", parliament_id=4125
    )
    date_answered = datetime.date(2024, 11, 20)


class QuestionGroupLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionGroupLink

    question = factory.SubFactory(WrittenQuestionFactory)
    uin = "5525"


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    kind = ImportRun.Kind.INCREMENTAL


class QuestionChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionChange

    question = factory.SubFactory(WrittenQuestionFactory)
    field = "heading"
    old_value = ""
    new_value = "Special Educational Needs"
    changed_at = factory.LazyFunction(timezone.now)


def answered_question(**kwargs):  # type: ignore[no-untyped-def]
    """A question with a current substantive answer and its denormalised fields in step."""
    from pqtracker.parliament.services import refresh_denormalised

    answer_kwargs = {
        k[len("answer__") :]: kwargs.pop(k) for k in list(kwargs) if k.startswith("answer__")
    }
    question = WrittenQuestionFactory(**kwargs)
    AnswerFactory(question=question, **answer_kwargs)
    refresh_denormalised(question=question)
    return question


# --- Answers workflow ---------------------------------------------------------------------------


class PolicyTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "answers.PolicyTeam"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"SEND Policy {n}")
    directorate = "SEND and Alternative Provision"
    division = "SEND Reform"


def add_to_team(user, team):  # type: ignore[no-untyped-def]
    from pqtracker.answers.models import TeamMembership

    TeamMembership.objects.get_or_create(user=user, team=team)
    return user


class CaseFactory(factory.django.DjangoModelFactory):
    """A workflow case in NEW; pass status and the fields it implies for later stages, or drive
    it there through the services (tests of transitions do the latter)."""

    class Meta:
        model = "answers.Case"

    question = factory.SubFactory(WrittenQuestionFactory)
    status = "new"
    status_since = factory.LazyFunction(timezone.now)


class DraftVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "answers.DraftVersion"

    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    answer_text = "The department publishes these figures annually."
    background_note = "Figures from the SEN2 return."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "answers.Comment"

    case = factory.SubFactory(CaseFactory)
    text = "Please check the 2023 figure with analysts."
