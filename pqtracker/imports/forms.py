from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Submit
from django import forms


class RunImportForm(forms.Form):
    """No fields: the button that asks for an incremental import now (POST, with CSRF)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_id = "run-import-form"
        self.helper.layout = Layout(Submit("run", "Run import now"))
