from __future__ import annotations

import datetime
import json
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Layout, Size
from django import forms
from django.urls import reverse

from pqtracker.parliament.filters import DEFAULT_SORT, NAMED_DAY_ONLY, NOT_NAMED_DAY, SORTS
from pqtracker.parliament.models import AnsweringBody, House, QuestionStatus

# People type dates the way they read them; the ISO form keeps shared links unambiguous.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 9/12/2021"
# Sent by the form while it shows errors, so that the next htmx response replaces it too.
FILTER_ERRORS_HEADER = "X-Filter-Errors"


class QuestionFilterForm(forms.Form):
    """The question list's filters, sent by GET so that every filtered list is a shareable URL.

    All fields are optional. An invalid field is reported and left out of the filtering; the
    valid ones still apply (``filters()``), so one typo never empties or breaks the page.
    """

    uin = forms.CharField(
        label="UIN", required=False, max_length=20, help_text="For example, HL1234"
    )
    house = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Both Houses"),
            (House.COMMONS, House.COMMONS.label),
            (House.LORDS, House.LORDS.label),
        ],
    )
    answering_body = forms.ModelChoiceField(
        label="Department",
        required=False,
        queryset=AnsweringBody.objects.order_by("name"),
        empty_label="Any department",
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *QuestionStatus.choices]
    )
    named_day = forms.ChoiceField(
        label="Named day",
        required=False,
        choices=[("", "Any"), (NAMED_DAY_ONLY, "Named day only"), (NOT_NAMED_DAY, "Not named day")],
    )
    # A text input, not type="date": GOV.UK advises against the browsers' date pickers.
    tabled_from = forms.DateField(
        label="Tabled from",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=DATE_HINT,
        widget=forms.TextInput,
    )
    tabled_to = forms.DateField(
        label="Tabled to",
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=DATE_HINT,
        widget=forms.TextInput,
    )
    # Flagged at intake as very like a question tabled in the 3 months before (search.intake).
    possible_duplicates = forms.BooleanField(label="Possible duplicates only", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _ordering) in SORTS.items()],
        initial=DEFAULT_SORT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("tabled_from", "tabled_to"):
            label = self.fields[name].label
            self.fields[name].error_messages["invalid"] = (
                f"{label} must be a real date, like 9/12/2021"
            )
        self.fields["answering_body"].error_messages["invalid_choice"] = (
            "Select a department from the list"
        )
        self.fields["uin"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "question-filters"
        self.helper.form_action = reverse("parliament:question-list")
        self.helper.label_size = Size.SMALL
        # With JavaScript, htmx asks for the results only and swaps them in, keeping the URL
        # shareable; without it, the same form submits as an ordinary GET.
        self.helper.attrs = {
            "hx-get": self.helper.form_action,
            "hx-target": "#results",
            "hx-push-url": "true",
            "hx-trigger": "change, submit",
            # Requests run one at a time and only the latest waiting one is kept, so the last
            # filter chosen always wins (and nothing is aborted half-way).
            "hx-sync": "this:queue last",
            "hx-indicator": "#results-loading",
            "novalidate": "",
        }
        column = "govuk-grid-column-one-quarter"
        self.helper.layout = Layout(
            Div(
                Div(Field.text("uin", field_width=10), css_class=column),
                Div(Field.select("house"), css_class=column),
                Div(Field.select("answering_body"), css_class=column),
                Div(Field.select("status"), css_class=column),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(Field.text("tabled_from", field_width=10), css_class=column),
                Div(Field.text("tabled_to", field_width=10), css_class=column),
                Div(Field.select("named_day"), css_class=column),
                Div(Field.select("sort"), css_class=column),
                css_class="govuk-grid-row",
            ),
            Field.checkbox("possible_duplicates", small=True),
            Div(
                # No name: the button must not add itself to the shareable URL.
                Button.primary("", "Apply filters", css_id="apply-filters"),
                HTML(f'<a class="govuk-link" href="{self.helper.form_action}">Clear filters</a>'),
                css_class="govuk-button-group",
            ),
        )

    def clean_uin(self) -> str:
        return self.cleaned_data["uin"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start: datetime.date | None = cleaned.get("tabled_from")
        end: datetime.date | None = cleaned.get("tabled_to")
        if start and end and start > end:
            # On the "to" field, so the "from" date still filters while the user corrects it.
            self.add_error("tabled_to", "Tabled to must be the same as or after tabled from")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters: all of them when the form is valid, the usable ones when not."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            self.helper.attrs["hx-headers"] = json.dumps({FILTER_ERRORS_HEADER: "true"})
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
