"""English pages say allauth's strings in the portal's wording: sentence case ("Two-factor
authentication", not "Two-Factor Authentication"), from the English catalogue."""

import re

from django.utils import translation

from tests.accelerate.test_translations import catalogue, parse_po


def in_sentence_case(text: str) -> bool:
    """Only the first word of each sentence capitalised."""
    return not any(word[0].isupper() for sentence in text.split(". ") for word in sentence.split()[1:])


def test_the_english_catalogue_rewords_allauths_title_case_and_is_used():
    entries = [entry for entry in parse_po(catalogue("en")) if entry["msgid"]]
    assert len(entries) >= 15
    with translation.override("en"):
        for entry in entries:
            assert translation.gettext(entry["msgid"]) == entry["msgstr"][0] != entry["msgid"]
            assert in_sentence_case(entry["msgstr"][0]), entry["msgstr"][0]


def test_the_two_factor_page_is_in_sentence_case(client, applicant):
    client.force_login(applicant)
    page = client.get("/accounts/2fa/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Two-factor authentication\s*</h1>", page)
    assert "Two-Factor" not in page and "Authenticator App" not in page
