"""The submitted copy: the questions in the words they had when the application was submitted,
the answers as typed (sensitive ones included: it is the owners' own copy), files by a neutral
description; as a PDF for the owners only, with a neutral name and no metadata."""

import io
import re

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from grants.copies import numbered_attachments, submitted_copy
from grants.models import Application, Question
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory, UserFactory

from .submitted import ANSWERS_EN, copy_call, submitted_application

pytestmark = pytest.mark.django_db
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def answers_by_key(sections) -> dict:
    return {answer.key: answer for section in sections for answer in section.answers}


def test_the_copy_keeps_the_wording_it_was_submitted_with():
    application = submitted_application()
    question = Question.objects.get(rfp=application.rfp, key="title")
    question.texts = {"en": {"label": "A new wording", "help": ""}}
    question.save()
    sections = submitted_copy(application, "en")
    assert [section.title for section in sections] == ["The project", "Documents"]
    assert answers_by_key(sections)["title"].label == "Title of the project"


def test_each_answer_is_shown_as_typed_choices_by_their_labels_files_by_a_neutral_description():
    application = submitted_application()
    answers = {key: answer.answer_text for key, answer in answers_by_key(submitted_copy(application, "en")).items()}
    assert answers == {
        "title": "Safe houses for journalists",
        "story": "Two of us were followed home.\nWe moved twice.",  # sensitive: the owners' own copy
        "staff": "12",
        "amount": "5000 USD",
        "start": "2026-03-31",
        "registered": "No",
        "where": "Kenya",
        "focus": "Security",
        "groups": "Journalists\nLawyers",
        "budget": "Attachment 1 (PDF, 3 pages)",  # plain text: the pages isolate the numbers themselves
        "other": "Attachment 2 (JPEG)",
    }


def test_the_copy_is_in_the_language_asked_when_the_form_has_it_else_in_its_default_language():
    application = submitted_application(language="ar")
    arabic = answers_by_key(submitted_copy(application, "ar"))
    assert (arabic["title"].label, arabic["focus"].text, arabic["registered"].text) == ("عنوان المشروع", "الأمن", "لا")
    assert arabic["where"].text == "كينيا"
    french = submitted_copy(application, "fr")
    assert french[0].title == "The project"
    assert answers_by_key(french)["registered"].text == "No"


def test_files_are_numbered_by_their_questions_order_and_downloaded_under_a_neutral_name():
    application = submitted_application()
    numbered = numbered_attachments(application)
    assert [(item.number, item.attachment.question_key, item.download_name) for item in numbered] == [
        (1, "budget", "attachment-1.pdf"),
        (2, "other", "attachment-2.jpg"),
    ]


# The PDF


def pdf_of(client: Client, application: Application):
    return client.get(reverse("applying:copy-pdf", args=[application.public_id]))


def text_of(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return BIDI_MARKS.sub("", text)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_owner_downloads_the_copy_as_a_pdf_with_a_neutral_name_that_no_cache_keeps():
    application = submitted_application()
    response = pdf_of(signed_in(application.applicant), application)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="application.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    text = " ".join(text_of(response.content).split())
    for answer in ("Safe houses for journalists", "Two of us were followed home.", "Kenya", "Security", "Lawyers"):
        assert answer in text
    assert "Title of the project" in text
    assert "Attachment 1 (PDF, 3 pages)" in text
    assert application.reference in text


def test_the_pdf_carries_no_metadata():
    application = submitted_application()
    response = pdf_of(signed_in(application.applicant), application)
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
    for personal in (application.applicant.name, application.reference, "Safe houses"):
        assert personal.encode() not in response.content  # the text is drawn, not stored as a string


def test_an_arabic_copy_holds_the_arabic_answers_and_the_reference_in_its_order():
    application = submitted_application(language="ar")
    response = pdf_of(signed_in(application.applicant), application)
    text = text_of(response.content)
    for word in ("منحة", "مشروع", "خطر", "عنوان"):
        assert word in text
    assert re.search(r"A-2026-\d+|A-\d{4}-\d+", text)
    assert application.reference in text
    assert "2026-03-31" in text


def test_an_organisation_member_downloads_the_copy_too():
    organisation = OrganisationFactory(owner=UserFactory())
    colleague = MembershipFactory(organisation=organisation).user
    application = submitted_application(organisation=organisation, applicant=organisation.memberships.first().user)
    assert pdf_of(signed_in(colleague), application).status_code == 200


def test_nobody_else_gets_the_pdf_and_a_draft_has_none(program_staff, admin_user):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    for other in (UserFactory(), program_staff, admin_user):
        assert pdf_of(signed_in(other), application).status_code == 404
    draft = ApplicationFactory(rfp=copy_call())
    assert pdf_of(signed_in(draft.applicant), draft).status_code == 404
    assert pdf_of(Client(), application).status_code == 302


def test_a_draft_withdrawn_before_it_was_submitted_has_no_submitted_copy():
    from grants import services

    draft = ApplicationFactory(rfp=copy_call())
    services.withdraw_application(draft, by=draft.applicant)
    assert pdf_of(signed_in(draft.applicant), draft).status_code == 404


def test_every_answer_reaches_the_pdf():
    application = submitted_application()
    text = " ".join(text_of(pdf_of(signed_in(application.applicant), application).content).split())
    assert ANSWERS_EN["start"] in text and "5000 USD" in text
