from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the field's max_length after the field is built, so the widget
        # shows it but nothing checks it: a longer name went on to authenticate() (a password
        # hashed for nobody) and overflowed axes' 255-character column (a 500 on PostgreSQL,
        # never counted). Refused here, field cleaning keeps clean() from calling authenticate().
        limit = get_user_model()._meta.get_field("username").max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, message=f"Enter a user name of {limit} characters or fewer")
        )
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )
        self.helper.label_size = Size.SMALL
