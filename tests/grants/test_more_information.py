"""Asking for more information about a submitted application: the thread (encrypted at rest,
files that answer no question), sections reopened until an instant and only those, the
resubmission that keeps every version, and notes only the call's staff read."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from core.errors import Refused
from grants import rules, services
from grants.copies import numbered_attachments, submitted_copy
from grants.models import Application, ApplicationVersion
from grants.selectors import attachments_of, file_counts_of, staff_notes_of
from grants.versions import latest_submitted
from grants.views.copy import copy_html
from notifications.models import Message
from tests.factories import OrganisationFactory, RFPFactory, UserFactory

from .more_information import a_file, reopen_and_resubmit, run_by
from .submitted import ANSWERS_EN

pytestmark = pytest.mark.django_db
S = Application.Status


def templates_sent_to(user) -> list[str]:
    return list(Message.objects.filter(recipient=user).order_by("pk").values_list("template", flat=True))


def test_the_first_submission_is_kept_as_version_1(program_staff):
    application, _project, _documents = run_by(program_staff)
    version = application.versions.get()
    assert (version.number, version.answers["title"], version.submitted_at) == (
        1,
        "Safe houses for journalists",
        application.submitted_at,
    )
    assert version.form_snapshot == application.form_snapshot
    assert version.sensitive_answers == application.sensitive_answers  # still encrypted


def test_ask_answer_with_a_file_reopen_edit_only_that_section_and_resubmit(program_staff):
    application, project, documents = run_by(program_staff)
    applicant = application.applicant
    services.ask_question(application, "Who else funds the safe houses?", by=program_staff)
    answer = services.answer_question(application, "Nobody yet: see the budget.", a_file(), by=applicant)
    reply = answer.attachments.get()
    assert (reply.question_key, reply.application_id, reply.kind) == ("", application.pk, "txt")

    services.reopen_sections(
        application, [project.pk], timezone.now() + timedelta(days=2), "Please correct the title.", by=program_staff
    )
    services.save_section(application, project, {**ANSWERS_EN, "title": "Safe houses for reporters"}, by=applicant)
    with pytest.raises(Refused, match="Staff reopened other sections"):
        services.save_section(application, documents, {}, by=applicant)
    with pytest.raises(Refused, match="Staff reopened other sections"):
        services.add_attachment(application, documents.questions.get(key="budget"), a_file(), by=applicant)

    version = services.resubmit_application(application, by=applicant)
    application.refresh_from_db()
    assert version.number == 2
    assert (application.status, application.reopened_sections, application.reopened_until) == (S.SUBMITTED, [], None)
    assert application.reference == application.versions.get(number=1).application.reference
    titles = list(application.versions.order_by("number").values_list("number", "answers__title"))
    assert titles == [(1, "Safe houses for journalists"), (2, "Safe houses for reporters")]
    # Once resubmitted, nothing is open any more.
    with pytest.raises(Refused, match="no longer a draft"):
        services.save_section(application, project, ANSWERS_EN, by=applicant)
    verbs = set(AuditEvent.objects.filter(target_id=str(application.pk)).values_list("verb", flat=True))
    assert {
        "application.question_asked",
        "application.question_answered",
        "application.sections_reopened",
        "application.resubmitted",
    } <= verbs
    assert templates_sent_to(applicant)[-2:] == ["grants/question_asked", "grants/sections_reopened"]
    assert templates_sent_to(program_staff) == ["grants/question_answered", "grants/resubmitted"]


def test_a_file_sent_in_the_thread_answers_no_question(program_staff):
    application, _project, _documents = run_by(program_staff)
    services.ask_question(application, "Any receipts?", by=program_staff)
    services.answer_question(application, "Here.", a_file(), by=application.applicant)
    application.refresh_from_db()
    assert len(application.attachments.all()) == 3
    assert [item.question_key for item in attachments_of(application)] == ["other", "budget"]
    assert file_counts_of([application])[application.pk] == {"other": 1, "budget": 1}
    assert [numbered.download_name for numbered in numbered_attachments(application)] == [
        "attachment-1.pdf",
        "attachment-2.jpg",
    ]
    files = [answer.files for section in submitted_copy(application) for answer in section.answers if answer.files]
    assert sum(len(group) for group in files) == 2
    assert "Attachment 3" not in copy_html(application) and "sent with an answer" not in copy_html(application)


def test_the_deadline_does_not_apply_to_a_reopened_section_its_own_instant_does(program_staff, clock):
    application, project, _documents = run_by(program_staff)
    until = application.rfp.deadline + timedelta(days=2)
    services.reopen_sections(application, [project.pk], until, "Fix the title.", by=program_staff)
    clock.advance(days=11)  # past the call's deadline
    services.save_section(application, project, {**ANSWERS_EN, "title": "Later"}, by=application.applicant)
    clock.advance(days=2)  # past the reopened instant
    with pytest.raises(Refused, match="time staff gave to change this section has passed"):
        services.save_section(application, project, ANSWERS_EN, by=application.applicant)
    with pytest.raises(Refused, match="has passed"):
        services.resubmit_application(application, by=application.applicant)
    assert application.versions.count() == 1


def test_a_submitted_application_not_reopened_cannot_be_edited_nor_resubmitted(program_staff):
    application, project, _documents = run_by(program_staff)
    with pytest.raises(Refused, match="no longer a draft"):
        services.save_section(application, project, ANSWERS_EN, by=application.applicant)
    with pytest.raises(Refused, match="nothing to resubmit"):
        services.resubmit_application(application, by=application.applicant)


def test_resubmission_checks_every_answer_as_submission_does(program_staff):
    application, project, _documents = run_by(program_staff)
    services.reopen_sections(application, [project.pk], timezone.now() + timedelta(days=1), "Fix it.", by=program_staff)
    services.save_section(application, project, {**ANSWERS_EN, "title": ""}, by=application.applicant)
    with pytest.raises(services.SubmissionError) as refusal:
        services.resubmit_application(application, by=application.applicant)
    assert [key for _section, key, _message in refusal.value.problems] == ["title"]
    assert application.versions.count() == 1


def test_an_application_submitted_before_versions_were_kept_gets_version_1_when_reopened(program_staff):
    application, project, _documents = run_by(program_staff)
    ApplicationVersion.objects.filter(application=application).delete()
    version = reopen_and_resubmit(application, project, program_staff, "Changed")
    first = application.versions.get(number=1)
    assert (first.answers["title"], version.number, version.answers["title"]) == (
        "Safe houses for journalists",
        2,
        "Changed",
    )


def test_the_thread_is_encrypted_in_the_database_and_kept_out_of_the_outbox(program_staff):
    application, project, _documents = run_by(program_staff)
    services.ask_question(application, "Where is the safe house on Rue Zerktouni?", by=program_staff)
    services.answer_question(application, "Behind the bakery in Maarif.", by=application.applicant)
    services.reopen_sections(
        application, [project.pk], timezone.now() + timedelta(days=1), "Name the second house.", by=program_staff
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT body_encrypted FROM grants_applicationmessage")
        stored = " ".join(row[0] for row in cursor.fetchall())
    for text in ("Zerktouni", "bakery", "Maarif", "second house"):
        assert text not in stored
    outbox = " ".join(Message.objects.values_list("body", flat=True)) + " ".join(
        Message.objects.values_list("subject", flat=True)
    )
    assert "Zerktouni" not in outbox and "bakery" not in outbox and "second house" not in outbox


def test_only_the_staff_who_run_the_call_ask_reopen_and_note(program_staff, admin_user):
    application, project, _documents = run_by(program_staff)
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    until = timezone.now() + timedelta(days=1)
    for user in (other_staff, application.applicant):
        with pytest.raises(Refused, match="You do not run"):
            services.ask_question(application, "Hello?", by=user)
        with pytest.raises(Refused, match="You do not run"):
            services.reopen_sections(application, [project.pk], until, "Change it", by=user)
        with pytest.raises(Refused, match="You do not run"):
            services.add_staff_note(application, "A note", by=user)
    services.ask_question(application, "From an admin", by=admin_user)
    with pytest.raises(Refused, match="not yours"):
        services.answer_question(application, "Not mine to answer", by=other_staff)


def test_notes_are_read_only_by_the_staff_of_the_call(program_staff, admin_user):
    application, _project, _documents = run_by(program_staff)
    services.add_staff_note(application, "Check the budget with finance.", by=program_staff)
    assert [note.body for note in staff_notes_of(application, program_staff)] == ["Check the budget with finance."]
    assert len(staff_notes_of(application, admin_user)) == 1
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    for user in (application.applicant, other_staff):
        assert list(staff_notes_of(application, user)) == []
    assert not Message.objects.filter(recipient=application.applicant, template__contains="note").exists()


def test_members_of_the_organisation_are_told_and_may_answer(program_staff):
    applicant, colleague = UserFactory(roles=[Role.APPLICANT]), UserFactory(roles=[Role.APPLICANT])
    organisation = OrganisationFactory(owner=applicant)
    organisation.memberships.create(user=colleague, role="member")
    application, _project, _documents = run_by(program_staff, applicant=applicant, organisation=organisation)
    services.ask_question(application, "A question", by=program_staff)
    assert "grants/question_asked" in templates_sent_to(colleague)
    services.answer_question(application, "An answer from a colleague", by=colleague)


def test_an_answer_needs_a_question_and_refused_files_keep_nothing(program_staff):
    application, _project, _documents = run_by(program_staff)
    with pytest.raises(Refused, match="asked nothing"):
        services.answer_question(application, "Unasked", by=application.applicant)
    services.ask_question(application, "Send the budget", by=program_staff)
    with pytest.raises(Refused) as refusal:
        services.answer_question(application, "Here", a_file("x.exe", b"MZ\x90\x00binary"), by=application.applicant)
    assert refusal.value.field == "file"
    assert application.thread.count() == 1  # the answer was not kept without its file


def test_no_question_once_decided(program_staff):
    application, _project, _documents = run_by(program_staff)
    Application.objects.filter(pk=application.pk).update(status=S.DECLINED)
    with pytest.raises(Refused, match="not decided yet"):
        services.ask_question(application, "Too late?", by=program_staff)


@pytest.mark.parametrize(
    ("status", "reopened", "until_in", "section", "allowed", "reason"),
    [
        (S.DRAFT, [], None, 1, True, ""),
        (S.SUBMITTED, [1], 1, 1, True, ""),
        (S.IN_REVIEW, [1], 1, 1, True, ""),
        (S.SUBMITTED, [1], 1, 2, False, "Staff reopened other sections"),
        (S.SUBMITTED, [1], -1, 1, False, "time staff gave to change this section has passed"),
        (S.SUBMITTED, [], None, 1, False, "no longer a draft"),
        (S.DECLINED, [1], 1, 1, False, "no longer a draft"),
    ],
)
def test_who_may_edit_which_section_and_why_not(status, reopened, until_in, section, allowed, reason):
    now = timezone.now()
    until = now + timedelta(hours=until_in) if until_in is not None else None
    application = Application(status=status, reopened_sections=reopened, reopened_until=until)
    verdict = rules.can_edit_answers(application, section, now)
    assert bool(verdict) is allowed
    assert reason in verdict.reason


def test_staff_read_the_last_submitted_version_while_the_applicant_changes_a_reopened_section(program_staff):
    application, project, _documents = run_by(program_staff)
    services.reopen_sections(application, [project.pk], timezone.now() + timedelta(days=1), "Fix", by=program_staff)
    services.save_section(application, project, {**ANSWERS_EN, "title": "Not yet sent"}, by=application.applicant)
    application.refresh_from_db()
    titles = [answer.text for section in submitted_copy(latest_submitted(application)) for answer in section.answers]
    assert "Safe houses for journalists" in titles and "Not yet sent" not in titles
