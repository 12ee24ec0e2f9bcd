"""Staff extend one draft, or every draft from a country in one action (a shutdown hits a whole
country): only the drafts of that country whose effective deadline is earlier move, each with
its own extension kept, its reminders re-armed and its holders told; one audit event counts them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from grants import services
from grants.deadlines import effective_deadline, next_reminder_at
from grants.errors import ApplyError
from grants.models import Application, DeadlineExtension
from notifications.models import Message
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .applying import draft_to, published_call

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
DEADLINE = NOW + timedelta(days=14)
LATER = NOW + timedelta(days=21)


@pytest.fixture
def staff():
    return UserFactory(roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def rfp(staff):
    return published_call(staff=[staff], opens_at=NOW - timedelta(days=10), deadline=DEADLINE)


def test_every_draft_from_the_country_moves_and_no_other(rfp, staff):
    senegal = [draft_to(rfp, country="SN") for _number in range(3)]
    myanmar = draft_to(rfp, country="MM")
    submitted = draft_to(rfp, country="SN", status=Application.Status.SUBMITTED)
    other_call = draft_to(published_call(deadline=DEADLINE), country="SN")
    moved = services.extend_country_deadline(rfp, "SN", LATER, "Internet shutdown", by=staff, now=NOW)
    assert moved == 3
    for draft in senegal:
        draft.refresh_from_db()
        assert (effective_deadline(draft), draft.next_reminder_at) == (LATER, next_reminder_at(LATER, NOW))
    for draft in (myanmar, submitted, other_call):
        draft.refresh_from_db()
        assert draft.extended_until is None
    extensions = DeadlineExtension.objects.filter(scope=DeadlineExtension.Scope.COUNTRY)
    assert sorted(extensions.values_list("application_id", "country", "previous_deadline", "new_deadline")) == sorted(
        (draft.pk, "SN", DEADLINE, LATER) for draft in senegal
    )
    event = AuditEvent.objects.get(verb="rfp.deadline_extended_by_country")
    assert event.detail == {"count": 3}


def test_only_drafts_whose_deadline_is_earlier_move(rfp, staff):
    earlier = draft_to(rfp, country="SN", extended_until=DEADLINE + timedelta(days=1))
    already_later = draft_to(rfp, country="SN", extended_until=LATER + timedelta(days=1))
    assert services.extend_country_deadline(rfp, "SN", LATER, "Shutdown", by=staff, now=NOW) == 1
    earlier.refresh_from_db()
    already_later.refresh_from_db()
    assert (earlier.extended_until, already_later.extended_until) == (LATER, LATER + timedelta(days=1))
    extension = DeadlineExtension.objects.get(scope=DeadlineExtension.Scope.COUNTRY)
    assert (extension.application_id, extension.previous_deadline) == (earlier.pk, DEADLINE + timedelta(days=1))


def test_a_country_extension_that_moves_nothing_is_refused(rfp, staff):
    draft_to(rfp, country="SN", extended_until=LATER)
    with pytest.raises(ApplyError) as refusal:
        services.extend_country_deadline(rfp, "SN", LATER, "Shutdown", by=staff, now=NOW)
    assert refusal.value.field == "new_deadline"
    with pytest.raises(ApplyError, match="Say why"):
        services.extend_country_deadline(rfp, "SN", LATER + timedelta(days=1), " ", by=staff, now=NOW)
    assert not DeadlineExtension.objects.exists()


def test_each_holder_of_a_moved_draft_is_told_in_their_language(rfp, staff):
    organisation = OrganisationFactory(owner=UserFactory(), country="SN")
    colleague = MembershipFactory(organisation=organisation, user=UserFactory(language="fr")).user
    owner = organisation.memberships.get(role="owner").user
    draft_to(rfp, applicant=owner, organisation=organisation, country="SN")
    alone = draft_to(rfp, country="SN")
    services.extend_country_deadline(rfp, "SN", LATER, "Shutdown", by=staff, now=NOW)
    told = Message.objects.filter(template="grants/deadline_extended")
    assert set(told.values_list("recipient", flat=True)) == {owner.pk, colleague.pk, alone.applicant_id}
    assert told.get(recipient=colleague).language == "fr"


def test_only_the_staff_of_the_call_extend_by_country(rfp):
    draft = draft_to(rfp, country="SN")
    for stranger in (UserFactory(roles=[Role.PROGRAM_STAFF]), UserFactory(), UserFactory(roles=[Role.REVIEWER])):
        with pytest.raises(ApplyError, match="You do not run this call"):
            services.extend_country_deadline(rfp, "SN", LATER, "Shutdown", by=stranger, now=NOW)
    draft.refresh_from_db()
    assert draft.extended_until is None
    admin = UserFactory(roles=[Role.ADMIN])
    assert services.extend_country_deadline(rfp, "SN", LATER, "Shutdown", by=admin, now=NOW) == 1


def test_one_draft_extended_alone_keeps_one_row_and_its_neighbours_keep_theirs(rfp, staff):
    detained = draft_to(rfp, country="SN")
    neighbour = draft_to(rfp, country="SN")
    services.extend_application_deadline(detained, LATER, "Detained", by=staff, now=NOW)
    neighbour.refresh_from_db()
    assert (effective_deadline(detained), effective_deadline(neighbour)) == (LATER, DEADLINE)
    assert list(DeadlineExtension.objects.values_list("application_id", "scope")) == [
        (detained.pk, DeadlineExtension.Scope.APPLICATION)
    ]
    # The country's extension later moves the neighbour only.
    assert services.extend_country_deadline(rfp, "SN", LATER, "Shutdown", by=staff, now=NOW) == 1
