"""Admin changes go into the audit log like every other change."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import HttpRequest

from kendali.audit.actions import record

# Never written into the audit log, whatever the model.
SECRET_FIELDS = {"password", "digest", "secret", "reporter_name", "reporter_contact"}


def snapshot(obj: Model) -> dict[str, Any]:
    values = model_to_dict(obj)
    return {
        key: ("[hidden]" if key in SECRET_FIELDS else value)
        for key, value in values.items()
        if not isinstance(value, bytes)
    }


class AuditedAdmin:
    """Mix into a ModelAdmin: saves and deletes made in the admin are audited with the person,
    what changed before and after, in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            record(
                actor=request.user,
                action=f"admin.{'change' if change else 'add'}.{obj._meta.model_name}",
                obj=obj,
                before=before,
                after=snapshot(obj),
                source="admin",
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        # Inline rows (routing rules, working hours, steps) and many-to-many fields.
        if formsets or form.instance._meta.many_to_many:
            with transaction.atomic():
                record(
                    actor=request.user,
                    action=f"admin.related.{form.instance._meta.model_name}",
                    obj=form.instance,
                    after=snapshot(form.instance),
                    source="admin",
                )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record(
                actor=request.user,
                action=f"admin.delete.{obj._meta.model_name}",
                obj=obj,
                before=snapshot(obj),
                source="admin",
            )
            super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                record(
                    actor=request.user,
                    action=f"admin.delete.{obj._meta.model_name}",
                    obj=obj,
                    before=snapshot(obj),
                    source="admin",
                )
            super().delete_queryset(request, queryset)  # type: ignore[misc]
