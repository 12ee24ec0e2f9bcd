"""Applying, as the services enforce it: drafts keep what was typed, colleagues never overwrite
each other, the deadline is exact to the second, a submission freezes the form and numbers the
application, and the status moves only along the table."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from core.errors import Refused
from grants import rules, services
from grants.errors import ApplyError, SectionConflict, SubmissionError
from grants.models import Application, ReferenceCounter
from grants.protected import answers_of
from grants.selectors import form_of
from notifications.models import Message
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .applying import call_with_form, draft_to, published_call

pytestmark = pytest.mark.django_db
S = Application.Status


def complete_draft(rfp, first, second, **fields):
    application = draft_to(rfp, **fields)
    sections = {section.pk: section for section in form_of(rfp)}
    by = application.applicant
    services.save_section(application, sections[first.pk], {"title": "Safe houses", "amount": "5000"}, by=by)
    services.add_attachment(
        application,
        second.questions.get(key="budget_file"),
        SimpleUploadedFile("budget.txt", b"Rent: 100", content_type="text/plain"),
        by=by,
    )
    return application


# Starting


def test_an_applicant_starts_one_application_per_call_unless_the_call_allows_more():
    rfp = published_call()
    applicant = UserFactory()
    application = services.start_application(rfp, by=applicant)
    assert (application.status, application.applicant, application.organisation) == (S.DRAFT, applicant, None)
    with pytest.raises(ApplyError, match=r"You already have an application to this call\."):
        services.start_application(rfp, by=applicant)
    rfp.applications_per_applicant = 2
    rfp.save()
    assert services.start_application(rfp, by=applicant).pk != application.pk
    with pytest.raises(
        ApplyError, match=r"This call takes at most 2 applications from one applicant or organisation\."
    ):
        services.start_application(rfp, by=applicant)


def test_an_organisation_has_one_application_whichever_member_starts_it():
    rfp = published_call()
    organisation = OrganisationFactory(owner=UserFactory())
    first, second = MembershipFactory(organisation=organisation).user, MembershipFactory(organisation=organisation).user
    application = services.start_application(rfp, by=first, organisation=organisation)
    assert application.country == "KE"
    with pytest.raises(ApplyError, match=r"Your organisation already has an application to this call\."):
        services.start_application(rfp, by=second, organisation=organisation)
    # ...while each may still apply as an individual.
    assert services.start_application(rfp, by=second).organisation is None


def test_nobody_applies_for_an_organisation_they_do_not_belong_to_nor_to_a_closed_call():
    rfp = published_call()
    with pytest.raises(ApplyError, match="only for an organisation you belong to"):
        services.start_application(rfp, by=UserFactory(), organisation=OrganisationFactory())
    closed = published_call(deadline=timezone.now() - timedelta(seconds=1), opens_at=timezone.now() - timedelta(days=3))
    with pytest.raises(ApplyError, match=r"This call is not open for applications\."):
        services.start_application(closed, by=UserFactory())
    with pytest.raises(Refused, match="do not apply"):
        services.start_application(rfp, by=UserFactory(roles=[Role.PROGRAM_STAFF]))


# Saving sections


def test_a_section_save_keeps_invalid_answers_and_says_what_is_wrong():
    rfp, first, _second = call_with_form()
    application = draft_to(rfp)
    [section, _] = form_of(rfp)
    problems = services.save_section(
        application,
        section,
        {"title": "Safe houses", "amount": "lots", "story": "one two three four five six"},
        by=application.applicant,
    )
    assert problems == {
        "amount": "Enter a number, such as 1200 or 1200.50.",
        "story": "At most 5 words (this has 6).",
    }
    application.refresh_from_db()
    assert answers_of(application) == {"title": "Safe houses", "amount": "lots", "story": "one two three four five six"}
    assert application.title == "Safe houses"
    assert application.section_versions == {str(first.pk): 1}


def test_a_sensitive_answer_is_stored_encrypted_never_in_the_plain_answers():
    rfp, _first, _second = call_with_form()
    application = draft_to(rfp)
    [section, _] = form_of(rfp)
    services.save_section(application, section, {"story": "Detained in March"}, by=application.applicant)
    application.refresh_from_db()
    assert "story" not in application.answers
    assert "Detained" not in application.sensitive_answers
    assert answers_of(application)["story"] == "Detained in March"


def test_saving_a_section_changes_no_answer_of_another_section():
    rfp, _first, _second = call_with_form()
    application = draft_to(rfp)
    first, second = form_of(rfp)
    services.save_section(application, first, {"title": "Safe houses"}, by=application.applicant)
    services.save_section(application, second, {"team": "c2"}, by=application.applicant)
    application.refresh_from_db()
    assert answers_of(application) == {"title": "Safe houses", "amount": None, "story": None, "team": "c2"}


def test_a_colleagues_save_since_the_section_was_opened_is_shown_not_overwritten():
    rfp, first, _second = call_with_form()
    organisation = OrganisationFactory(owner=UserFactory(name="Amina"))
    amina = organisation.memberships.get().user
    bilal = MembershipFactory(organisation=organisation).user
    application = draft_to(rfp, applicant=amina, organisation=organisation)
    [section, _] = form_of(rfp)
    opened_at = application.section_versions.get(str(first.pk), 0)
    services.save_section(application, section, {"title": "Amina's title"}, by=amina, seen_version=opened_at)
    with pytest.raises(SectionConflict) as conflict:
        services.save_section(application, section, {"title": "Bilal's title"}, by=bilal, seen_version=opened_at)
    assert conflict.value.theirs == {"title": "Amina's title", "amount": None, "story": None}
    assert (conflict.value.version, conflict.value.saved_by) == (1, "Amina")
    application.refresh_from_db()
    assert application.answers["title"] == "Amina's title"
    # Having seen both, Bilal saves against the version he was shown.
    services.save_section(application, section, {"title": "Our title"}, by=bilal, seen_version=1)
    application.refresh_from_db()
    assert application.answers["title"] == "Our title"


def test_the_same_answers_saved_twice_are_no_conflict():
    rfp, _first, _second = call_with_form()
    application = draft_to(rfp)
    [section, _] = form_of(rfp)
    services.save_section(application, section, {"title": "Same"}, by=application.applicant, seen_version=0)
    services.save_section(application, section, {"title": "Same"}, by=application.applicant, seen_version=0)
    application.refresh_from_db()
    assert application.section_versions == {str(section.pk): 2}


def test_only_the_owners_save_and_nothing_changes_once_submitted_or_after_the_deadline():
    rfp, _first, _second = call_with_form()
    application = draft_to(rfp)
    [section, _] = form_of(rfp)
    with pytest.raises(ApplyError, match=r"This application is not yours\."):
        services.save_section(application, section, {"title": "x"}, by=UserFactory())
    with pytest.raises(ApplyError, match="The deadline has passed"):
        services.save_section(application, section, {"title": "x"}, by=application.applicant, now=rfp.deadline)
    Application.objects.filter(pk=application.pk).update(status=S.SUBMITTED)
    with pytest.raises(Refused, match="no longer a draft"):
        services.save_section(application, section, {"title": "x"}, by=application.applicant)


# Submitting


def test_a_submission_one_second_before_the_deadline_is_accepted():
    rfp, first, second = call_with_form()
    application = complete_draft(rfp, first, second)
    submitted = services.submit_application(
        application, by=application.applicant, now=rfp.deadline - timedelta(seconds=1)
    )
    assert submitted.status == S.SUBMITTED
    assert submitted.submitted_at == rfp.deadline - timedelta(seconds=1)


def test_a_submission_one_second_late_is_refused_and_the_draft_is_kept():
    rfp, first, second = call_with_form(deadline=datetime(2026, 12, 15, 17, 0, tzinfo=UTC))
    application = complete_draft(rfp, first, second, applicant=UserFactory(time_zone="Africa/Nairobi"))
    with pytest.raises(SubmissionError) as refusal:
        services.submit_application(application, by=application.applicant, now=rfp.deadline + timedelta(seconds=1))
    assert refusal.value.message == (
        "The deadline has passed: it was 2026-12-15 20:00 (Africa/Nairobi), 2026-12-15 17:00 UTC. "
        "Your draft is kept as it was."
    )
    application.refresh_from_db()
    assert (application.status, application.reference, application.answers["title"]) == (S.DRAFT, None, "Safe houses")


def test_a_rapid_response_call_takes_submissions_whenever():
    rfp, first, second = call_with_form(mechanism="rapid_response", deadline=None)
    application = complete_draft(rfp, first, second)
    later = timezone.now() + timedelta(days=900)
    assert services.submit_application(application, by=application.applicant, now=later).status == S.SUBMITTED


def test_a_refused_submission_lists_each_missing_answer_with_its_section():
    rfp, first, second = call_with_form()
    application = draft_to(rfp)
    with pytest.raises(SubmissionError) as refusal:
        services.submit_application(application, by=application.applicant)
    assert refusal.value.message == "This application cannot be submitted yet: 0 of 3 required answers are given."
    assert [(section.pk, key, message) for section, key, message in refusal.value.problems] == [
        (first.pk, "title", "This answer is required."),
        (first.pk, "amount", "This answer is required."),
        (second.pk, "budget_file", "Attach a file."),
    ]
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_submission_freezes_the_form_gives_a_reference_and_sends_one_receipt():
    rfp, first, second = call_with_form()
    application = complete_draft(rfp, first, second)
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    rfp.deadline = now + timedelta(days=1)
    rfp.save()
    services.submit_application(application, by=application.applicant, now=now)
    # A later edit of a question leaves the submitted copy's wording as it was.
    title = first.questions.get(key="title")
    title.texts = {"en": {"label": "A new wording", "help": ""}, "fr": {"label": "Titre", "help": ""}}
    title.save()
    application.refresh_from_db()
    frozen = application.form_snapshot["sections"][0]["questions"][0]
    assert (frozen["key"], frozen["texts"]) == ("title", {"en": {"label": "What will you do?", "help": ""}})
    assert application.form_snapshot["sections"][1]["questions"][1]["texts"]["en"]["choices"] == {
        "c0": "None",
        "c1": "Small",
        "c2": "Large",
    }
    assert application.reference == "A-2026-1"
    receipts = Message.objects.filter(recipient=application.applicant, template="grants/submitted")
    assert receipts.count() == 1
    assert "A-2026-1" in receipts.get().body
    with pytest.raises(SubmissionError, match="already been submitted"):
        services.submit_application(application, by=application.applicant, now=now)
    assert receipts.count() == 1
    assert AuditEvent.objects.filter(verb="application.submitted", target_id=str(application.pk)).count() == 1


def test_references_count_per_year_and_start_again_in_january(settings):
    settings.APPLICATION_REFERENCE_PREFIX = "G"
    ReferenceCounter.objects.create(year=2026, last=41)
    assert services.applications.next_reference(datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)) == "G-2026-42"
    assert services.applications.next_reference(datetime(2027, 1, 1, 0, 0, 0, tzinfo=UTC)) == "G-2027-1"
    assert services.applications.next_reference(datetime(2026, 6, 1, tzinfo=UTC)) == "G-2026-43"


# Withdrawing and the move table


def test_an_owner_withdraws_until_a_decision_is_made():
    rfp, first, second = call_with_form()
    application = complete_draft(rfp, first, second)
    services.withdraw_application(application, by=application.applicant)
    application.refresh_from_db()
    assert (application.status, application.submitted_at is None) == (S.WITHDRAWN, True)
    decided = draft_to(rfp, status=S.AWARDED)
    with pytest.raises(Refused, match="A decision has been made"):
        services.withdraw_application(decided, by=decided.applicant)
    with pytest.raises(Refused, match="already withdrawn"):
        services.withdraw_application(application, by=application.applicant)


ALLOWED = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.IN_REVIEW),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.SUBMITTED, S.AWARDED),
    (S.SUBMITTED, S.DECLINED),
    (S.IN_REVIEW, S.AWARDED),
    (S.IN_REVIEW, S.DECLINED),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.AWARDED, S.IN_REVIEW),
    (S.DECLINED, S.IN_REVIEW),
}


@pytest.mark.parametrize("start", S.values)
@pytest.mark.parametrize("end", S.values)
def test_every_move_off_the_table_is_refused(start, end):
    application = draft_to(published_call(), status=start)
    if (start, end) in ALLOWED:
        services.move(application, end, by=application.applicant)
        application.refresh_from_db()
        assert application.status == end
    else:
        with pytest.raises(Refused):
            services.move(application, end, by=application.applicant)
        application.refresh_from_db()
        assert application.status == start
    assert bool(rules.can_move(Application(status=start), end)) == ((start, end) in ALLOWED)


def test_an_unknown_status_is_a_programming_mistake():
    with pytest.raises(TypeError):
        rules.can_move(Application(status=S.DRAFT), "approved")
