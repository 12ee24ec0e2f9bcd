"""Answers as a reader reads them: a choice by its label, a country by its name, yes or no in
words, everything else exactly as it was typed. The submitted copy (copies.py) and the section
pages (a colleague's answers shown beside one's own) read answers the same way."""

from django.utils.translation import gettext as _
from django_countries import countries

from .models import Question

T = Question.Type


def choice_labels_in(texts: dict, language: str, default_language: str) -> dict[str, str]:
    """A question's choice labels by key (retired ones included), in `language`, each missing
    one taken from the default language. `texts` as questions and snapshots keep them."""
    default = (texts.get(default_language) or {}).get("choices") or {}
    wanted = (texts.get(language) or {}).get("choices") or {}
    return {**default, **{key: label for key, label in wanted.items() if label}}


def answer_lines(kind: str, value, labels: dict[str, str]) -> list[str]:
    """What an answer says, one line per chosen option (else a single line, as typed); nothing
    for an answer not given."""
    if value is None or value == "" or value == []:
        return []
    if kind == T.MULTIPLE_CHOICE:
        return [labels.get(item) or str(item) for item in (value if isinstance(value, list) else [value])]
    if isinstance(value, list):  # a list where one value belongs: shown as it is, never dropped
        return [str(item) for item in value]
    if kind == T.SINGLE_CHOICE:
        return [labels.get(value) or str(value)]
    if kind == T.YES_NO:
        return [{"yes": _("Yes"), "no": _("No")}.get(value, str(value))]
    if kind == T.COUNTRY:
        return [countries.name(value) or str(value)]
    return [str(value)]
