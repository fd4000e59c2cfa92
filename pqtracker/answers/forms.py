"""Forms for the workflow's pages: they parse and name each field's error; services decide."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from pqtracker.accounts.models import User
from pqtracker.answers.models import (
    AnswerType,
    ClearanceRoleKind,
    ClearanceStepDefinition,
    DelayReason,
    PolicyTeam,
    RejectReason,
)
from pqtracker.parliament.models import Member


def _helper(*fields: Any) -> FormHelper:
    # The templates write the <form> tag (action, htmx attributes, the CSRF token, the button).
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields)
    return helper


def _date(label: str, required: bool = False) -> DateInputField:
    field = DateInputField(label=label, required=required, require_all_fields=False)
    field.help_text = "For example, 14 11 2024"
    return field


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        teams = ", ".join(m.team.name for m in obj.team_memberships.all())
        return f"{obj.get_full_name() or obj.username} ({teams})" if teams else obj.username


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name_display


class CommissionForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Policy team", queryset=PolicyTeam.objects.all(), empty_label="Choose a team"
    )
    candidates = PersonChoiceField(
        label="Action officers",
        help_text="Offer it to one or more people in the team: the first to accept takes it",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    answering_minister = MemberChoiceField(
        label="Answering minister",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Choose a minister",
    )
    policy_minister = MemberChoiceField(
        label="Policy minister (optional)",
        queryset=Member.objects.none(),
        required=False,
        empty_label="None",
    )
    internal_deadline = _date("Internal deadline", required=True)

    def __init__(self, *args: Any, ministers: list[Member] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            User.objects.filter(team_memberships__isnull=False, is_active=True)
            .distinct()
            .prefetch_related("team_memberships__team")
            .order_by("username")
        )
        self.fields["candidates"].queryset = people  # type: ignore[attr-defined]
        minister_ids = [m.pk for m in ministers or []]
        for name in ("answering_minister", "policy_minister"):
            self.fields[name].queryset = Member.objects.filter(  # type: ignore[attr-defined]
                pk__in=minister_ids
            ).order_by("name_display")
        self.helper = _helper(
            Field.select("team"),
            Field.checkboxes("candidates", small=True, legend_size=Size.SMALL),
            Field.select("answering_minister"),
            Field.select("policy_minister"),
            Field("internal_deadline", legend_size=Size.SMALL),
        )


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(
        label="Who should answer it?",
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should answer it instead"},
    )
    reason_text = forms.CharField(
        label="Who, or why",
        help_text="Name the person, team or department if you know it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say who should answer it, or why"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("reason_code", legend_size=Size.SMALL, small=True),
            Field.textarea("reason_text"),
        )


class StepForm(forms.Form):
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Required when you return the draft: say what needs to change",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("comment"))


class SendToClearanceForm(forms.Form):
    optional_steps = forms.ModelMultipleChoiceField(
        label="Optional clearance steps",
        queryset=ClearanceStepDefinition.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["optional_steps"].queryset = (  # type: ignore[attr-defined]
            ClearanceStepDefinition.objects.active().filter(optional=True)
        )
        self.helper = _helper(
            Field.checkboxes("optional_steps", small=True, legend_size=Size.SMALL)
        )


class SubmitForm(forms.Form):
    answer_type = forms.ChoiceField(label="Type of answer", choices=AnswerType.choices)
    follow_up_due = _date('Letter due ("I will write" only)')

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.select("answer_type"), Field("follow_up_due", legend_size=Size.SMALL)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer_type") == AnswerType.WILL_WRITE and not data.get("follow_up_due"):
            self.add_error("follow_up_due", "Enter when the letter is due")
        return data


class TransferForm(forms.Form):
    department = forms.CharField(label="Department it went to", max_length=200)
    transferred_on = _date("Date of transfer (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("department", field_width=20),
            Field("transferred_on", legend_size=Size.SMALL),
        )


class DelayForm(forms.Form):
    delay_reason = forms.ChoiceField(label="Why it is late", choices=DelayReason.choices)
    delay_note = forms.CharField(label="Note (optional)", required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.select("delay_reason"), Field.text("delay_note"))


class ChainStepForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Step", max_length=100, required=False)
    order = forms.IntegerField(label="Order", min_value=0, max_value=1000)
    role_kind = forms.ChoiceField(label="Role", choices=ClearanceRoleKind.choices)
    default_assignee = forms.ModelChoiceField(
        label="Cleared by",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody yet",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    optional = forms.BooleanField(label="Optional", required=False)
    active = forms.BooleanField(label="In use", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True
        ).order_by("username")


ChainFormSet = forms.formset_factory(ChainStepForm, extra=1)
