from __future__ import annotations

from django import forms

from pqtracker.evidence.models import GeographyLevel


class FigureSearchForm(forms.Form):
    """The figure search, by GET so every search is a link; every field optional."""

    measure = forms.CharField(
        label="Measure",
        required=False,
        max_length=200,
        help_text="For example, EHC plan or high needs",
    )
    geography = forms.CharField(
        label="Area",
        required=False,
        max_length=100,
        help_text="England, a region or a local authority",
    )
    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "Any level"), *GeographyLevel.choices]
    )
    period = forms.CharField(
        label="Period",
        required=False,
        max_length=40,
        help_text="For example, 2021-22 or January 2024",
    )


class CheckForm(forms.Form):
    text = forms.CharField(label="Text to check", widget=forms.Textarea, max_length=20000)
    references = forms.CharField(
        label="Cited figures",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Figure references, one a line",
    )
    draft_date = forms.DateField(
        label="Draft date",
        required=False,
        widget=forms.TextInput,
        help_text="For example, 2021-12-09",
    )

    def references_list(self) -> list[str]:
        return [
            r.strip() for r in self.cleaned_data.get("references", "").splitlines() if r.strip()
        ]
