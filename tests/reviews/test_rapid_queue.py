"""Rapid response: one reviewer may do, and program staff may be that reviewer. The staff who
run a rapid-response call see its submitted applications that no review has been submitted for
yet, oldest submission first, with how long each has waited and whether someone is assigned;
a programmatic call, or one they do not run, is a 404. The same queries for 1 and 50."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants.models import RFP, Application
from reviews.models import Assignment
from reviews.permissions import can_review_for
from tests.factories import ApplicationFactory, RFPFactory, UserFactory

from .factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def rapid(**fields) -> RFP:
    return RFPFactory(mechanism=RFP.Mechanism.RAPID_RESPONSE, deadline=None, **fields)


def waiting_page(client, user, rfp):
    client.force_login(user)
    return client.get(reverse("reviews:rapid-queue", args=[rfp.pk]))


def test_program_staff_may_review_a_rapid_response_call_and_not_a_programmatic_one(program_staff, applicant):
    assert can_review_for(program_staff, rapid())
    assert can_review_for(UserFactory(roles=[Role.ADMIN]), rapid())
    verdict = can_review_for(program_staff, RFPFactory())
    assert not verdict
    assert verdict.reason == "Only accounts with the reviewer role review this call."
    assert can_review_for(reviewer(), RFPFactory())
    assert not can_review_for(applicant, rapid())
    program_staff.is_active = False
    assert can_review_for(program_staff, rapid()).reason == "Only active accounts review."


def test_oldest_submission_first_with_its_wait_and_whether_someone_is_assigned(client, program_staff):
    rfp = rapid(staff=[program_staff])
    newest = SubmittedApplicationFactory(rfp=rfp, submitted_at=NOW - timedelta(hours=5))
    oldest = SubmittedApplicationFactory(rfp=rfp, submitted_at=NOW - timedelta(days=3))
    middle = SubmittedApplicationFactory(
        rfp=rfp, submitted_at=NOW - timedelta(days=1), status=Application.Status.IN_REVIEW
    )
    ReviewFactory(assignment=AssignmentFactory(application=middle))  # a draft review: still waiting
    AssignmentFactory(application=newest, reviewer=program_staff)
    # Not waiting: reviewed, withdrawn, a draft, ended assignments only, another call.
    reviewed = SubmittedApplicationFactory(rfp=rfp, submitted_at=NOW - timedelta(days=9))
    ReviewFactory(assignment=AssignmentFactory(application=reviewed), submitted=True)
    SubmittedApplicationFactory(rfp=rfp, status=Application.Status.WITHDRAWN, submitted_at=NOW - timedelta(days=8))
    ApplicationFactory(rfp=rfp)
    ended = SubmittedApplicationFactory(rfp=rfp, submitted_at=NOW - timedelta(hours=1))
    AssignmentFactory(application=ended, status=Assignment.Status.CONFLICT, ended_at=NOW)
    SubmittedApplicationFactory(rfp=rapid(staff=[program_staff]))
    response = waiting_page(client, program_staff, rfp)
    rows = response.context["rows"]
    assert [(row["reference"], row["has_reviewer"]) for row in rows] == [
        (oldest.reference, False),
        (middle.reference, True),
        (newest.reference, True),
        (ended.reference, False),
    ]
    html = response.content.decode()
    assert '<h1 class="h2 mb-1">4 applications waiting for review</h1>' in html
    assert "3\xa0days" in html and "5\xa0hours" in html
    assert html.count("No reviewer yet") == 2
    link = reverse("portal:staff-application", args=[oldest.public_id])
    assert f'<a href="{link}"><bdi>{oldest.reference}</bdi></a>' in html


def test_a_programmatic_call_or_one_they_do_not_run_is_a_404(client, program_staff):
    assert waiting_page(client, program_staff, RFPFactory(staff=[program_staff])).status_code == 404
    assert waiting_page(client, program_staff, rapid()).status_code == 404
    assert waiting_page(client, reviewer(), rapid()).status_code == 404
    assert waiting_page(client, UserFactory(roles=[Role.ADMIN]), rapid()).status_code == 200


def test_the_hubs_link_is_there_for_a_rapid_response_call_only():
    call = rapid()
    html = render_to_string("reviews/staff/_links_queue.html", {"rfp": call})
    assert html.strip() == (
        f'<li><a href="{reverse("reviews:rapid-queue", args=[call.pk])}">'
        "Applications waiting for review, oldest first</a></li>"
    )
    assert render_to_string("reviews/staff/_links_queue.html", {"rfp": RFPFactory()}).strip() == ""


@pytest.mark.parametrize("rows", [1, 50])
def test_the_waiting_list_costs_the_same_queries_for_1_and_50(rows, client, program_staff, django_assert_num_queries):
    rfp = rapid(staff=[program_staff])
    for number in range(rows):
        application = SubmittedApplicationFactory(rfp=rfp, submitted_at=NOW - timedelta(hours=number + 1))
        if number % 2:
            AssignmentFactory(application=application)
    client.force_login(program_staff)
    # Session, user (with roles and second factor) and unread messages; the call; who runs it; the count
    # and the page of applications.
    with django_assert_num_queries(7):
        response = client.get(reverse("reviews:rapid-queue", args=[rfp.pk]))
    assert len(response.context["rows"]) == rows
