"""The calendar page's forms: a recess, and one day on which a House does or does not sit."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

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
