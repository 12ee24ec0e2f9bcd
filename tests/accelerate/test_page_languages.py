"""A page read in French, Spanish or Arabic carries no English: every page of the URL
configuration (from the resolver), and the pages of a sign-up, a password reset and a second
factor under way, opened by each kind of visitor in each language, say nothing that is the
English of one of our catalogue's strings or allauth's (its msgid) where that language has
other words for it. Text marked with another language (`lang`: a call's texts shown in its
default language, the portal's configured name) is that language's, not a leak; a string that
reads the same in both languages (French "Menu") cannot be told apart, and is not one either.

allauth's own strings reach our pages in our words or not at all: a text that is allauth's
translation of one of its strings that our catalogue lacks fails too (allauth's Arabic says
الاشتراك, "subscription", for "Sign Up"; our glossary says إنشاء حساب).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import Role
from tests.accelerate.test_translations import catalogue, parse_po
from tests.accounts.test_access_matrix import URLS, World, built_world, path_of
from tests.factories import PASSWORD, UserFactory
from tests.pages import texts_of

LANGUAGES = ("fr", "es", "ar")
ROLES = ("anonymous", "applicant", "reviewer", "program_staff", "admin")
# The quick exit ends the session that the next pages need; the admin site is Django's.
NOT_WALKED = {"portal:quick-exit"}
ALLAUTH_LOCALE = Path(allauth.__file__).parent / "locale"
PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%[sd]|\{[^}]*\}")
TAG = re.compile(r"<[^>]+>")


def normalised(text: str) -> str:
    return " ".join(TAG.sub("", text).split())


@dataclass(frozen=True)
class Source:
    """One string of a catalogue, as an English reader and as this language's reader see it."""

    english: str
    translated: str
    ours: bool


def translated(entry: dict, language: str) -> list[Source]:
    """Its English forms and what Django shows in `language` for each (our catalogue first)."""
    ours = entry.get("ours", False)
    context, msgid, plural = entry["msgctxt"], entry["msgid"], entry["msgid_plural"]
    with translation.override(language):
        if plural is None:
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            return [Source(msgid, shown, ours)]
        return [Source(msgid, translation.ngettext(msgid, plural, 1), ours)] + [
            Source(plural, translation.ngettext(msgid, plural, count), ours) for count in (2, 3, 11, 100)
        ]


class EnglishFinder:
    """Finds, among a page's texts, the English of a catalogue string that has other words in
    the page's language, and allauth's translations of strings that our catalogue lacks."""

    def __init__(self, language: str):
        ours = [{**entry, "ours": True} for entry in parse_po(catalogue(language)) if entry["msgid"]]
        our_ids = {(entry["msgctxt"], entry["msgid"]) for entry in ours}
        allauth_entries = [
            entry
            for entry in parse_po(ALLAUTH_LOCALE / language / "LC_MESSAGES" / "django.po")
            if entry["msgid"] and (entry["msgctxt"], entry["msgid"]) not in our_ids
        ]
        self.exact: dict[str, str] = {}  # normalised text -> what it is
        self.patterns: list[tuple[str, re.Pattern, str]] = []  # (a literal part, pattern, what)
        sources = [source for entry in ours + allauth_entries for source in translated(entry, language)]
        # What our catalogue says in this language is ours, even where allauth says the same.
        our_words = {normalised(source.translated) for source in sources if source.ours}
        for source in sources:
            origin = "our catalogue" if source.ours else "allauth's catalogue"
            if normalised(source.translated) != normalised(source.english):
                self._add(source.english, f"the English of {origin}'s {source.english!r}")
            if (
                not source.ours
                and source.translated != source.english
                and normalised(source.translated) not in our_words
            ):
                self._add(source.translated, f"allauth's own translation of {source.english!r}, not ours")

    def _add(self, text: str, what: str) -> None:
        text = normalised(text)
        if not re.search(r"[^\W\d_]{2}", text):
            return  # no word in it: punctuation, a placeholder alone
        parts = PLACEHOLDER.split(text)
        if len(parts) == 1:
            self.exact.setdefault(text, what)
            return
        literal = max(parts, key=len)
        if len(literal.strip()) >= 4:
            pattern = re.compile(".+?".join(re.escape(part) for part in parts))
            self.patterns.append((literal, pattern, what))

    def find(self, html: str) -> list[str]:
        page_language, texts = texts_of(html)
        own = [item for item in texts if item.language.split("-")[0] == page_language.split("-")[0]]
        found = {f"{item.where}: {item.text!r} is {self.exact[item.text]}" for item in own if item.text in self.exact}
        whole = "\n".join(item.text for item in own)
        for literal, pattern, what in self.patterns:
            if literal in whole:
                found |= {f"{item.where}: {item.text!r} is {what}" for item in own if pattern.fullmatch(item.text)}
        return sorted(found)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """As the access matrix builds it (its users signed in, what the applicant owns), once."""
    with django_db_blocker.unblock(), built_world() as world:
        yield world


def client_for(role: str, language: str, world: World) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.session_keys[role]
    return client


def html_of(response) -> str | None:
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return None
    return response.content.decode()


def english_on_every_page(client: Client, world: World, finder: EnglishFinder) -> dict[str, list[str]]:
    found = {}
    for url in URLS:
        if url.namespace == "admin" or url.name in NOT_WALKED:
            continue
        path = path_of(url, world)
        html = html_of(client.get(path))
        if html is not None and (english := finder.find(html)):
            found[path] = english
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_carries_english_from_our_catalogue_or_allauths(role, language, world, db):
    User.objects.update(language=language)  # signed-in users read the portal in their own
    found = english_on_every_page(client_for(role, language, world), world, EnglishFinder(language))
    assert not found, "\n".join(f"{path}\n  " + "\n  ".join(lines) for path, lines in found.items())


def pages_of_processes_under_way(language: str, reviewer: User) -> dict[str, str]:
    """The pages a visitor meets only after posting, each process in a browser of its own: a
    code to enter (and a wrong one refused), a sign-in refused, a second factor asked for."""
    pages = {}

    def visitor() -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    def keep(name, response):
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()

    signing_up = visitor()
    new_password = PASSWORD * 2
    signing_up.post(
        reverse("account_signup"),
        {"email": "new.person@example.org", "password1": new_password, "password2": new_password, "website": ""},
    )
    code_page = reverse("account_email_verification_sent")
    keep("sign-up code", signing_up.get(code_page))
    keep("sign-up code refused", signing_up.post(code_page, {"action": "verify", "code": "ZZZZ-ZZZZ"}))
    keep("sign-in refused", visitor().post(reverse("account_login"), {"login": reviewer.email, "password": "wrong"}))
    resetting = visitor()
    resetting.post(reverse("account_reset_password"), {"email": reviewer.email})
    reset_code_page = reverse("account_confirm_password_reset_code")
    keep("reset code", resetting.get(reset_code_page))
    keep("reset code refused", resetting.post(reset_code_page, {"code": "ZZZZ-ZZZZ"}))
    signing_in = visitor()
    signing_in.post(reverse("account_login"), {"login": reviewer.email, "password": PASSWORD})
    keep("second factor", signing_in.get(reverse("mfa_authenticate")))
    keep("second factor refused", signing_in.post(reverse("mfa_authenticate"), {"code": "000000"}))
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_of_a_sign_up_a_reset_or_a_second_factor_under_way_carries_english(language, db):
    reviewer = UserFactory(roles=[Role.REVIEWER], language=language)
    finder = EnglishFinder(language)
    pages = pages_of_processes_under_way(language, reviewer)
    found = {name: english for name, html in pages.items() if (english := finder.find(html))}
    assert not found, "\n".join(f"{name}\n  " + "\n  ".join(lines) for name, lines in found.items())
