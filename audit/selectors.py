"""Reads of the audit log. Callers decide who may see which events; these only filter."""

from collections.abc import Iterable

from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent


def events_about(target: models.Model, verbs: Iterable[str] | None = None) -> QuerySet[AuditEvent]:
    """The events whose target is `target`, oldest first, their actors loaded: one query."""
    events = AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
    if verbs is not None:
        events = events.filter(verb__in=list(verbs))
    return events.select_related("actor").order_by("at", "pk")
