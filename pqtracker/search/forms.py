from __future__ import annotations

from dataclasses import fields
from functools import cached_property
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.http import QueryDict
from django.urls import reverse

from pqtracker.parliament.forms import QuestionFilterForm
from pqtracker.search.query import ParsedQuery, QueryError, parse, uin_in
from pqtracker.search.services import RELEVANCE, SORTS, Criteria

# htmx's id for the search box's own live requests (as you type), told apart from the form's.
LIVE_TRIGGER = "q"


class SearchForm(QuestionFilterForm):
    """The search page's GET form: the question list's criteria and the query text."""

    q = forms.CharField(
        label="Search questions and answers",
        required=False,
        max_length=500,
        strip=True,
        error_messages={"max_length": "Search must be 500 characters or fewer"},
    )

    field_order = ["q"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: ParsedQuery | None = None
        sort = self.fields["sort"]
        assert isinstance(sort, forms.ChoiceField)
        sort.choices = list(SORTS.items())
        sort.initial = RELEVANCE
        url = reverse("search:search")
        self.fields["q"].widget.attrs.update(
            {
                "id": "q",
                "autocomplete": "off",
                "spellcheck": "false",
                # Live results as you type: the form's fields go with the words. Enter or the
                # Search button submits the form itself (and a UIN then opens its question).
                "hx-get": url,
                "hx-trigger": "input changed delay:300ms",
                "hx-include": "#search-form",
                "hx-target": "#results",
                "hx-push-url": "true",
                "hx-sync": "#search-form:queue last",
                "hx-indicator": "#results-loading",
            }
        )
        self.fields["q"].help_text = (
            'Use "quotes" for an exact phrase, OR for either word, '
            "and a minus sign to exclude a word. "
            "A question number (UIN) such as 87924 or HL1234 goes straight to that question."
        )

    # The helpers are built only when the form is drawn (a kept rendering needs neither:
    # parliament.rendered_forms). No names on the buttons: they must not add themselves to the
    # address.
    @cached_property
    def search_helper(self) -> FormHelper:
        return self._helper(
            Field.text("q", label_size=Size.MEDIUM),
            HTML(
                '<button type="submit" class="govuk-button" data-module="govuk-button">'
                "Search</button>"
            ),
        )

    @cached_property
    def filter_helper(self) -> FormHelper:
        return self._helper(
            Fieldset(
                Field.select("house"),
                Field.select("answering_body"),
                Field.select("asking_member"),
                Field.select("answering_member"),
                Field.text("tabled_from", field_width=10),
                Field.text("tabled_to", field_width=10),
                Field.text("answered_from", field_width=10),
                Field.text("answered_to", field_width=10),
                Field.checkboxes("status", small=True, legend_size=Size.SMALL),
                Field.select("named_day"),
                *(
                    [Field.checkbox("possible_duplicates", small=True)]
                    if "possible_duplicates" in self.fields
                    else []
                ),
                Field.select("sort"),
                legend="Filter results",
                legend_size=Size.MEDIUM,
            ),
            HTML(
                '<button type="submit" class="govuk-button govuk-button--secondary" '
                'data-module="govuk-button">Apply filters</button>'
            ),
        )

    @property
    def default_sort(self) -> str:  # type: ignore[override]
        return RELEVANCE if getattr(self, "parsed", None) else "tabled-newest"

    @staticmethod
    def _helper(*layout: Any) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # a GET form: a token would only leak into URLs
        helper.label_size = Size.SMALL
        helper.layout = Layout(*layout)
        return helper

    def typed_uin(self) -> str | None:
        """The question number the search box holds, if that is all it holds."""
        if not hasattr(self, "cleaned_data"):
            return None
        return uin_in(self.cleaned_data.get("q", ""))

    def clean_q(self) -> str:
        text = str(self.cleaned_data["q"])
        if text and not uin_in(text):
            try:
                self.parsed = parse(text)
            except QueryError as error:
                raise forms.ValidationError(str(error), code="query") from error
        return text

    def criteria(self) -> Criteria:
        base = super().criteria()
        values = {f.name: getattr(base, f.name) for f in fields(base)}
        return Criteria(**values, query=self.parsed)


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
