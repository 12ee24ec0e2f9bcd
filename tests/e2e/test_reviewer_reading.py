"""Reviewers in the browser: one confirms they have no conflict of interest, reads a blind
application (no name on the page) and downloads their PDF copy, marked with their account on
every page; another declares a conflict, with a reason, and the application leaves them. Without
JavaScript as with it, and axe-core and the Nu checker find nothing on the way."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviews.models import Assignment, ConflictDeclaration
from tests.reviews.factories import AssignmentFactory, reviewer
from tests.reviews.reading import APPLICANT_NAME, FILE_NAMES, IDENTIFYING_ANSWER, ORGANISATION_NAME, assignment_to_read

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_reviewer_confirms_reads_blind_and_downloads_the_pdf_another_declares_a_conflict(
    javascript, make_page, live_server, check_page
):
    assignment = assignment_to_read(blind=True, confirmed=False)
    guarded = make_page(javascript=javascript)
    sign_in(guarded, live_server, assignment.reviewer)
    page = guarded.page
    page.goto(f"{live_server.url}/reviews/assignments/{assignment.public_id}/")
    check_page(guarded)
    assert page.get_by_role("heading", name="Do you have a conflict of interest?").is_visible()
    page.get_by_role("button", name="I have no conflict of interest").click()
    check_page(guarded)
    page.get_by_role("link", name="Read the application").click()
    check_page(guarded)
    text = page.locator("body").inner_text()
    for name in (APPLICANT_NAME, ORGANISATION_NAME, IDENTIFYING_ANSWER, *FILE_NAMES):
        assert name not in text
    assert "Attachment 1 (PDF, 3 pages)" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your PDF copy").click()
    assert download.value.suggested_filename == "application.pdf"
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    for pdf_page in reader.pages:
        assert f"Reviewer copy · account {assignment.reviewer.pk}" in pdf_page.extract_text()
        assert APPLICANT_NAME not in pdf_page.extract_text()

    other = AssignmentFactory(application=assignment.application, reviewer=reviewer())
    declaring = make_page(javascript=javascript)
    sign_in(declaring, live_server, other.reviewer)
    page = declaring.page
    page.goto(f"{live_server.url}/reviews/assignments/{other.public_id}/")
    page.get_by_role("button", name="Declare a conflict of interest").click()
    check_page(declaring)  # the reason is required: said next to its field
    assert page.get_by_text("Say what the conflict is: only the call's staff read it.").is_visible()
    page.get_by_label("What is the conflict?").fill("We worked together last year.")
    page.get_by_role("button", name="Declare a conflict of interest").click()
    check_page(declaring)
    assert page.get_by_text("the application has left your list").is_visible()
    other.refresh_from_db()
    assert other.status == Assignment.Status.CONFLICT
    assert ConflictDeclaration.objects.get(reviewer=other.reviewer).reason == "We worked together last year."
    response = page.goto(f"{live_server.url}/reviews/assignments/{other.public_id}/")
    assert response.status == 404
