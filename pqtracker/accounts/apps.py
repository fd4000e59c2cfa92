from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "pqtracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from pqtracker.accounts import role_cache
        from pqtracker.accounts.lockout import record_lockout
        from pqtracker.accounts.models import RoleAssignment, User

        user_locked_out.connect(record_lockout, dispatch_uid="pqtracker.accounts.record_lockout")
        # Every write to role assignments forgets the user's cached role names (ADR 20).
        saved, deleted = role_cache.assignment_written, role_cache.assignment_written
        post_save.connect(
            saved, sender=RoleAssignment, dispatch_uid="pqtracker.accounts.role_saved"
        )
        post_delete.connect(
            deleted, sender=RoleAssignment, dispatch_uid="pqtracker.accounts.role_del"
        )
        post_save.connect(
            role_cache.user_saved, sender=User, dispatch_uid="pqtracker.accounts.user"
        )
