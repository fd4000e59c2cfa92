"""The calendar page's forms (a recess, and one day on which a House does or does not sit) and the
dashboard's bulk actions."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.db import models

from pqtracker.accounts.models import User
from pqtracker.answers.models import PolicyTeam
from pqtracker.calendar.models import House

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_HINT = "For example, 12/02/2027"


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=DATE_HINT,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date, like 12/02/2027",
        },
    )


class _Form(forms.Form):
    key = ""
    submit_label = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.label_size = Size.SMALL
        self.helper.form_id = f"form-{self.key}"
        self.helper.layout = Layout(
            *(Field(name) for name in self.fields if name != "action"),
            Field("action"),
            Button("submit", self.submit_label),
        )


class RecessForm(_Form):
    key = "add-recess"
    submit_label = "Add recess"
    house = forms.ChoiceField(choices=House.choices, error_messages={"required": "Choose a House"})
    name = forms.CharField(
        max_length=100,
        help_text='For example, "February recess"',
        error_messages={"required": "Enter a name for the recess"},
    )
    start = _date_field("First day not sitting")
    end = _date_field("Last day not sitting")
    action = forms.CharField(widget=forms.HiddenInput, initial="add-recess")


class DayForm(_Form):
    key = "set-day"
    submit_label = "Save day"
    house = forms.ChoiceField(choices=House.choices, error_messages={"required": "Choose a House"})
    date = _date_field("Date")
    sits = forms.TypedChoiceField(
        label="Does the House sit on this day?",
        choices=[
            ("yes", "Yes, it sits (for example, a sitting Friday)"),
            ("no", "No, it does not sit"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the House sits on this day"},
    )
    note = forms.CharField(max_length=255, required=False, label="Note (optional)")
    action = forms.CharField(widget=forms.HiddenInput, initial="set-day")


class BulkAction(models.TextChoices):
    REASSIGN = "reassign", "Reassign"
    DEADLINE = "deadline", "Change internal deadline"
    REMIND = "remind", "Send reminders now"


class BulkForm(forms.Form):
    """The dashboard's bulk actions on the selected questions (the view reads the selection)."""

    action = forms.ChoiceField(
        choices=BulkAction.choices, error_messages={"required": "Choose what to do"}
    )
    team = forms.ModelChoiceField(
        label="Policy team",
        queryset=PolicyTeam.objects.all(),
        required=False,
        empty_label="Choose a team",
    )
    officer = forms.ModelChoiceField(
        label="Action officer (optional)",
        help_text="Leave blank to offer the questions to everyone in the team",
        queryset=User.objects.none(),
        required=False,
        empty_label="Everyone in the team",
    )
    deadline = DateInputField(
        label="New internal deadline", required=False, require_all_fields=False
    )
    seen_at = forms.DateTimeField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["officer"].queryset = officers()  # type: ignore[attr-defined]
        self.fields["deadline"].help_text = "For example, 14 11 2026"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("team"),
            Field.select("officer"),
            Field("deadline", legend_size=Size.SMALL),
            Field("seen_at"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == BulkAction.REASSIGN:
            team, officer = data.get("team"), data.get("officer")
            if team is None:
                self.add_error("team", "Choose the team to reassign the questions to")
            elif officer is not None and not team.memberships.filter(user=officer).exists():
                self.add_error("officer", f"{officer} is not in {team}")
        if action == BulkAction.DEADLINE and "deadline" not in self.errors:
            deadline = data.get("deadline")
            if deadline is None:
                self.add_error("deadline", "Enter the new internal deadline")
            elif deadline < self.today:
                self.add_error("deadline", "The internal deadline must be today or later")
        return data

    def team_officers(self) -> list[Any]:
        """Who the reassigned questions are offered to."""
        if self.cleaned_data.get("officer") is not None:
            return [self.cleaned_data["officer"]]
        team = self.cleaned_data["team"]
        return list(officers().filter(team_memberships__team=team))


def officers() -> Any:
    """Active people in a policy team, who may be offered questions."""
    return (
        User.objects.filter(team_memberships__isnull=False, is_active=True)
        .distinct()
        .order_by("username")
    )
