from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from pqtracker.accounts.permissions import Permission
from pqtracker.accounts.roles import ROLES, Role, permissions_for


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    class Meta:
        ordering = ["username"]

    def role_names(self) -> set[str]:
        # Cached per instance: a page asks many permission questions of request.user.
        cached: set[str] | None = getattr(self, "_role_names", None)
        if cached is None:
            # No order: the model's (by user name) would join the user table for nothing.
            assignments = self.role_assignments.order_by()
            cached = set(assignments.values_list("role", flat=True)) if self.pk else set()
            self._role_names = cached
        return cached

    def has_permission(self, permission: Permission) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return permission in permissions_for(self.role_names())


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]
        ordering = ["user__username", "role"]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    @property
    def description(self) -> str:
        return ROLES[self.role].description
