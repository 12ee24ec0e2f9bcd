"""Full-text search of submitted applications: a stored search vector per row, built from its
title and its answers that are not sensitive (those are encrypted elsewhere and never indexed),
in the text search configuration of the application's language, and queried in websearch syntax
("quoted phrase", -word, or) with the same configuration. SQLite (`make run`) has no text search:
there the column holds the plain text, searched with icontains."""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.utils import translation

from .answer_text import answer_lines, choice_labels_in
from .models import Application, Question

CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}
UNKNOWN_LANGUAGE_CONFIG = "simple"
NOT_SEARCHED = {Question.Type.FILE}
# PostgreSQL's Arabic stemmer strips و (and) or ال (the) but not both at once: "والمدافعين"
# stays "والمدافع" where "المدافعين" becomes "مدافع". The word is indexed a second time
# without its و, so a search for "مدافع" finds it.
AND_THE = re.compile(r"(?<!\S)و(ال\S{3,})")


def config_of(language: str) -> str:
    return CONFIGS.get(language, UNKNOWN_LANGUAGE_CONFIG)


def searchable_text(application: Application) -> str:
    """The title and the non-sensitive answers as a reader reads them (a choice by its label in
    the application's language), one per line."""
    language = application.language or (application.form_snapshot or {}).get("default_language", "")
    questions = {
        question["key"]: question
        for section in (application.form_snapshot or {}).get("sections", [])
        for question in section["questions"]
    }
    default_language = (application.form_snapshot or {}).get("default_language", language)
    lines = [application.title]
    with translation.override(language or None):
        for key, value in application.answers.items():
            question = questions.get(key, {})
            if question.get("sensitive") or question.get("type") in NOT_SEARCHED:
                continue
            labels = choice_labels_in(question.get("texts", {}), language, default_language)
            lines += answer_lines(question.get("type", Question.Type.SHORT_TEXT), value, labels)
    text = "\n".join(line for line in lines if line)
    if language == "ar":
        text += "\n" + " ".join(AND_THE.findall(text))
    return text.strip()


def has_text_search() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vector(application: Application) -> None:
    """Store the application's search vector from what it holds now."""
    text = searchable_text(application)
    vector = SearchVector(Value(text), config=config_of(application.language)) if has_text_search() else text
    Application.objects.filter(pk=application.pk).update(search_vector=vector)


def matching(applications: QuerySet[Application], words: str) -> QuerySet[Application]:
    """The applications whose title or non-sensitive answers match `words`: each row in its own
    language's configuration, so French plurals and Arabic prefixes are found."""
    words = words.strip()
    if not words:
        return applications
    if not has_text_search():
        return applications.filter(Q(title__icontains=words) | Q(search_vector__icontains=words))
    found = Q(
        ~Q(language__in=list(CONFIGS)),
        search_vector=SearchQuery(words, config=UNKNOWN_LANGUAGE_CONFIG, search_type="websearch"),
    )
    for language, config in CONFIGS.items():
        found |= Q(language=language, search_vector=SearchQuery(words, config=config, search_type="websearch"))
    return applications.filter(found)
