"""The question an assignment opens with: no reading before the reviewer says they have no
conflict of interest (the reading, its files and the PDF send them back to the question); a
declared conflict needs a reason, ends the assignment, tells the call's staff and keeps the
reason out of the audit log and of every message."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from notifications.models import Message
from reviews.errors import ReviewError
from reviews.models import Assignment, ConflictDeclaration
from reviews.selectors import live_assignments_of
from reviews.services.conflicts import confirm_no_conflict, declare_conflict
from tests.factories import UserFactory

from .factories import ReviewFactory
from .reading import APPLICANT_NAME, ORGANISATION_NAME, assignment_to_read

pytestmark = pytest.mark.django_db

REASON = "I sat on the board of their partner organisation until last year."


@pytest.fixture
def staff():
    return [UserFactory(roles=[Role.PROGRAM_STAFF]), UserFactory(roles=[Role.PROGRAM_STAFF])]


def reader_urls(assignment: Assignment) -> list[str]:
    file = assignment.application.attachments.order_by("pk").first()
    return [
        reverse("reviews:application", args=[assignment.public_id]),
        reverse("reviews:pdf", args=[assignment.public_id]),
        reverse("reviews:file", args=[assignment.public_id, file.public_id]),
    ]


def test_before_answering_the_question_the_reading_files_and_pdf_send_the_reviewer_to_it(client):
    assignment = assignment_to_read(confirmed=False)
    client.force_login(assignment.reviewer)
    gate = reverse("reviews:assignment", args=[assignment.public_id])
    for url in reader_urls(assignment):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, gate)
    assert not AuditEvent.objects.filter(verb__in=["assignment.file_downloaded", "assignment.pdf_downloaded"]).exists()


def test_the_question_of_a_blind_call_shows_only_the_reference_and_the_call(client):
    assignment = assignment_to_read(blind=True, confirmed=False)
    client.force_login(assignment.reviewer)
    html = client.get(reverse("reviews:assignment", args=[assignment.public_id])).content.decode()
    assert "Do you have a conflict of interest?" in html
    assert assignment.application.reference in html
    assert assignment.rfp.text("en")["title"] in html
    for name in (APPLICANT_NAME, ORGANISATION_NAME, assignment.application.title):
        assert name not in html
    assert reverse("reviews:application", args=[assignment.public_id]) not in html


def test_the_question_of_a_call_that_is_not_blind_names_who_applied(client):
    assignment = assignment_to_read(blind=False, confirmed=False)
    client.force_login(assignment.reviewer)
    html = client.get(reverse("reviews:assignment", args=[assignment.public_id])).content.decode()
    assert APPLICANT_NAME in html
    assert ORGANISATION_NAME in html


def test_confirming_no_conflict_opens_the_reading(client):
    assignment = assignment_to_read(confirmed=False)
    client.force_login(assignment.reviewer)
    url = reverse("reviews:assignment", args=[assignment.public_id])
    response = client.post(url, {"answer": "none"})
    assert (response.status_code, response["Location"]) == (302, url)
    assignment.refresh_from_db()
    assert assignment.no_conflict_confirmed_at is not None
    assert assignment.status == Assignment.Status.ACTIVE
    html = client.get(url).content.decode()
    assert reverse("reviews:application", args=[assignment.public_id]) in html
    assert reverse("reviews:pdf", args=[assignment.public_id]) in html
    assert "Your review is due" in html
    assert client.get(reverse("reviews:application", args=[assignment.public_id])).status_code == 200
    event = AuditEvent.objects.get(verb="assignment.no_conflict_confirmed")
    assert (event.actor, event.target_id, event.detail) == (assignment.reviewer, str(assignment.pk), {})


def test_a_conflict_needs_a_reason_and_a_blank_one_changes_nothing(client):
    assignment = assignment_to_read(confirmed=False)
    client.force_login(assignment.reviewer)
    response = client.post(
        reverse("reviews:assignment", args=[assignment.public_id]), {"answer": "conflict", "reason": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say what the conflict is: only the call's staff read it."]}
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.ACTIVE
    assert not ConflictDeclaration.objects.exists()
    with pytest.raises(ReviewError) as refused:
        declare_conflict(assignment, "", by=assignment.reviewer)
    assert refused.value.field == "reason"


def test_declaring_a_conflict_ends_the_assignment_tells_the_staff_and_keeps_the_reason_for_them(client, staff):
    assignment = assignment_to_read(confirmed=False, staff=staff)
    client.force_login(assignment.reviewer)
    response = client.post(
        reverse("reviews:assignment", args=[assignment.public_id]), {"answer": "conflict", "reason": REASON}
    )
    assert (response.status_code, response["Location"]) == (302, reverse("reviews:queue"))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.CONFLICT
    assert assignment.ended_at is not None
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.application, declaration.reviewer, declaration.assignment, declaration.reason) == (
        assignment.application,
        assignment.reviewer,
        assignment,
        REASON,
    )
    assert list(live_assignments_of(assignment.reviewer)) == []
    messages = Message.objects.filter(template="reviews/conflict_declared").order_by("recipient_id")
    assert [message.recipient for message in messages] == sorted(staff, key=lambda user: user.pk)
    for message in messages:
        assert assignment.application.reference in message.body
        assert REASON not in message.body and REASON not in message.subject
        assert message.subject == "A reviewer declared a conflict of interest"
    event = AuditEvent.objects.get(verb="assignment.conflict_declared")
    assert (event.actor, event.target_id, event.detail) == (
        assignment.reviewer,
        str(assignment.pk),
        {"conflict": declaration.pk},
    )
    assert not AuditEvent.objects.filter(detail__icontains="board").exists()
    # Ended: every one of its URLs is gone.
    for url in [reverse("reviews:assignment", args=[assignment.public_id]), *reader_urls(assignment)]:
        assert client.get(url).status_code == 404


def test_a_conflict_may_be_declared_after_confirming_none_but_not_after_submitting_the_review():
    assignment = assignment_to_read(confirmed=False)
    confirm_no_conflict(assignment, by=assignment.reviewer)
    ReviewFactory(assignment=assignment, submitted=True)
    with pytest.raises(ReviewError):
        declare_conflict(assignment, REASON, by=assignment.reviewer)
    other = assignment_to_read(confirmed=True)
    declare_conflict(other, REASON, by=other.reviewer)
    other.refresh_from_db()
    assert other.status == Assignment.Status.CONFLICT


def test_only_the_assignments_reviewer_answers_its_question():
    assignment = assignment_to_read(confirmed=False)
    someone = UserFactory(roles=[Role.REVIEWER])
    with pytest.raises(ReviewError):
        confirm_no_conflict(assignment, by=someone)
    with pytest.raises(ReviewError):
        declare_conflict(assignment, REASON, by=someone)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.no_conflict_confirmed_at) == (Assignment.Status.ACTIVE, None)
