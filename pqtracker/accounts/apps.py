from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pqtracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from pqtracker.accounts.lockout import record_lockout

        user_locked_out.connect(record_lockout, dispatch_uid="pqtracker.accounts.record_lockout")
