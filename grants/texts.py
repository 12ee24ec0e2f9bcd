"""Texts staff type for applicants to read: how long each may be, and the fallback to the
call's default language. The limits are the same in the forms (a message next to the field)
and in the services (a refusal), so no path stores a text that would slow every page."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .errors import BuilderError

# Characters. A call's description is its longest text; eight pages of prose fit in 20,000.
TEXT_LIMITS = {
    "title": 200,
    "summary": 500,
    "description": 20_000,
    "eligibility": 10_000,
    "intro": 2_000,
    "label": 500,
    "help": 2_000,
    "choice": 200,
}


def text_in(texts: dict, language: str, fallback: str) -> dict:
    """The texts in `language`, each missing one taken from `fallback` (the default language)."""
    default = texts.get(fallback) or {}
    wanted = texts.get(language) or {}
    return {**default, **{key: value for key, value in wanted.items() if value not in ("", None, [], {})}}


def check_lengths(values: dict, *, limit_name: str | None = None) -> None:
    """Refuse a text longer than its limit: the limit named by its field, or `limit_name`."""
    for field, value in values.items():
        limit = TEXT_LIMITS[limit_name or field]
        if value and len(value) > limit:
            raise BuilderError(
                _("At most %(limit)d characters here (this text has %(count)d).")
                % {"limit": limit, "count": len(value)},
                field=field,
            )


def check_choice_lengths(labels: Iterable[str], *, field: str) -> None:
    for label in labels:
        check_lengths({field: label}, limit_name="choice")
