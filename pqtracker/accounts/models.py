from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models, transaction

from pqtracker.accounts import role_cache
from pqtracker.accounts.permissions import Permission
from pqtracker.accounts.roles import ROLES, Role, permissions_for


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    class Meta:
        ordering = ["username"]

    def role_names(self) -> set[str]:
        # Cached per instance (a page asks many permission questions of request.user) and in the
        # cache across requests (accounts.role_cache: no query on a signed-in page, ADR 20).
        cached: set[str] | None = getattr(self, "_role_names", None)
        if cached is None:
            if not self.pk:
                cached = set()
            else:
                using = self._state.db or "default"
                cached = role_cache.read(self.pk, using)
                if cached is None:
                    # No order: the model's (by user name) would join the user table for nothing.
                    assignments = self.role_assignments.order_by()
                    cached = set(assignments.values_list("role", flat=True))
                    role_cache.fill(self.pk, using, cached)
            self._role_names = cached
        return cached

    def has_permission(self, permission: Permission) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return permission in permissions_for(self.role_names())


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    """The writes that send no signal forget their users' cached role names too (``save`` and
    ``delete``, the cascade included, send ``post_save``/``post_delete``: accounts.apps)."""

    def update(self, **kwargs: Any) -> int:
        with transaction.atomic(using=self.db, savepoint=False):
            # Locked, so that the rows updated are the rows whose users are forgotten.
            before = list(self.select_for_update().values_list("pk", "user_id"))
            rows = super().update(**kwargs)
            user_ids = {user_id for _, user_id in before}
            if {"user", "user_id"} & kwargs.keys():  # moved to other users: those too
                pks = [pk for pk, _ in before]
                moved = self.model._default_manager.using(self.db).filter(pk__in=pks)
                user_ids |= set(moved.values_list("user_id", flat=True))
            role_cache.forget(user_ids, self.db)
        return rows

    def bulk_create(self, objs: Iterable[RoleAssignment], *args: Any, **kwargs: Any) -> list[Any]:
        created = super().bulk_create(objs, *args, **kwargs)
        role_cache.forget([obj.user_id for obj in created], self.db)
        return created

    def bulk_update(
        self, objs: Iterable[RoleAssignment], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        objs, fields = list(objs), list(fields)
        with transaction.atomic(using=self.db, savepoint=False):
            user_ids = {obj.user_id for obj in objs}
            if {"user", "user_id"} & set(fields):  # the users they are moved from
                stored = self.model._default_manager.using(self.db)
                pks = [obj.pk for obj in objs]
                user_ids |= set(stored.filter(pk__in=pks).values_list("user_id", flat=True))
            rows = super().bulk_update(objs, fields, batch_size=batch_size)
            role_cache.forget(user_ids, self.db)
        return rows


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()
    _loaded_user_id: int | None = None  # see from_db

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_user_role")]
        ordering = ["user__username", "role"]
        # Also for the writes Django makes through the base manager (a related manager's add()).
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> RoleAssignment:
        instance = super().from_db(db, field_names, values)
        # The user it was read with: a save that moves it forgets that user's roles too.
        instance._loaded_user_id = instance.__dict__.get("user_id")
        return instance

    @property
    def description(self) -> str:
        return ROLES[self.role].description
