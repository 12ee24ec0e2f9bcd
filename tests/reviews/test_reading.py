"""What a reviewer reads of an application, on the page and in their PDF: in a blind call no
applicant or organisation name, no answer to a question identifying by the stricter of the
submitted form's flag and today's, no file name, and the title only when its question is not
identifying; in a call that is not blind, all of it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from grants.models import Application, Question
from reviews.models import Assignment
from tests.grants.submitted import ANSWERS_EN

from .reading import (
    ANSWERS,
    APPLICANT_NAME,
    FILE_NAMES,
    IDENTIFYING_ANSWER,
    ORGANISATION_NAME,
    assignment_to_read,
)

pytestmark = pytest.mark.django_db

TITLE = ANSWERS_EN["title"]
IDENTIFYING = (APPLICANT_NAME, ORGANISATION_NAME, IDENTIFYING_ANSWER, *FILE_NAMES)


def reading_page(client, assignment: Assignment) -> str:
    client.force_login(assignment.reviewer)
    response = client.get(reverse("reviews:application", args=[assignment.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def pdf_of(client, assignment: Assignment) -> PdfReader:
    client.force_login(assignment.reviewer)
    response = client.get(reverse("reviews:pdf", args=[assignment.public_id]))
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def mark_identifying(assignment: Assignment, key: str, *, submitted: bool | None = None, today: bool | None = None):
    """Set a question's identifying flag in the submitted form, or today, or both."""
    application = assignment.application
    if submitted is not None:
        snapshot = application.form_snapshot
        for section in snapshot["sections"]:
            for question in section["questions"]:
                if question["key"] == key:
                    question["identifying"] = submitted
        Application.objects.filter(pk=application.pk).update(form_snapshot=snapshot)
    if today is not None:
        Question.objects.filter(rfp=application.rfp, key=key).update(identifying=today)


def test_a_blind_reading_names_no_one_and_describes_files_neutrally(client):
    assignment = assignment_to_read(blind=True)
    html = reading_page(client, assignment)
    for text in IDENTIFYING:
        assert text not in html
    assert "Attachment <bdi>1</bdi> (PDF, <bdi>3</bdi> pages)" in html
    assert "Attachment <bdi>2</bdi> (JPEG)" in html
    assert "Withheld: this answer could identify the applicant." in html
    assert TITLE in html  # its question is not identifying
    assert ANSWERS_EN["story"].split("\n")[0] in html  # sensitive answers are read, to be scored
    assert "<title>An application to review · " in html


def test_a_blind_pdf_names_no_one_in_its_text_or_metadata(client):
    assignment = assignment_to_read(blind=True)
    reader = pdf_of(client, assignment)
    text = pdf_text(reader)
    for name in IDENTIFYING:
        assert name not in text
    assert "Attachment 1 (PDF, 3 pages)" in text
    assert TITLE in text
    assert reader.metadata is None  # no title, author, subject, producer or dates
    assert "/Metadata" not in reader.trailer["/Root"]


def test_a_reading_that_is_not_blind_shows_names_answers_and_file_names(client):
    assignment = assignment_to_read(blind=False)
    html = reading_page(client, assignment)
    for text in IDENTIFYING:
        assert text in html
    assert "Withheld" not in html
    text = pdf_text(pdf_of(client, assignment))
    for name in IDENTIFYING:
        assert name in text


@pytest.mark.parametrize(
    ("submitted", "today"),
    [(True, False), (False, True)],
    ids=["identifying-when-submitted-only", "identifying-today-only"],
)
def test_the_stricter_of_the_submitted_and_todays_flag_withholds_an_answer(client, submitted, today):
    assignment = assignment_to_read(blind=True)
    mark_identifying(assignment, "who", submitted=False, today=False)
    mark_identifying(assignment, "staff", submitted=submitted, today=today)
    html = reading_page(client, assignment)
    assert IDENTIFYING_ANSWER in html  # neither flag on "who" any more
    assert "How many people work with you?" in html
    assert "<bdi>12</bdi>" not in html
    assert html.count("Withheld: this answer could identify the applicant.") == 1
    assert "\n12\n" not in pdf_text(pdf_of(client, assignment))


@pytest.mark.parametrize(("submitted", "today"), [(True, False), (False, True)])
def test_the_title_is_withheld_when_its_question_is_identifying(client, submitted, today):
    assignment = assignment_to_read(blind=True)
    mark_identifying(assignment, "title", submitted=submitted, today=today)
    html = reading_page(client, assignment)
    assert TITLE not in html
    assert TITLE not in pdf_text(pdf_of(client, assignment))


def test_the_files_of_an_identifying_question_are_neither_listed_nor_downloadable(client):
    assignment = assignment_to_read(blind=True)
    mark_identifying(assignment, "other", today=True)
    html = reading_page(client, assignment)
    photo = assignment.application.attachments.get(question_key="other")
    assert str(photo.public_id) not in html
    assert "(JPEG)" not in html
    response = client.get(reverse("reviews:file", args=[assignment.public_id, photo.public_id]))
    assert response.status_code == 404


def test_a_call_that_is_not_blind_withholds_nothing_marked_identifying(client):
    assignment = assignment_to_read(blind=False)
    html = reading_page(client, assignment)
    assert IDENTIFYING_ANSWER in html
    assert TITLE in html


def test_every_page_of_the_pdf_carries_the_reviewers_account_number_in_its_footer(client):
    long_story = " ".join(["We moved the archive twice after the hearing."] * 400)
    assignment = assignment_to_read(blind=True, answers={**ANSWERS, "story": long_story})
    reader = pdf_of(client, assignment)
    assert len(reader.pages) >= 3
    mark = f"Reviewer copy · account {assignment.reviewer.pk}"
    for number, page in enumerate(reader.pages, start=1):
        assert page.extract_text().rstrip().endswith(f"{mark} {number} / {len(reader.pages)}")


def test_the_pdf_is_a_download_under_a_neutral_name(client):
    assignment = assignment_to_read(blind=False)
    client.force_login(assignment.reviewer)
    response = client.get(reverse("reviews:pdf", args=[assignment.public_id]))
    assert response["Content-Disposition"] == 'attachment; filename="application.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Type"] == "application/pdf"
