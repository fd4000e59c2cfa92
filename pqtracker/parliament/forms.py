"""The one form that reads question criteria from a URL (``filters.QuestionCriteria``).

Sent by GET, so every filtered list is a shareable address. Older addresses keep working: a
single ``status`` or several, the old sort keys, the search page's three-box dates and its
``named_day=on`` are read as today's spellings (``canonical_query`` gives the address in them).
"""

from __future__ import annotations

import datetime
import json
from functools import cache, cached_property
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Layout, Size
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict
from django.urls import reverse

from pqtracker.parliament import extensions
from pqtracker.parliament.filters import (
    DEFAULT_SORT,
    POSSIBLE_DUPLICATES,
    SORTS,
    QuestionCriteria,
    normal_sort,
)
from pqtracker.parliament.member_select import use_member_selects
from pqtracker.parliament.models import (
    AnsweringBody,
    House,
    Member,
    QuestionStatus,
    WrittenQuestion,
)

# People type dates the way they read them; the ISO form keeps shared links unambiguous.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"]
DATE_HINT = "For example, 9/12/2021"
DATE_FIELDS = ("tabled_from", "tabled_to", "answered_from", "answered_to")
# Sent by the form while it shows errors, so that the next htmx response replaces it too.
FILTER_ERRORS_HEADER = "X-Filter-Errors"
# Parameters that say where in the results we are, not which results: kept in addresses.
PLACE_PARAMETERS = ("page",)

NAMED_DAY_ONLY = "yes"
NOT_NAMED_DAY = "no"
# named_day=on is how the search page's checkbox spelt "named day only".
_NAMED_DAY_ALIASES = {"on": NAMED_DAY_ONLY, "true": NAMED_DAY_ONLY}


def members_who(relation: str) -> QuerySet[Member]:
    """Members who have asked (``asking_member``) or answered (``answering_member``) a question."""
    # A copy of a query built once: building it (the EXISTS) was a tenth of a list page's CPU.
    return _members_who(relation).all()


@cache
def _members_who(relation: str) -> QuerySet[Member]:
    # Never evaluated itself (only copies are): it holds no rows.
    return Member.objects.filter(
        Exists(WrittenQuestion.objects.filter(**{relation: OuterRef("pk")}))
    ).order_by("name_list", "name_display")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name_display


def _date_field(label: str) -> forms.DateField:
    # A text input, not type="date": GOV.UK advises against the browsers' date pickers. One box,
    # not three: a live update never sees half a date (day typed, month not yet).
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=DATE_HINT,
        widget=forms.TextInput,
        error_messages={"invalid": f"{label} must be a real date, like 9/12/2021"},
    )


def normalise(data: QueryDict) -> QueryDict:
    """Today's spelling of every parameter an older address may use."""
    data = data.copy()
    for name in DATE_FIELDS:
        parts = [f"{name}_{n}" for n in range(3)]
        typed = [data.pop(part, [""])[-1].strip() for part in parts]
        if name not in data and any(typed):
            data[name] = "/".join(typed)  # "9/12/2021"; a missing part fails as not a real date
    if "sort" in data:
        data.setlist("sort", [normal_sort(value) for value in data.getlist("sort")])
    if "named_day" in data:
        data.setlist(
            "named_day", [_NAMED_DAY_ALIASES.get(v.lower(), v) for v in data.getlist("named_day")]
        )
    return data


class QuestionFilterForm(forms.Form):
    """Every criterion, all optional.

    An invalid field is reported (GOV.UK style, naming the field) and left out of the filtering;
    the valid ones still apply (``criteria()``), so one typo never empties or breaks the page.
    """

    default_sort = DEFAULT_SORT

    uin = forms.CharField(
        label="UIN",
        required=False,
        max_length=20,
        help_text="For example, HL1234",
        error_messages={"max_length": "UIN must be 20 characters or fewer"},
    )
    house = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Both Houses"),
            (House.COMMONS, House.COMMONS.label),
            (House.LORDS, House.LORDS.label),
        ],
        error_messages={"invalid_choice": "Select a House from the list"},
    )
    answering_body = forms.ModelChoiceField(
        label="Department",
        required=False,
        queryset=AnsweringBody.objects.order_by("name"),
        empty_label="Any department",
        error_messages={"invalid_choice": "Select a department from the list"},
    )
    status = forms.MultipleChoiceField(
        required=False,
        choices=QuestionStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    asking_member = MemberChoiceField(
        label="Asked by",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Any member",
        error_messages={"invalid_choice": "Select a member from the list for Asked by"},
    )
    answering_member = MemberChoiceField(
        label="Answered by",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Any minister",
        error_messages={"invalid_choice": "Select a minister from the list for Answered by"},
    )
    tabled_from = _date_field("Tabled from")
    tabled_to = _date_field("Tabled to")
    answered_from = _date_field("Answered from")
    answered_to = _date_field("Answered to")
    named_day = forms.ChoiceField(
        label="Named day",
        required=False,
        choices=[("", "Any"), (NAMED_DAY_ONLY, "Named day only"), (NOT_NAMED_DAY, "Not named day")],
        error_messages={"invalid_choice": "Select named day from the list"},
    )
    # Flagged at intake as very like an earlier question (a higher app's filter, see __init__).
    possible_duplicates = forms.BooleanField(label="Possible duplicates only", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _ordering) in SORTS.items()],
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

    def __init__(self, data: QueryDict | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(None if data is None else normalise(data), *args, **kwargs)
        self.fields["sort"].initial = self.default_sort
        for name in ("asking_member", "answering_member"):
            field = self.fields[name]
            assert isinstance(field, MemberChoiceField)
            field.queryset = members_who(name)
            # Type-ahead with JavaScript (static/js/member-autocomplete.mjs); a select without.
            field.widget.attrs["data-app-autocomplete"] = ""
        use_member_selects(self, ("asking_member", "answering_member"))
        use_member_selects(self, ("answering_body",), label="name")
        if extensions.question_filter(POSSIBLE_DUPLICATES) is None:
            del self.fields["possible_duplicates"]
        self.fields["uin"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})

    @cached_property
    def helper(self) -> FormHelper:
        """Built only when the form is drawn: a kept rendering (parliament.rendered_forms), and
        the search page, which draws its own, need none."""
        return self._list_helper()

    def _list_helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_id = "question-filters"
        helper.form_action = reverse("parliament:question-list")
        helper.label_size = Size.SMALL
        # With JavaScript, htmx asks for the results only and swaps them in, keeping the URL
        # shareable; without it, the same form submits as an ordinary GET. A choice made from a
        # list applies at once; typed fields (UIN, dates) wait for Enter or "Apply filters", so
        # nothing runs on half a date and focus stays where the user is typing.
        helper.attrs = {
            "hx-get": helper.form_action,
            "hx-target": "#results",
            # The view sends the address to show (HX-Push-Url): without the empty fields.
            "hx-push-url": "true",
            "hx-trigger": "change from:(#question-filters select, "
            "#question-filters .govuk-checkboxes__input), submit",
            # Requests run one at a time and only the latest waiting one is kept, so the last
            # filter chosen always wins (and nothing is aborted half-way).
            "hx-sync": "this:queue last",
            "hx-indicator": "#results-loading",
            "novalidate": "",
        }
        column = "govuk-grid-column-one-quarter"
        row = "govuk-grid-row"
        helper.layout = Layout(
            Div(
                Div(Field.text("uin", field_width=10), css_class=column),
                Div(Field.select("house"), css_class=column),
                Div(Field.select("answering_body"), css_class=column),
                Div(Field.select("sort"), css_class=column),
                css_class=row,
            ),
            Div(
                Div(Field.text("tabled_from", field_width=10), css_class=column),
                Div(Field.text("tabled_to", field_width=10), css_class=column),
                Div(Field.text("answered_from", field_width=10), css_class=column),
                Div(Field.text("answered_to", field_width=10), css_class=column),
                css_class=row,
            ),
            Div(
                Div(Field.select("asking_member"), css_class=column),
                Div(Field.select("answering_member"), css_class=column),
                Div(Field.select("named_day"), css_class=column),
                css_class=row,
            ),
            Field.checkboxes("status", small=True, legend_size=Size.SMALL, inline=True),
            *(
                [Field.checkbox("possible_duplicates", small=True)]
                if "possible_duplicates" in self.fields
                else []
            ),
            Div(
                # No name: the button must not add itself to the shareable URL.
                HTML(
                    '<button type="submit" class="govuk-button" data-module="govuk-button" '
                    'id="apply-filters">Apply filters</button>'
                ),
                HTML(f'<a class="govuk-link" href="{helper.form_action}">Clear filters</a>'),
                css_class="govuk-button-group",
            ),
        )
        return helper

    def clean_uin(self) -> str:
        return str(self.cleaned_data["uin"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for what in ("tabled", "answered"):
            start: datetime.date | None = cleaned.get(f"{what}_from")
            end: datetime.date | None = cleaned.get(f"{what}_to")
            if start and end and start > end:
                # On the "to" field, so the "from" date still filters while the user corrects it.
                label = what.capitalize()
                self.add_error(f"{what}_to", f"{label} to must be the same as or after {what} from")
        return cleaned

    @property
    def asked(self) -> bool:
        """Whether the address asks for anything (a filter, a sort): not just empty fields."""
        return bool(self.canonical_query(keep_place=False))

    def valid_data(self) -> dict[str, Any]:
        """The valid values: all of them when the form is valid, the usable ones when not."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            self.helper.attrs["hx-headers"] = json.dumps({FILTER_ERRORS_HEADER: "true"})
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}

    def criteria(self) -> QuestionCriteria:
        data = self.valid_data()
        body = data.get("answering_body")
        named_day = data.get("named_day")
        return QuestionCriteria(
            uin=data.get("uin") or "",
            house=data.get("house") or "",
            answering_body_ids=(body.pk,) if body else (),
            statuses=tuple(data.get("status") or ()),
            tabled_from=data.get("tabled_from"),
            tabled_to=data.get("tabled_to"),
            answered_from=data.get("answered_from"),
            answered_to=data.get("answered_to"),
            asking_member_id=data["asking_member"].pk if data.get("asking_member") else None,
            answering_member_id=data["answering_member"].pk
            if data.get("answering_member")
            else None,
            named_day=None if not named_day else named_day == NAMED_DAY_ONLY,
            possible_duplicates=bool(data.get("possible_duplicates")),
            sort=data.get("sort") or self.default_sort,
            contributed=tuple(
                (key, value) for key in self._contributed_keys() if (value := self.data.get(key))
            ),
        )

    def _contributed_keys(self) -> list[str]:
        """Criteria other apps registered that the form has no field of its own for: read from
        the address as they are, for the registered filter to interpret."""
        return [key for key in extensions.registered_filter_keys() if key not in self.fields]

    def canonical_query(self, *, keep_place: bool = True) -> QueryDict:
        """The address's parameters in today's spelling, without empty ones, the default sort, or
        any the form does not know (a button's name, say): what the address bar and page links
        carry."""
        query = QueryDict(mutable=True)
        if not isinstance(self.data, QueryDict):
            return query
        known = {*self.fields, *self._contributed_keys()}
        known |= set(PLACE_PARAMETERS) if keep_place else set()
        self.is_valid()  # the default sort may depend on what was asked (search's words)
        for name, values in self.data.lists():
            kept = [value for value in values if name in known and value.strip()]
            if name == "sort" and kept == [self.default_sort]:
                continue  # a select always sends its choice; the default goes without saying
            if kept:
                query.setlist(name, kept)
        return query
