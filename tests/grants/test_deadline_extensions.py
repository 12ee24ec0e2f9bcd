"""Deadlines move only later, with a reason, through an extension that is kept: a whole call's
by an admin, one application's by the staff who run its call. The effective deadline is the
later of the call's and the application's own, and the submit check follows it to the second."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import Role
from core.errors import Refused
from grants import services
from grants.deadlines import effective_deadline
from grants.errors import ApplyError, SubmissionError
from grants.models import Application, DeadlineExtension
from notifications.models import Message
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .applying import call_with_form, draft_to
from .test_applying_services import complete_draft

pytestmark = pytest.mark.django_db
# Drafts are filled at the real time of the test: the deadlines lie ahead of it.
NOW = timezone.now().replace(microsecond=0)
APRIL_15 = NOW + timedelta(days=14)
APRIL_30 = NOW + timedelta(days=29)


@pytest.fixture
def call():
    return call_with_form(opens_at=NOW - timedelta(days=10), deadline=APRIL_15)


@pytest.fixture
def admin():
    return UserFactory(roles=[Role.ADMIN])


def test_an_admin_extends_a_call_later_with_a_reason_and_it_is_kept(call, admin):
    rfp, _first, _second = call
    extension = services.extend_call_deadline(rfp, APRIL_30, "A shutdown in the region", by=admin, now=NOW)
    rfp.refresh_from_db()
    assert rfp.deadline == APRIL_30
    assert (extension.scope, extension.previous_deadline, extension.new_deadline, extension.by) == (
        DeadlineExtension.Scope.CALL,
        APRIL_15,
        APRIL_30,
        admin,
    )
    assert extension.reason == "A shutdown in the region"


@pytest.mark.parametrize(
    ("new_deadline", "reason", "message"),
    [
        (APRIL_15, "Because", "A deadline can only be extended: choose a later instant."),
        (APRIL_15 - timedelta(days=1), "Because", "A deadline can only be extended: choose a later instant."),
        (APRIL_30, "  ", "Say why the deadline is extended: it is kept with the history."),
    ],
)
def test_a_deadline_never_moves_earlier_nor_without_a_reason(call, admin, new_deadline, reason, message):
    rfp, _first, _second = call
    with pytest.raises(ApplyError) as refusal:
        services.extend_call_deadline(rfp, new_deadline, reason, by=admin, now=NOW)
    assert refusal.value.message == message
    rfp.refresh_from_db()
    assert rfp.deadline == APRIL_15
    assert not DeadlineExtension.objects.exists()


def test_only_admins_extend_a_whole_call(call):
    rfp, _first, _second = call
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(staff)
    with pytest.raises(Refused, match="Only admins"):
        services.extend_call_deadline(rfp, APRIL_30, "Because", by=staff, now=NOW)


def test_every_draft_holder_is_told_once_per_new_deadline(call, admin):
    rfp, _first, _second = call
    organisation = OrganisationFactory(owner=UserFactory())
    colleague = MembershipFactory(organisation=organisation).user
    own = draft_to(rfp)
    shared = draft_to(rfp, applicant=organisation.memberships.get(role="owner").user, organisation=organisation)
    draft_to(rfp, status=Application.Status.SUBMITTED)  # not a draft: not told
    services.extend_call_deadline(rfp, APRIL_30, "Because", by=admin, now=NOW)
    told = Message.objects.filter(template="grants/deadline_extended")
    assert set(told.values_list("recipient", flat=True)) == {own.applicant_id, shared.applicant_id, colleague.pk}
    services.extend_call_deadline(rfp, APRIL_30 + timedelta(days=1), "Again", by=admin, now=NOW)
    assert told.count() == 6
    first_told = told.filter(recipient=own.applicant).order_by("pk").first()
    assert f"New deadline: {date_format(APRIL_30, 'DATETIME_FORMAT')} (UTC)" in first_told.body


def test_the_boundary_follows_a_call_wide_extension(call, admin):
    rfp, first, second = call
    late = complete_draft(rfp, first, second)
    services.extend_call_deadline(rfp, APRIL_30, "Because", by=admin, now=NOW)
    late.refresh_from_db()
    services.submit_application(late, by=late.applicant, now=APRIL_15 + timedelta(seconds=1))
    too_late = complete_draft(rfp, first, second, applicant=UserFactory())
    with pytest.raises(SubmissionError):
        services.submit_application(too_late, by=too_late.applicant, now=APRIL_30 + timedelta(seconds=1))


def test_staff_extend_one_application_and_the_effective_deadline_is_the_later(call):
    rfp, first, second = call
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(staff)
    detained = complete_draft(rfp, first, second)
    other = complete_draft(rfp, first, second, applicant=UserFactory())
    services.extend_application_deadline(detained, APRIL_30, "Detained for two weeks", by=staff, now=NOW)
    detained.refresh_from_db()
    other.refresh_from_db()
    assert (effective_deadline(detained), effective_deadline(other)) == (APRIL_30, APRIL_15)
    services.submit_application(detained, by=detained.applicant, now=APRIL_30 - timedelta(seconds=1))
    with pytest.raises(SubmissionError):
        services.submit_application(other, by=other.applicant, now=APRIL_15 + timedelta(seconds=1))
    assert Message.objects.filter(template="grants/deadline_extended", recipient=detained.applicant).count() == 1
    # A later call-wide extension beyond it applies to it too.
    assert effective_deadline(Application(rfp=rfp, extended_until=APRIL_15 - timedelta(days=1))) == APRIL_15


def test_staff_of_another_call_cannot_extend_an_application(call):
    rfp, _first, _second = call
    stranger = UserFactory(roles=[Role.PROGRAM_STAFF])
    draft = draft_to(rfp)
    with pytest.raises(ApplyError, match="You do not run this call"):
        services.extend_application_deadline(draft, APRIL_30, "Because", by=stranger, now=NOW)
    draft.refresh_from_db()
    assert draft.extended_until is None


def test_the_boundary_follows_an_individual_extension_to_the_second(call):
    rfp, first, second = call
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(staff)
    on_time = complete_draft(rfp, first, second)
    late = complete_draft(rfp, first, second, applicant=UserFactory())
    for draft in (on_time, late):
        services.extend_application_deadline(draft, APRIL_30, "Internet shutdown", by=staff, now=NOW)
        draft.refresh_from_db()
    services.submit_application(on_time, by=on_time.applicant, now=APRIL_15 + timedelta(seconds=1))
    with pytest.raises(SubmissionError):
        services.submit_application(late, by=late.applicant, now=APRIL_30 + timedelta(seconds=1))
    late.refresh_from_db()
    assert late.status == Application.Status.DRAFT


def test_a_call_wide_extension_rearms_every_drafts_next_reminder(call, admin):
    rfp, _first, _second = call
    draft = draft_to(rfp)
    services.extend_call_deadline(rfp, APRIL_30, "Because", by=admin, now=NOW)
    draft.refresh_from_db()
    assert draft.next_reminder_at == APRIL_30 - timedelta(days=7)


@pytest.mark.parametrize("drafts", [1, 100])
def test_a_call_wide_extension_tells_every_holder_in_the_same_queries_for_1_and_100_drafts(
    drafts, call, admin, django_assert_num_queries
):
    rfp, _first, _second = call
    organisation = OrganisationFactory()
    MembershipFactory.create_batch(2, organisation=organisation)
    Application.objects.bulk_create(
        [
            Application(rfp=rfp, applicant=UserFactory(), organisation=None if number % 2 else organisation)
            for number in range(drafts)
        ]
    )
    with django_assert_num_queries(11):
        services.extend_call_deadline(rfp, APRIL_30, "A shutdown in the region", by=admin, now=NOW)
    # Each applicant, and the organisation's two members for each of its drafts.
    organisation_drafts = (drafts + 1) // 2
    assert Message.objects.filter(template="grants/deadline_extended").count() == drafts + 2 * organisation_drafts
