"""Every translation catalogue is complete: no untranslated or fuzzy entry, placeholders and HTML
tags kept, headers right. After adding or changing a string, update the catalogues with

    python manage.py makemessages -l fr -l es -l ar --ignore=.venv --ignore=var \\
        --ignore=node_modules --ignore=tests --ignore=bench --no-location

and translate what it added; these tests then say what is left. They do not check that the
catalogues are up to date with the source: a string nobody extracted is simply not listed.

The .po files are parsed here in Python (no gettext tools, no database), so this stays fast."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# nplurals as in Django's own catalogues for these languages.
NPLURALS = {"fr": 2, "es": 3, "ar": 6}

# printf-style placeholders of python-format entries (blocktranslate variables become %(name)s).
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file, each {"flags": set, "msgctxt": str|None, "msgid": str, "msgid_plural": str|None,
    "msgstr": [str, ...]}. makemessages --no-location may leave no blank line between
    entries, so a new msgid or flag line after a complete entry starts the next one."""
    entries: list[dict] = []
    entry: dict | None = None
    key = None

    def new_entry():
        return {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            entry, key = None, None
            continue
        if line.startswith("#~"):  # obsolete entry: makemessages drops these, ignore any left
            continue
        if line.startswith("#,"):
            if entry is None or entry["msgid"] is not None:
                entry = new_entry()
                entries.append(entry)
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if key in ("msgctxt", "msgid"):
                entry[key] += value
            elif key == "msgid_plural":
                entry["msgid_plural"] += value
            else:
                entry["msgstr"][key] += value
            continue
        keyword, _space, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid"):
            if entry is None or entry["msgid"] is not None or (keyword == "msgctxt" and entry["msgctxt"]):
                entry = new_entry()
                entries.append(entry)
            entry[keyword] = value
            key = keyword
        elif keyword == "msgid_plural":
            entry["msgid_plural"] = value
            key = "msgid_plural"
        elif keyword.startswith("msgstr"):
            match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            assert match, f"{path}: unexpected keyword {keyword!r}"
            key = int(match.group(1) or 0)
            entry["msgstr"][key] = value
        else:
            raise AssertionError(f"{path}: unexpected line {line!r}")
    for item in entries:
        item["msgstr"] = [item["msgstr"][index] for index in sorted(item["msgstr"])]
    return [item for item in entries if item["msgid"] is not None]


def catalogue(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", params=TRANSLATED_LANGUAGES)
def po(request):
    path = catalogue(request.param)
    assert path.is_file(), f"{path} is missing: run makemessages -l {request.param}"
    entries = parse_po(path)
    header = next(entry for entry in entries if entry["msgid"] == "")
    messages = [entry for entry in entries if entry["msgid"]]
    return request.param, header, messages


def test_there_is_a_catalogue_for_every_language_but_the_default():
    assert set(TRANSLATED_LANGUAGES) == set(NPLURALS)
    for language in TRANSLATED_LANGUAGES:
        assert catalogue(language).is_file(), language


def test_the_header_is_set(po):
    language, header, _messages = po
    text = header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    assert f"Language: {language}\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert f"Plural-Forms: nplurals={NPLURALS[language]};" in text


def test_every_message_is_translated_and_none_is_fuzzy(po):
    language, _header, messages = po
    assert messages, f"{language}: the catalogue is empty"
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    untranslated = [entry["msgid"] for entry in messages if not all(entry["msgstr"])]
    assert not fuzzy, f"{language}: fuzzy entries {fuzzy}"
    assert not untranslated, f"{language}: untranslated entries {untranslated}"


def test_plural_entries_have_every_form(po):
    language, _header, messages = po
    for entry in messages:
        expected = NPLURALS[language] if entry["msgid_plural"] is not None else 1
        assert len(entry["msgstr"]) == expected, f"{language}: {entry['msgid']!r}"


def test_translations_keep_placeholders_and_html_tags(po):
    language, _header, messages = po
    for entry in messages:
        tags = sorted(HTML_TAG.findall(entry["msgid"]))
        placeholders = sorted(PLACEHOLDER.findall(entry["msgid"]))
        # A plural form may leave the number out (Arabic says "one minute" with no digit), so a
        # plural translation must only use placeholders that the source has.
        allowed = set(placeholders) | set(PLACEHOLDER.findall(entry["msgid_plural"] or ""))
        for translation in entry["msgstr"]:
            if "python-format" in entry["flags"]:
                found = PLACEHOLDER.findall(translation)
                if entry["msgid_plural"] is None:
                    assert sorted(found) == placeholders, (
                        f"{language}: placeholders differ in {entry['msgid']!r}: {translation!r}"
                    )
                else:
                    assert set(found) <= allowed, f"{language}: unknown placeholder in {translation!r}"
            assert sorted(HTML_TAG.findall(translation)) == tags, (
                f"{language}: HTML tags differ in {entry['msgid']!r}: {translation!r}"
            )
