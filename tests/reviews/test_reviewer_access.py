"""Who reaches a reviewer's URLs, and for how long: the assignment's reviewer, while it is live,
their access has not ended and the application is not withdrawn; anyone else, and the reviewer
afterwards, gets a 404 from every one of them. Every download is recorded (ids only), and the
reading page costs the same queries for 1 answer as for 100 answers and 20 files."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from grants import services as grants
from grants.models import Application, Attachment, Question
from reviews.models import Assignment
from tests.factories import ApplicationFactory, QuestionFactory, SectionFactory, UserFactory
from tests.grants.applying import published_call

from .factories import AssignmentFactory, reviewer
from .reading import assignment_to_read

pytestmark = pytest.mark.django_db


def every_url(assignment: Assignment) -> list[str]:
    file = assignment.application.attachments.order_by("pk").first()
    return [
        reverse("reviews:assignment", args=[assignment.public_id]),
        reverse("reviews:application", args=[assignment.public_id]),
        reverse("reviews:pdf", args=[assignment.public_id]),
        reverse("reviews:file", args=[assignment.public_id, file.public_id]),
    ]


def answers(client, user, urls) -> list[int]:
    client.force_login(user)
    return [client.get(url).status_code for url in urls]


def test_the_reviewer_opens_every_url_of_their_live_assignment(client):
    assignment = assignment_to_read()
    assert answers(client, assignment.reviewer, every_url(assignment)) == [200, 200, 200, 200]


def test_after_access_ends_every_url_is_a_404(client, clock):
    assignment = assignment_to_read()
    urls = every_url(assignment)
    clock.advance(days=90, seconds=1)
    assert timezone.now() > assignment.access_ends_at
    assert answers(client, assignment.reviewer, urls) == [404] * 4
    assert client.post(urls[0], {"answer": "none"}).status_code == 404


def test_a_withdrawn_application_is_a_404_on_every_url(client):
    assignment = assignment_to_read()
    application = assignment.application
    grants.move(application, Application.Status.WITHDRAWN, by=application.applicant)
    assert answers(client, assignment.reviewer, every_url(assignment)) == [404] * 4


@pytest.mark.parametrize("who", ["another reviewer", "the applicant", "the call's staff", "an admin"])
def test_no_one_but_the_assignments_reviewer_reaches_its_urls(client, who):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    assignment = assignment_to_read(staff=[staff])
    AssignmentFactory(application=assignment.application, reviewer=reviewer())  # theirs, not this one
    user = {
        "another reviewer": lambda: Assignment.objects.exclude(pk=assignment.pk).get().reviewer,
        "the applicant": lambda: assignment.application.applicant,
        "the call's staff": lambda: staff,
        "an admin": lambda: UserFactory(roles=[Role.ADMIN]),
    }[who]()
    assert answers(client, user, every_url(assignment)) == [404] * 4


def test_a_file_of_another_application_is_a_404(client):
    assignment = assignment_to_read()
    other = assignment_to_read()
    foreign = other.application.attachments.first()
    client.force_login(assignment.reviewer)
    response = client.get(reverse("reviews:file", args=[assignment.public_id, foreign.public_id]))
    assert response.status_code == 404


def test_a_file_download_is_neutral_sandboxed_and_recorded(client):
    assignment = assignment_to_read(blind=False)
    budget = assignment.application.attachments.get(question_key="budget")
    client.force_login(assignment.reviewer)
    response = client.get(reverse("reviews:file", args=[assignment.public_id, budget.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 cleaned"
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    event = AuditEvent.objects.get(verb="assignment.file_downloaded")
    assert (event.actor, event.target_id, event.detail) == (
        assignment.reviewer,
        str(assignment.pk),
        {"attachment": budget.pk},
    )


def test_a_pdf_download_is_recorded(client):
    assignment = assignment_to_read()
    client.force_login(assignment.reviewer)
    client.get(reverse("reviews:pdf", args=[assignment.public_id]))
    client.get(reverse("reviews:pdf", args=[assignment.public_id]))
    events = AuditEvent.objects.filter(verb="assignment.pdf_downloaded")
    assert [(event.actor, event.target_id, event.detail) for event in events] == [
        (assignment.reviewer, str(assignment.pk), {"application": assignment.application_id})
    ] * 2


def call_of(questions: int, files: int):
    """A submitted application to a blind call of `questions` short answers (one identifying)
    and a file question answered with `files` files, assigned and confirmed."""
    rfp = published_call(blind_review=True)
    section = SectionFactory(rfp=rfp, position=0)
    for number in range(questions):
        QuestionFactory(section=section, key=f"q{number}", position=number, identifying=number == 0)
    QuestionFactory(section=section, key="files", type=Question.Type.FILE, position=questions)
    application = ApplicationFactory(rfp=rfp)
    grants.save_section(
        application,
        section,
        {f"q{number}": f"Answer {number}" for number in range(questions)},
        by=application.applicant,
    )
    for number in range(files):
        attachment = Attachment(
            application=application,
            question_key="files",
            kind="pdf",
            content_type="application/pdf",
            size=5,
            pages=1,
            name=f"file {number}.pdf",
        )
        attachment.file.save("upload.pdf", ContentFile(b"%PDF-"), save=False)
        attachment.save()
    grants.submit_application(application, by=application.applicant)
    assignment = AssignmentFactory(application=application, reviewer=reviewer())
    Assignment.objects.filter(pk=assignment.pk).update(no_conflict_confirmed_at=timezone.now() - timedelta(hours=1))
    return assignment


@pytest.mark.parametrize(("questions", "files"), [(1, 1), (100, 20)])
def test_the_reading_page_costs_the_same_queries_for_1_and_100_answers(
    client, django_assert_num_queries, questions, files
):
    assignment = call_of(questions, files)
    client.force_login(assignment.reviewer)
    url = reverse("reviews:application", args=[assignment.public_id])
    with django_assert_num_queries(6):
        response = client.get(url)
    sections = response.context["reading"].sections
    assert len(sections[0].answers) == questions + 1
    assert len(response.context["reading"].files) == files
    assert response.content.decode().count("Attachment <bdi>") == files
