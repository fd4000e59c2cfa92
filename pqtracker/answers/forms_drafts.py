"""Forms of the draft editor: they parse and name errors; the services decide and write."""

from __future__ import annotations

from django import forms

from pqtracker.answers.drafting import MAX_ANSWER_CHARS, MAX_COMMENT_CHARS, MAX_NOTE_CHARS
from pqtracker.answers.models import AnswerType


class DraftForm(forms.Form):
    answer_text = forms.CharField(
        label="Draft answer",
        required=False,
        strip=False,
        max_length=MAX_ANSWER_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"max_length": f"Answer must be {MAX_ANSWER_CHARS:,} characters or fewer"},
    )
    background_note = forms.CharField(
        label="Background note for the minister",
        help_text="Never published.",
        required=False,
        strip=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"Background note must be {MAX_NOTE_CHARS:,} characters or fewer"
        },
    )
    answer_type = forms.ChoiceField(
        label="Answer type",
        choices=AnswerType.choices,
        error_messages={
            "required": "Select an answer type",
            "invalid_choice": "Select an answer type",
        },
    )
    # The version the editor was showing when the person started typing: 0 for none.
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Buttons beside the editor that act on a similar past question (its id).
    refer = forms.IntegerField(required=False, min_value=1)
    start_from = forms.IntegerField(required=False, min_value=1)


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Add a comment",
        max_length=MAX_COMMENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter a comment",
            "max_length": f"Comment must be {MAX_COMMENT_CHARS:,} characters or fewer",
        },
    )
