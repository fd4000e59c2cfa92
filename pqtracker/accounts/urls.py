from django.urls import path

from pqtracker.accounts import views
from pqtracker.accounts.decorators import signed_in_only

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", signed_in_only(views.LogoutView.as_view()), name="logout"),
    path("me/", views.profile, name="profile"),
]
