"""The choices of a choice question: language-free keys in order, a label per language.

A key is given once in a question ("c1", "c2", ...) and never again, even after its choice is
removed: an answer names its choice by key, so an old answer can never come to mean a new
choice, whatever the order or the language."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit import services as audit

from .. import rules
from ..errors import BuilderError
from ..models import Question
from ..selectors import call_state, live_questions_of
from ._common import locked, moved

CHOICE_KEY = re.compile(r"^c(\d+)$")


def new_choice_keys(question: Question, count: int) -> list[str]:
    """`count` keys this question has never used."""
    numbers = [
        int(match.group(1))
        for key in [*question.choices, *question.retired_choices]
        if (match := CHOICE_KEY.match(key))
    ]
    start = max(numbers, default=0) + 1
    return [f"c{number}" for number in range(start, start + count)]


def _labels(question: Question, language: str) -> dict:
    return dict((question.texts.get(language) or {}).get("choices") or {})


def _set_labels(question: Question, language: str, labels: dict) -> None:
    question.texts = {**question.texts, language: {**(question.texts.get(language) or {}), "choices": labels}}


def add_choice_labels(question: Question, language: str, labels: list[str], *, keys: list[str] | None = None) -> None:
    """Append choices labelled `labels` in `language` (not saved: the caller saves)."""
    keys = keys or new_choice_keys(question, len(labels))
    current = _labels(question, language)
    current.update(zip(keys, labels, strict=True))
    _set_labels(question, language, current)
    question.choices = [*question.choices, *keys]


def set_choice_labels(question: Question, language: str, labels: dict) -> list[str]:
    """Relabel live choices in `language` ({key: label}); returns ["choices"] if any changed."""
    unknown = set(labels) - set(question.choices)
    if unknown:
        raise TypeError(f"Question {question.key} has no live choices {sorted(unknown)}")
    current = _labels(question, language)
    wanted = {**current, **{key: label or "" for key, label in labels.items()}}
    wanted = {key: label for key, label in wanted.items() if label}  # an empty label falls back
    if wanted == current:
        return []
    _set_labels(question, language, wanted)
    return ["choices"]


def _stored(question: Question, by: User):
    rfp = locked(question.rfp, by)
    stored = live_questions_of(rfp).filter(pk=question.pk).first()
    if stored is None or not stored.has_choices:
        raise BuilderError(_("This question was removed, or has no choices."))
    return rfp, stored


@transaction.atomic
def move_choice(question: Question, key: str, direction: str, *, by: User) -> bool:
    """Swap a choice with its neighbour; returns whether it moved."""
    rfp, stored = _stored(question, by)
    if key not in stored.choices:
        raise BuilderError(_("This choice was removed already."))
    order = moved(stored.choices, stored.choices.index(key), direction)
    if order is None:
        return False
    stored.choices = order
    stored.save(update_fields=["choices"])
    detail = {"question": stored.pk, "choice": key, "direction": direction}
    audit.record(by, "rfp.choice_moved", rfp, detail=detail)
    question.choices = stored.choices
    return True


@transaction.atomic
def remove_choice(question: Question, key: str, *, by: User) -> None:
    """Take a choice out of the question; its key stays taken, its labels stay (to read old answers)."""
    rfp, stored = _stored(question, by)
    if key not in stored.choices:
        raise BuilderError(_("This choice was removed already."))
    rules.can_remove_choice(stored, call_state(rfp)).enforce()
    stored.choices = [choice for choice in stored.choices if choice != key]
    stored.retired_choices = [*stored.retired_choices, key]
    stored.save(update_fields=["choices", "retired_choices"])
    audit.record(by, "rfp.choice_removed", rfp, detail={"question": stored.pk, "choice": key})
    question.choices, question.retired_choices = stored.choices, stored.retired_choices
