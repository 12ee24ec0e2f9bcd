"""What the applicants' browser journeys share: a call published in English and Arabic whose
form asks three required answers over two sections, signing in and out through the real pages,
and the files an applicant picks."""

import re

from django.urls import reverse

from grants.models import Question
from tests.factories import PASSWORD, QuestionFactory, SectionFactory, totp_code
from tests.grants.applying import published_call
from tests.grants.submitted import bilingual

from .conftest import GuardedPage

T = Question.Type
# The time as English writes it (Django's TIME_FORMAT "P"): "2:05 p.m.", "2 p.m.", "midnight", "noon".
SAVED = re.compile(r"^Saved at (\d{1,2}(:\d{2})? [ap]\.m\.|midnight|noon)$")


def call_to_apply_to():
    """A published call, in English and Arabic: "The project" asks a title and an amount
    (required) and what happened (at most 50 words); "Documents" a budget file (required) and
    notes."""
    rfp = published_call(
        languages=["en", "ar"],
        texts={
            "en": {"title": "Safety grants", "summary": "Small grants.", "description": "", "eligibility": ""},
            "ar": {"title": "منح السلامة", "summary": "منح صغيرة.", "description": "", "eligibility": ""},
        },
    )
    project = SectionFactory(rfp=rfp, position=0, texts={"en": {"title": "The project"}, "ar": {"title": "المشروع"}})
    documents = SectionFactory(rfp=rfp, position=1, texts={"en": {"title": "Documents"}, "ar": {"title": "الوثائق"}})
    QuestionFactory(
        section=project,
        key="title",
        type=T.SHORT_TEXT,
        required=True,
        position=0,
        texts=bilingual("Title of the project", "عنوان المشروع"),
    )
    QuestionFactory(
        section=project,
        key="amount",
        type=T.AMOUNT,
        required=True,
        position=1,
        texts=bilingual("Amount requested", "المبلغ المطلوب"),
    )
    QuestionFactory(
        section=project,
        key="story",
        type=T.LONG_TEXT,
        word_limit=50,
        position=2,
        texts=bilingual("What happened?", "ماذا حدث؟"),
    )
    QuestionFactory(
        section=documents, key="budget", type=T.FILE, required=True, position=0, texts=bilingual("Budget", "الميزانية")
    )
    QuestionFactory(
        section=documents, key="notes", type=T.LONG_TEXT, position=1, texts=bilingual("Notes on the budget", "ملاحظات")
    )
    return rfp


def picked(name: str, data: bytes, mime_type: str = "application/pdf") -> dict:
    """A file as the applicant picks it in the file chooser."""
    return {"name": name, "mimeType": mime_type, "buffer": data}


def sign_in_on_the_page(guarded: GuardedPage, live_server, check_page, user) -> None:
    """Through the sign-in page (and the authenticator app's code, for those who have one)."""
    page = guarded.page
    page.goto(live_server.url + reverse("account_login"))
    check_page(guarded)
    page.get_by_label("Email*", exact=True).fill(user.email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if user.totp_secret:
        page.get_by_label("Code*", exact=True).fill(totp_code(user.totp_secret))
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert page.url == live_server.url + reverse("portal:dashboard")


def sign_out(guarded: GuardedPage, live_server) -> None:
    guarded.page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()
    assert guarded.page.url == live_server.url + "/"
