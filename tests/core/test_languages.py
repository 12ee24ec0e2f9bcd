"""Text in another language than the page's is marked with its language, so a screen reader
reads it in that language's voice (WCAG 3.1.2); the portal's default name is translated."""

import re

from django.test import override_settings

from notifications import services as notifications


def brand(response) -> str:
    return re.search(r'<a class="navbar-brand[^"]*" href="/"[^>]*>[^<]*</a>', response.content.decode())[0]


def test_the_default_name_reads_in_the_pages_language(client):
    client.cookies["django_language"] = "ar"
    assert brand(client.get("/")) == '<a class="navbar-brand fw-semibold" href="/">بوابة المنح</a>'


@override_settings(PORTAL_PUBLIC_NAME="Safe Grants", PORTAL_PUBLIC_NAME_LANGUAGE="en")
def test_a_name_of_ones_own_is_marked_with_the_language_it_is_in(client):
    client.cookies["django_language"] = "ar"
    expected = '<a class="navbar-brand fw-semibold" href="/" lang="en" dir="ltr">Safe Grants</a>'
    assert brand(client.get("/")) == expected
    client.cookies["django_language"] = "en"
    assert brand(client.get("/")) == '<a class="navbar-brand fw-semibold" href="/">Safe Grants</a>'


def test_a_message_keeps_the_language_it_was_written_in_after_the_reader_changes_theirs(client, applicant):
    message = notifications.notify(applicant, "accounts/welcome", {}, dedupe_key="welcome")
    applicant.language = "ar"
    applicant.save(update_fields=["language"])
    client.force_login(applicant)
    page = client.get(f"/messages/{message.pk}/").content.decode()
    assert f'<h1 class="h2 mb-2" lang="en" dir="ltr">{message.subject}</h1>' in page
    assert '<div class="message-body" lang="en" dir="ltr">' in page
    assert f'<span lang="en" dir="ltr">{message.subject}</span>' in client.get("/messages/").content.decode()
