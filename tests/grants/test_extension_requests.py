"""An applicant asks for more time on a draft, before its deadline, one request at a time; the
staff who run the call grant it, grant a shorter one (after the current deadline, before what was
asked) or refuse it with a message. A request still undecided when the deadline passes keeps the
draft open for saves and submission until staff decide; a refusal then closes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from grants import services
from grants.deadlines import effective_deadline, is_open, next_reminder_at
from grants.errors import ApplyError, SubmissionError
from grants.models import Application, DeadlineExtension, ExtensionRequest
from grants.selectors import form_of
from notifications.models import Message
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .applying import call_with_form, draft_to
from .test_applying_services import complete_draft

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
DEADLINE = NOW + timedelta(days=14)
ASKED = DEADLINE + timedelta(days=7)
GRANTED, SHORTENED, REFUSED = (
    ExtensionRequest.Status.GRANTED,
    ExtensionRequest.Status.SHORTENED,
    ExtensionRequest.Status.REFUSED,
)


@pytest.fixture
def staff():
    return UserFactory(roles=[Role.PROGRAM_STAFF], language="fr")


@pytest.fixture
def call(staff):
    return call_with_form(staff=[staff], opens_at=NOW - timedelta(days=10), deadline=DEADLINE)


@pytest.fixture
def draft(call):
    rfp, _first, _second = call
    return draft_to(rfp)


def ask(draft, until=ASKED, reason="Internet cut for a week", now=NOW):
    return services.request_extension(draft, until, reason, by=draft.applicant, now=now)


def test_a_request_keeps_what_was_asked_and_tells_the_staff_of_the_call(draft, staff):
    request = ask(draft)
    draft.refresh_from_db()
    assert (request.status, request.requested_until, request.reason, request.requested_by) == (
        ExtensionRequest.Status.PENDING,
        ASKED,
        "Internet cut for a week",
        draft.applicant,
    )
    assert draft.extension_requested_at == NOW
    told = Message.objects.get(template="grants/extension_requested")
    assert (told.recipient, told.language) == (staff, "fr")
    assert "Internet cut" not in told.body  # the reason stays on the portal's page
    assert AuditEvent.objects.filter(verb="application.extension_requested").count() == 1


def test_one_pending_request_at_a_time(draft):
    ask(draft)
    with pytest.raises(ApplyError, match="awaits a decision"):
        ask(draft, until=ASKED + timedelta(days=1))
    assert ExtensionRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("until", "reason", "now", "message"),
    [
        (ASKED, "Shutdown", DEADLINE, "The deadline has passed"),
        (ASKED, "Shutdown", DEADLINE + timedelta(seconds=1), "The deadline has passed"),
        (DEADLINE, "Shutdown", NOW, "Ask for an instant later than your deadline."),
        (ASKED, "   ", NOW, "Say why you need more time"),
    ],
)
def test_a_request_comes_before_the_deadline_for_a_later_instant_with_a_reason(draft, until, reason, now, message):
    with pytest.raises(ApplyError, match=message):
        ask(draft, until=until, reason=reason, now=now)
    draft.refresh_from_db()
    assert draft.extension_requested_at is None
    assert not ExtensionRequest.objects.exists()


def test_only_the_drafts_owners_ask_and_only_on_a_draft(call):
    rfp, _first, _second = call
    draft = draft_to(rfp)
    with pytest.raises(ApplyError, match="not yours"):
        services.request_extension(draft, ASKED, "Shutdown", by=UserFactory(), now=NOW)
    submitted = draft_to(rfp, status=Application.Status.SUBMITTED, applicant=UserFactory())
    with pytest.raises(ApplyError, match="Only a draft"):
        services.request_extension(submitted, ASKED, "Shutdown", by=submitted.applicant, now=NOW)


def test_granted_moves_the_drafts_deadline_to_the_instant_asked_for(draft, staff):
    request = ask(draft)
    services.decide_extension_request(request, GRANTED, None, "", by=staff, now=NOW + timedelta(days=1))
    draft.refresh_from_db()
    request.refresh_from_db()
    assert (effective_deadline(draft), draft.extension_requested_at) == (ASKED, None)
    assert draft.next_reminder_at == next_reminder_at(ASKED, NOW + timedelta(days=1))
    assert (request.status, request.granted_until, request.decided_by) == (GRANTED, ASKED, staff)
    extension = DeadlineExtension.objects.get()
    assert (extension.scope, extension.request, extension.previous_deadline, extension.new_deadline) == (
        DeadlineExtension.Scope.REQUEST,
        request,
        DEADLINE,
        ASKED,
    )
    assert AuditEvent.objects.get(verb="application.extension_decided").detail == {
        "request": request.pk,
        "decision": "granted",
    }


def test_a_shorter_extension_lies_between_the_current_deadline_and_what_was_asked(draft, staff):
    request = ask(draft)
    for until in (DEADLINE, DEADLINE - timedelta(hours=1), ASKED, ASKED + timedelta(hours=1), None):
        with pytest.raises(ApplyError) as refusal:
            services.decide_extension_request(request, SHORTENED, until, "", by=staff, now=NOW)
        assert refusal.value.field == "until"
    assert not DeadlineExtension.objects.exists()
    shorter = DEADLINE + timedelta(days=2)
    services.decide_extension_request(request, SHORTENED, shorter, "Two days", by=staff, now=NOW)
    draft.refresh_from_db()
    request.refresh_from_db()
    assert (effective_deadline(draft), request.status, request.granted_until) == (shorter, SHORTENED, shorter)
    assert DeadlineExtension.objects.get().new_deadline == shorter


def test_a_refusal_needs_a_message_and_leaves_the_deadline(draft, staff):
    request = ask(draft)
    with pytest.raises(ApplyError) as refusal:
        services.decide_extension_request(request, REFUSED, None, "  ", by=staff, now=NOW)
    assert refusal.value.field == "message"
    services.decide_extension_request(request, REFUSED, None, "The call is already late", by=staff, now=NOW)
    draft.refresh_from_db()
    request.refresh_from_db()
    assert (effective_deadline(draft), draft.extension_requested_at) == (DEADLINE, None)
    assert (request.status, request.message, request.granted_until) == (REFUSED, "The call is already late", None)
    assert not DeadlineExtension.objects.exists()
    with pytest.raises(ApplyError, match="already been decided"):
        services.decide_extension_request(request, GRANTED, None, "", by=staff, now=NOW)


def test_the_decision_is_told_to_the_applicant_and_the_organisation_holding_the_draft_in_their_language(call, staff):
    rfp, _first, _second = call
    organisation = OrganisationFactory(owner=UserFactory())
    colleague = MembershipFactory(organisation=organisation, user=UserFactory(language="es")).user
    owner = organisation.memberships.get(role="owner").user
    draft = draft_to(rfp, applicant=owner, organisation=organisation)
    request = ask(draft)
    services.decide_extension_request(request, REFUSED, None, "Not this time", by=staff, now=NOW)
    told = Message.objects.filter(template="grants/extension_decided")
    assert set(told.values_list("recipient", "language")) == {(owner.pk, "en"), (colleague.pk, "es")}
    assert "Not this time" in told.get(recipient=owner).body


def test_only_the_staff_of_the_call_decide(draft):
    request = ask(draft)
    for stranger in (UserFactory(roles=[Role.PROGRAM_STAFF]), draft.applicant, UserFactory(roles=[Role.REVIEWER])):
        with pytest.raises(ApplyError, match="You do not run this call"):
            services.decide_extension_request(request, GRANTED, None, "", by=stranger, now=NOW)
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.PENDING


def test_a_pending_request_keeps_the_draft_open_past_the_deadline_for_saves_and_submission(call):
    rfp, first, second = call
    draft = complete_draft(rfp, first, second)
    ask(draft)
    draft.refresh_from_db()
    late = DEADLINE + timedelta(hours=5)
    assert is_open(draft, late)
    section = {section.pk: section for section in form_of(rfp)}[first.pk]
    answers = {"title": "Safe houses, late", "amount": "5000"}
    services.save_section(draft, section, answers, by=draft.applicant, now=late)
    services.submit_application(draft, by=draft.applicant, now=late)
    draft.refresh_from_db()
    assert (draft.status, draft.answers["title"]) == (Application.Status.SUBMITTED, "Safe houses, late")
    # Submitted, the request is moot: closed, and no longer waiting for staff.
    assert draft.extension_requested_at is None
    [request] = draft.extension_requests.all()
    assert (request.status, request.decided_at) == (ExtensionRequest.Status.CLOSED, late)


def test_withdrawing_a_draft_closes_its_pending_request(draft):
    ask(draft)
    services.withdraw_application(draft, by=draft.applicant, now=NOW + timedelta(hours=1))
    draft.refresh_from_db()
    assert draft.extension_requested_at is None
    assert list(draft.extension_requests.values_list("status", flat=True)) == [ExtensionRequest.Status.CLOSED]


def test_a_refusal_after_the_deadline_closes_the_draft(call, staff):
    rfp, first, second = call
    draft = complete_draft(rfp, first, second)
    request = ask(draft)
    late = DEADLINE + timedelta(hours=5)
    services.decide_extension_request(request, REFUSED, None, "Too late", by=staff, now=late)
    draft.refresh_from_db()
    assert not is_open(draft, late)
    section = {section.pk: section for section in form_of(rfp)}[first.pk]
    with pytest.raises(ApplyError, match="The deadline has passed"):
        services.save_section(draft, section, {"title": "Changed", "amount": "5000"}, by=draft.applicant, now=late)
    with pytest.raises(SubmissionError):
        services.submit_application(draft, by=draft.applicant, now=late)
    told = Message.objects.get(template="grants/extension_decided")
    assert "your draft is closed" in told.body


def test_granted_after_the_deadline_reopens_it_until_the_instant_asked_for(call, staff):
    rfp, first, second = call
    draft = complete_draft(rfp, first, second)
    request = ask(draft)
    late = DEADLINE + timedelta(hours=5)
    services.decide_extension_request(request, GRANTED, None, "", by=staff, now=late)
    draft.refresh_from_db()
    assert is_open(draft, ASKED - timedelta(seconds=1)) and not is_open(draft, ASKED)
    services.submit_application(draft, by=draft.applicant, now=ASKED - timedelta(seconds=1))
