from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe

from pqtracker.accounts import capabilities
from pqtracker.accounts.decorators import signed_in_only
from pqtracker.accounts.forms import LoginForm
from pqtracker.accounts.roles import ROLES


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@require_safe
@signed_in_only
def profile(request: HttpRequest) -> HttpResponse:
    """Who am I and what can I do: every signed-in user may see their own roles."""
    roles = [ROLES[name] for name in sorted(request.user.role_names()) if name in ROLES]  # type: ignore[union-attr]
    can = capabilities.for_user(request.user.has_permission)  # type: ignore[union-attr]
    return TemplateResponse(request, "accounts/profile.html", {"roles": roles, "can": can})
