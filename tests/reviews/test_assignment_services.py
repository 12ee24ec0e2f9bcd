"""Assigning reviewers through the services: every bar refused with its reason, the first live
assignment moving the application to in review once, the due date the end of the chosen day in
the call's time zone, access for the round's days, reviewers told once per action, the audit
holding ids and counts only, and the automatic assignment all or nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from audit.models import AuditEvent
from grants.models import Application
from notifications.models import Message
from reviews.errors import ReviewError
from reviews.models import Assignment, ConflictDeclaration, ReviewRound
from reviews.services import assignments, reviewers, rounds
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .factories import AssignmentFactory, CallReviewerFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("UTC"))
DUE = date(2026, 3, 20)


@pytest.fixture
def staff(program_staff):
    return program_staff


@pytest.fixture
def rfp(staff):
    application = SubmittedApplicationFactory(rfp__staff=[staff], rfp__time_zone="Africa/Nairobi")
    return application.rfp


def attached(rfp, **fields):
    return CallReviewerFactory(rfp=rfp, **fields).reviewer


def test_an_assignment_is_due_at_the_end_of_the_day_in_the_call_s_time_zone_with_access_for_the_round(rfp, staff):
    ReviewRound.objects.create(rfp=rfp, access_days=30)
    application = rfp.applications.get()
    person = attached(rfp)
    assignment = assignments.assign(application, person, DUE, by=staff, now=NOW)
    assert assignment.due_at == datetime(2026, 3, 20, 20, 59, 59, tzinfo=ZoneInfo("UTC"))  # 23:59:59 in Nairobi
    assert assignment.access_ends_at == NOW + timedelta(days=30)
    assert assignment.created_by == staff and assignment.status == Assignment.Status.ACTIVE


def test_the_first_live_assignment_moves_the_application_to_in_review_once(rfp, staff):
    application = rfp.applications.get()
    first, second = attached(rfp), attached(rfp)
    assignments.assign(application, first, DUE, by=staff, now=NOW)
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assignments.assign(application, second, DUE, by=staff, now=NOW)
    assert AuditEvent.objects.filter(verb="application.in_review", target_id=str(application.pk)).count() == 1


def test_the_reviewer_is_told_once_per_action_in_the_inbox_and_by_a_discreet_email(rfp, staff):
    SubmittedApplicationFactory.create_batch(2, rfp=rfp)
    person = attached(rfp, reviewer=reviewer(language="fr"))
    rfp.reviewers_per_application = 1
    rfp.save()
    assert assignments.auto_assign(rfp, [person.pk], DUE, by=staff, now=NOW) == 3
    [message] = Message.objects.filter(recipient=person)
    first = Assignment.objects.filter(reviewer=person).order_by("pk").first()
    assert message.template == "reviews/assigned"
    assert message.dedupe_key == f"reviews/assigned:{first.pk}:{person.pk}"
    assert message.language == "fr"
    assert rfp.texts["en"]["title"] not in message.email_text and "#" not in message.email_subject
    assert f"l'appel n°\xa0{rfp.pk}." in message.body  # in French, the reviewer's language


@pytest.mark.parametrize(
    "bar, reason",
    [
        ("not attached", "This account is not one of the call's reviewers: attach it first."),
        ("own organisation", "This reviewer is a member of the application's organisation."),
        ("conflict", "This reviewer declared a conflict of interest with the application."),
        ("country", "This reviewer is excluded from the application's country."),
        ("organisation", "This reviewer is excluded from the application's organisation."),
        ("duplicate", "This reviewer is already assigned to the application."),
    ],
)
def test_a_barred_reviewer_is_refused_by_hand_with_the_reason_beside_the_field(rfp, staff, bar, reason):
    organisation = OrganisationFactory(country="SN")
    application = rfp.applications.get()
    Application.objects.filter(pk=application.pk).update(organisation=organisation, country="SN")
    application.refresh_from_db()
    person = reviewer()
    if bar != "not attached":
        call_reviewer = CallReviewerFactory(rfp=rfp, reviewer=person)
    if bar == "own organisation":
        MembershipFactory(user=person, organisation=organisation)
    if bar == "conflict":
        ConflictDeclaration.objects.create(rfp=rfp, application=application, reviewer=person, reason="My cousin")
    if bar == "country":
        call_reviewer.excluded_countries = ["SN"]
        call_reviewer.save()
    if bar == "organisation":
        call_reviewer.excluded_organisations.add(organisation)
    if bar == "duplicate":
        AssignmentFactory(application=application, reviewer=person)
    with pytest.raises(ReviewError) as refused:
        assignments.assign(application, person, DUE, by=staff, now=NOW)
    assert (refused.value.message, refused.value.field) == (reason, "reviewer")
    other = Assignment.objects.filter(application=application).count()
    assert other == (1 if bar == "duplicate" else 0)


def test_a_reassignment_refuses_a_barred_reviewer_and_keeps_the_first(rfp, staff):
    application = rfp.applications.get()
    first, barred = attached(rfp), attached(rfp)
    assignment = assignments.assign(application, first, DUE, by=staff, now=NOW)
    ConflictDeclaration.objects.create(rfp=rfp, application=application, reviewer=barred, reason="Former employer")
    with pytest.raises(ReviewError, match="declared a conflict"):
        assignments.reassign(assignment, barred, DUE, by=staff, now=NOW)
    assignment.refresh_from_db()
    assert assignment.is_active
    replacement = attached(rfp)
    new = assignments.reassign(assignment, replacement, DUE, by=staff, now=NOW)
    assignment.refresh_from_db()
    assert (assignment.status, assignment.ended_at) == (Assignment.Status.REMOVED, NOW)
    assert new.reviewer == replacement and new.is_active
    assert Message.objects.get(recipient=first, template="reviews/assignment_ended")


def test_a_past_due_date_is_refused(rfp, staff):
    person = attached(rfp)
    with pytest.raises(ReviewError) as refused:
        assignments.assign(rfp.applications.get(), person, date(2026, 3, 1), by=staff, now=NOW)
    assert refused.value.field == "due_date"


def test_a_review_submitted_keeps_its_assignment(rfp, staff):
    review = ReviewFactory(assignment__application=rfp.applications.get(), submitted=True)
    with pytest.raises(ReviewError, match="submitted their review"):
        assignments.remove_assignment(review.assignment, by=staff, now=NOW)


def test_automatic_assignment_gives_each_application_the_call_s_number_evenly_in_one_audit_event(rfp, staff):
    SubmittedApplicationFactory.create_batch(5, rfp=rfp)  # six in all, two reviewers each
    people = [attached(rfp) for _number in range(4)]
    assert assignments.auto_assign(rfp, [p.pk for p in people], DUE, by=staff, now=NOW) == 12
    loads = sorted(Assignment.objects.filter(reviewer__in=people).values_list("reviewer", flat=True))
    assert sorted(loads.count(p.pk) for p in people) == [3, 3, 3, 3]
    assert set(rfp.applications.values_list("status", flat=True)) == {Application.Status.IN_REVIEW}
    event = AuditEvent.objects.get(verb="rfp.auto_assigned")
    assert event.detail == {"count": 12, "applications": 6, "reviewers": 4}
    # Again: every application has its reviewers already.
    assert assignments.auto_assign(rfp, [p.pk for p in people], DUE, by=staff, now=NOW) == 0


def test_too_few_reviewers_assign_nothing_and_say_how_many_more_are_needed(rfp, staff):
    rfp.reviewers_per_application = 3
    rfp.save()
    application = rfp.applications.get()
    people = [attached(rfp), attached(rfp)]
    ConflictDeclaration.objects.create(rfp=rfp, application=application, reviewer=people[0], reason="Friend")
    with pytest.raises(assignments.AssignmentShortfall) as refused:
        assignments.auto_assign(rfp, [p.pk for p in people], DUE, by=staff, now=NOW)
    assert refused.value.messages == [
        "Nothing was assigned: 2 more reviewers are needed, who may review every application.",
        f"{application.reference} needs 3 more; 1 of the 2 chosen may review it. Barred: a conflict of interest (1).",
    ]
    assert not Assignment.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_replacement_for_a_declared_conflict_is_assigned_automatically(rfp, staff):
    rfp.reviewers_per_application = 1
    rfp.save()
    application = rfp.applications.get()
    conflicted, other = attached(rfp), attached(rfp)
    assignment = AssignmentFactory(application=application, reviewer=conflicted, status=Assignment.Status.CONFLICT)
    conflict = ConflictDeclaration.objects.create(
        rfp=rfp, application=application, reviewer=conflicted, assignment=assignment, reason="Sister"
    )
    assert assignments.assign_replacement(conflict, DUE, by=staff, now=NOW) == 1
    assert Assignment.objects.get(status=Assignment.Status.ACTIVE).reviewer == other
    conflict.refresh_from_db()
    assert conflict.replaced_at == NOW


def test_no_audit_event_holds_a_name_or_an_address(rfp, staff):
    person = attached(rfp, reviewer=reviewer(name="Amina Okafor"))
    assignment = assignments.assign(rfp.applications.get(), person, DUE, by=staff, now=NOW)
    assignments.change_due_date(assignment, date(2026, 3, 25), by=staff, now=NOW)
    assignments.remove_assignment(assignment, by=staff, now=NOW)
    for event in AuditEvent.objects.all():
        text = str(event.detail)
        assert "Amina" not in text and "@" not in text


def test_a_reviewer_with_live_assignments_is_not_detached(rfp, staff):
    call_reviewer = CallReviewerFactory(rfp=rfp)
    AssignmentFactory(application=rfp.applications.get(), reviewer=call_reviewer.reviewer)
    with pytest.raises(ReviewError, match="1 live assignment in this call"):
        reviewers.detach_reviewer(call_reviewer, by=staff)


def test_only_accounts_that_may_review_are_attached(rfp, staff):
    with pytest.raises(ReviewError, match="Only accounts with the reviewer role"):
        reviewers.attach_reviewer(rfp, UserFactory(roles=[Role.APPLICANT]), by=staff)


def test_closing_the_round_ends_access_now_and_access_days_never_reach_past_it(rfp, staff):
    assignment = AssignmentFactory(application=rfp.applications.get(), created_at=NOW, access_ends_at=NOW)
    late = NOW + timedelta(days=1)
    assert rounds.set_access_days(rfp, 10, by=staff) == 1
    assignment.refresh_from_db()
    assert assignment.access_ends_at == NOW + timedelta(days=10)
    assert rounds.close_round(rfp, by=staff, now=late) == 1
    assignment.refresh_from_db()
    assert assignment.access_ends_at == late
    rounds.set_access_days(rfp, 60, by=staff)
    assignment.refresh_from_db()
    assert assignment.access_ends_at == late
    with pytest.raises(ReviewError, match="review round of this call is closed"):
        assignments.assign(rfp.applications.get(), attached(rfp), DUE, by=staff, now=late)


@pytest.mark.parametrize("count", [1, 30])
def test_automatic_assignment_moves_every_application_in_statements_that_do_not_grow(rfp, staff, count):
    SubmittedApplicationFactory.create_batch(count - 1, rfp=rfp)
    people = [attached(rfp) for _number in range(3)]
    with CaptureQueriesContext(connection) as queries:
        assert assignments.auto_assign(rfp, [p.pk for p in people], DUE, by=staff, now=NOW) == 2 * count
    assert len(queries) == 21
    pks = sorted(rfp.applications.values_list("pk", flat=True))
    assert list(
        AuditEvent.objects.filter(verb="application.in_review")
        .order_by("target_id")
        .values_list("actor", "target_id", "detail")
    ) == sorted((staff.pk, str(pk), {"from": "submitted"}) for pk in pks)
    assert list(rfp.applications.values_list("status", flat=True).distinct()) == [Application.Status.IN_REVIEW]
    assert Message.objects.filter(template="reviews/assigned").count() == min(3, 2 * count)
