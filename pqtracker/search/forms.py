from __future__ import annotations

from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.db.models import Exists, OuterRef
from django.http import QueryDict

from pqtracker.parliament.models import (
    AnsweringBody,
    House,
    Member,
    QuestionStatus,
    WrittenQuestion,
)
from pqtracker.search.query import ParsedQuery, QueryError, parse, uin_in
from pqtracker.search.services import SORTS, Criteria


def _members_who(relation: str) -> Any:
    return Member.objects.filter(
        Exists(WrittenQuestion.objects.filter(**{relation: OuterRef("pk")}))
    ).order_by("name_list", "name_display")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Member) -> str:
        return obj.name_display


class SafeDateInputField(DateInputField):
    """crispy-forms-gds turns an impossible date into a form error but lets a year or day too big
    for Python's date (OverflowError) through as a server error."""

    def compress(self, data_list: Any) -> Any:
        try:
            return super().compress(data_list)
        except OverflowError as error:
            raise forms.ValidationError("Enter a real date") from error


def _date(label: str) -> DateInputField:
    field = SafeDateInputField(label=label, required=False, require_all_fields=False)
    field.help_text = "For example, 9 12 2021"
    return field


class SearchForm(forms.Form):
    """The search page's GET form: the query text and every filter, all optional."""

    q = forms.CharField(
        label="Search questions and answers", required=False, max_length=500, strip=True
    )
    house = forms.ChoiceField(
        label="House",
        required=False,
        choices=[("", "Both Houses"), (House.COMMONS, "Commons"), (House.LORDS, "Lords")],
    )
    answering_body = forms.ModelChoiceField(
        label="Answering department",
        queryset=AnsweringBody.objects.all(),
        required=False,
        empty_label="Any",
    )
    asking_member = MemberChoiceField(
        label="Asked by", queryset=Member.objects.none(), required=False, empty_label="Any member"
    )
    answering_member = MemberChoiceField(
        label="Answered by",
        queryset=Member.objects.none(),
        required=False,
        empty_label="Any minister",
    )
    tabled_from = _date("Tabled on or after")
    tabled_to = _date("Tabled on or before")
    answered_from = _date("Answered on or after")
    answered_to = _date("Answered on or before")
    status = forms.MultipleChoiceField(
        label="Status",
        choices=QuestionStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    named_day = forms.BooleanField(label="Named day questions only", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: ParsedQuery | None = None
        for name in ("asking_member", "answering_member"):
            field = self.fields[name]
            assert isinstance(field, MemberChoiceField)
            field.queryset = _members_who(name)
            # Type-ahead with JavaScript (static/js/member-autocomplete.mjs); a select without.
            field.widget.attrs["data-app-autocomplete"] = ""
        self.fields["q"].widget.attrs.update(
            {"id": "q", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["q"].help_text = (
            'Use "quotes" for an exact phrase, OR for either word, '
            "and a minus sign to exclude a word. "
            "A question number (UIN) such as 87924 or HL1234 goes straight to that question."
        )
        self.search_helper = self._helper(
            Field.text("q", label_size=Size.MEDIUM), Button("search", "Search")
        )
        self.filter_helper = self._helper(
            Fieldset(
                Field.select("house"),
                Field.select("answering_body"),
                Field.select("asking_member"),
                Field.select("answering_member"),
                Field("tabled_from"),
                Field("tabled_to"),
                Field("answered_from"),
                Field("answered_to"),
                Field.checkboxes("status", small=True, legend_size=Size.SMALL),
                Field.checkbox("named_day", small=True),
                Field.select("sort"),
                legend="Filter results",
                legend_size=Size.MEDIUM,
            ),
            Button("apply", "Apply filters", css_class="govuk-button--secondary"),
        )

    @staticmethod
    def _helper(*fields: Any) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # a GET form: a token would only leak into URLs
        helper.label_size = Size.SMALL
        helper.layout = Layout(*fields)
        return helper

    @property
    def uin(self) -> str | None:
        return uin_in(self.cleaned_data.get("q", "")) if hasattr(self, "cleaned_data") else None

    def clean_q(self) -> str:
        text = self.cleaned_data["q"]
        if text and not uin_in(text):
            try:
                self.parsed = parse(text)
            except QueryError as error:
                raise forms.ValidationError(str(error), code="query") from error
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start, end, what in (
            ("tabled_from", "tabled_to", "tabled"),
            ("answered_from", "answered_to", "answered"),
        ):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(
                    end,
                    f"The {what} on or before date must be the same as or after "
                    "the on or after date.",
                )
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        sort = data.get("sort") or ("relevance" if self.parsed else "newest")
        return Criteria(
            query=self.parsed,
            house=data.get("house") or "",
            answering_body_id=data["answering_body"].pk if data.get("answering_body") else None,
            asking_member_id=data["asking_member"].pk if data.get("asking_member") else None,
            answering_member_id=data["answering_member"].pk
            if data.get("answering_member")
            else None,
            tabled_from=data.get("tabled_from"),
            tabled_to=data.get("tabled_to"),
            answered_from=data.get("answered_from"),
            answered_to=data.get("answered_to"),
            statuses=tuple(data.get("status") or ()),
            named_day=bool(data.get("named_day")),
            sort=sort,
        )


class SaveSearchForm(forms.Form):
    name = forms.CharField(label="Name this search", max_length=120)
    query_string = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(Field.text("name", field_width=20), "query_string")

    def clean_query_string(self) -> str:
        """Only a search that runs, and looks for something, may be saved: an empty one would
        email every new question daily, and a broken one would never alert at all."""
        raw: str = self.cleaned_data["query_string"]
        params = QueryDict(raw)
        if not SearchForm(params).is_valid():
            raise forms.ValidationError(
                "This search has errors. Correct them on the search page, then save it."
            )
        ignored = {"page", "format", "sort"}
        if not any(v.strip() for k, vs in params.lists() if k not in ignored for v in vs):
            raise forms.ValidationError(
                "Search for some words or choose a filter before saving the search."
            )
        return raw
