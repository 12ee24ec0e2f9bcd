"""Saving what changed, and only that: the one way every `update_*` service writes a row."""

from collections.abc import Iterable

from django.db import models


def apply_changes(
    instance: models.Model, values: dict, fields: Iterable[str], *, validate_constraints: bool = True
) -> list[str]:
    """Set `values` on `instance`, then validate and save the fields whose value changed.

    Returns their names in the order of `fields`. Only the changed fields are validated (and the
    model's own `clean`, which sees them all), so an untouched field costs no uniqueness query. A
    name outside `fields` is a programming mistake (a TypeError), never a message for users."""
    fields = tuple(fields)
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no changeable fields {sorted(unknown)}")
    changed = [field for field in fields if field in values and getattr(instance, field) != values[field]]
    for field in changed:
        setattr(instance, field, values[field])
    if changed:
        untouched = [field.name for field in instance._meta.concrete_fields if field.name not in changed]
        instance.full_clean(exclude=untouched, validate_constraints=validate_constraints)
        instance.save(update_fields=changed)
    return changed


def changed_texts(texts: dict, language: str, values: dict, fields: Iterable[str]) -> tuple[dict, list[str]]:
    """Per-language texts ({"en": {...}, "ar": {...}}) with `language`'s entry made of `values`.

    Returns the new texts and the names of the fields whose text changed (an absent or empty
    value counts as ""); the other languages are left as they were."""
    fields = tuple(fields)
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"No text fields {sorted(unknown)}")
    before = texts.get(language) or {}
    after = {field: values.get(field) or "" for field in fields}
    changed = [field for field in fields if (before.get(field) or "") != after[field]]
    if not changed:
        return texts, []
    return {**texts, language: {**before, **after}}, changed
