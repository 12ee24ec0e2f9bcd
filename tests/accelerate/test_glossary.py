"""Every translation keeps to the glossary (locale/GLOSSARY.md): for each term, none of the words
its row says to avoid appears in a translation of a string that names the term ("*": any string)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.accelerate.test_translations import catalogue, parse_po

GLOSSARY = Path(settings.LOCALE_PATHS[0]) / "GLOSSARY.md"
AVOID_COLUMN = {"ar": 2, "fr": 4, "es": 6}
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]|<[^>]+>")
ARABIC_LETTER = "\u0600-\u06ff"


def rows() -> list[list[str]]:
    lines = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    table = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return table[1:]  # the header


def avoided(language: str) -> list[tuple[str, re.Pattern]]:
    """(the English term, a pattern of the words to avoid for it) for each row that has some."""
    found = []
    for row in rows():
        words = [word.strip() for word in re.split(r"[,،]", row[AVOID_COLUMN[language]]) if word.strip()]
        if not words:
            continue
        alternatives = "|".join(re.escape(word) for word in words)
        if language == "ar":  # a word may carry a conjunction, a preposition or the article
            pattern = rf"(?<![{ARABIC_LETTER}])(?:[وفبل]|ال)?(?:{alternatives})(?![{ARABIC_LETTER}])"
        else:
            pattern = rf"(?<!\w)(?:{alternatives})(?!\w)"
        found.append((row[0], re.compile(pattern, re.IGNORECASE)))
    return found


def names(msgid: str, term: str) -> bool:
    return term == "*" or re.search(rf"\b{re.escape(term)}\b", PLACEHOLDER.sub(" ", msgid), re.IGNORECASE) is not None


def test_the_glossary_has_its_terms_and_the_words_to_avoid_for_each_language():
    terms = [row[0] for row in rows()]
    assert {"sign up", "code", "passkey", "*"} <= set(terms)
    assert all(len(row) == 7 for row in rows())
    assert [term for term, _pattern in avoided("ar")][:2] == ["sign up", "code"]


@pytest.mark.parametrize("language", sorted(AVOID_COLUMN))
def test_every_translation_keeps_to_the_glossary(language):
    rules = avoided(language)
    breaches = [
        f"{entry['msgid']!r} -> {translation!r} ({term}: avoid {match[0]!r})"
        for entry in parse_po(catalogue(language))
        if entry["msgid"]
        for translation in entry["msgstr"]
        for term, pattern in rules
        if names(entry["msgid"], term) and (match := pattern.search(translation))
    ]
    assert not breaches, "\n".join(breaches)
