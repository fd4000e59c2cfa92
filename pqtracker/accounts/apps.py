from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pqtracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
