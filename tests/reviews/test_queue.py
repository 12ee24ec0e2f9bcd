"""The reviewer's queue: their own live assignments, overdue first then by due date, each with
its call, the application's reference, its due instant in the reviewer's zone and its state,
and the progress line. No applicant, organisation or title, blind call or not; nothing ended,
withdrawn or someone else's; the same queries for 1 and 200 assignments."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from accounts.roles import Role
from grants.models import Application
from reviews.models import Assignment
from reviews.queue import State, assignment_path, queue_for
from tests.factories import OrganisationFactory, RFPFactory, UserFactory

from .factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def assigned(who, *, due_in: timedelta, rfp=None, **fields) -> Assignment:
    application = SubmittedApplicationFactory(**({"rfp": rfp} if rfp else {}))
    return AssignmentFactory(application=application, reviewer=who, due_at=NOW + due_in, **fields)


def test_overdue_first_then_by_due_date_with_each_state_and_the_progress_line():
    who = reviewer()
    later = assigned(who, due_in=timedelta(days=9), no_conflict_confirmed_at=NOW)
    soon = assigned(who, due_in=timedelta(days=2))
    overdue = assigned(who, due_in=-timedelta(days=1), no_conflict_confirmed_at=NOW)
    most_overdue = assigned(who, due_in=-timedelta(days=3), no_conflict_confirmed_at=NOW)
    ReviewFactory(assignment=later, submitted=True)
    ReviewFactory(assignment=overdue)  # a draft: still overdue
    # A review submitted late is done, not overdue: it takes its place by due date.
    done_late = assigned(who, due_in=-timedelta(days=5), no_conflict_confirmed_at=NOW)
    ReviewFactory(assignment=done_late, submitted=True)
    queue = queue_for(who, NOW)
    assert [row.public_id for row in queue.rows] == [
        most_overdue.public_id,
        overdue.public_id,
        done_late.public_id,
        soon.public_id,
        later.public_id,
    ]
    assert [row.state for row in queue.rows] == [
        State.IN_PROGRESS,
        State.IN_PROGRESS,
        State.SUBMITTED,
        State.TO_CONFIRM,
        State.SUBMITTED,
    ]
    assert [row.overdue for row in queue.rows] == [True, True, False, False, False]
    assert (queue.submitted, queue.overdue, queue.progress) == (2, 2, "2 of 5 submitted")


def test_the_page_links_each_row_and_shows_the_call_the_due_instant_in_the_reviewers_zone(client):
    who = reviewer(time_zone="Africa/Nairobi")
    rfp = RFPFactory(texts={"en": {"title": "Safe houses"}})
    row = assigned(who, due_in=timedelta(days=4), rfp=rfp)
    client.force_login(who)
    response = client.get(reverse("reviews:queue"))
    html = response.content.decode()
    assert f'<a href="/reviews/assignments/{row.public_id}/"><bdi>{row.application.reference}</bdi></a>' in html
    assert assignment_path(row.public_id) == f"/reviews/assignments/{row.public_id}/"
    local = formats.date_format(timezone.localtime(row.due_at, timezone.get_fixed_timezone(180)), "DATETIME_FORMAT")
    assert f"{local}</time> (Africa/Nairobi)" in html
    assert "Safe houses" in html
    assert "0 of 1 submitted" in html
    assert "To confirm: no conflict of interest" in html
    assert html.count("<h1") == 1
    assert "<title>Your reviews · " in html


@pytest.mark.parametrize("blind", [True, False])
def test_no_applicant_organisation_or_title_is_named_blind_call_or_not(blind, client):
    who = reviewer()
    rfp = RFPFactory(blind_review=blind)
    organisation = OrganisationFactory(name="Kenya Land Defenders")
    applicant = UserFactory(name="Wanjiru Kamau")
    application = SubmittedApplicationFactory(
        rfp=rfp, applicant=applicant, organisation=organisation, title="Safe houses in Nakuru"
    )
    AssignmentFactory(application=application, reviewer=who)
    client.force_login(who)
    html = client.get(reverse("reviews:queue")).content.decode()
    assert application.reference in html
    for identifying in ("Wanjiru", "Kamau", "Kenya Land Defenders", "Nakuru"):
        assert identifying not in html


def test_only_the_reviewers_own_live_assignments_are_listed():
    who = reviewer()
    live = assigned(who, due_in=timedelta(days=3))
    assigned(who, due_in=timedelta(days=3), status=Assignment.Status.CONFLICT, ended_at=NOW)
    assigned(who, due_in=timedelta(days=3), status=Assignment.Status.REMOVED, ended_at=NOW)
    assigned(who, due_in=timedelta(days=3), access_ends_at=NOW - timedelta(minutes=1))
    withdrawn = assigned(who, due_in=timedelta(days=3))
    Application.objects.filter(pk=withdrawn.application_id).update(status=Application.Status.WITHDRAWN)
    assigned(reviewer(), due_in=timedelta(days=3))
    assert [row.public_id for row in queue_for(who, NOW).rows] == [live.public_id]


def test_the_menu_links_the_queue_for_reviewers_only(client, program_staff):
    client.force_login(reviewer())
    assert f'href="{reverse("reviews:queue")}">Reviews</a>' in client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(program_staff)
    assert f'href="{reverse("reviews:queue")}"' not in client.get(reverse("calls:open")).content.decode()


def test_staff_who_review_rapid_response_calls_have_a_queue_and_applicants_a_404(client, program_staff, applicant):
    client.force_login(program_staff)
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 200
    assert "Nothing is assigned to you now." in response.content.decode()
    client.force_login(applicant)
    assert client.get(reverse("reviews:queue")).status_code == 404


@pytest.mark.parametrize("rows", [1, 200])
def test_the_queue_costs_the_same_queries_for_1_and_200_assignments(rows, client, django_assert_num_queries):
    who = UserFactory(roles=[Role.REVIEWER])
    rfp = RFPFactory()
    applications = SubmittedApplicationFactory.create_batch(rows, rfp=rfp)
    Assignment.objects.bulk_create(
        [
            Assignment(
                rfp=rfp,
                application=application,
                reviewer=who,
                due_at=NOW + timedelta(days=number - rows // 2),
                access_ends_at=NOW + timedelta(days=90),
                created_by=rfp.created_by,
            )
            for number, application in enumerate(applications)
        ]
    )
    client.force_login(who)
    # Session, user (with roles and second factor) and unread messages; the queue and its calls.
    with django_assert_num_queries(5):
        response = client.get(reverse("reviews:queue"))
    assert len(response.context["queue"].rows) == rows
