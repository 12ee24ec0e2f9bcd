"""Reviews' panels: a reviewer's progress, overdue count and next due items on the dashboard;
the review progress of the calls a member of staff runs; and, on the staff page of one
application, its assignments, each submitted review's total and recommendation, and its mean,
normalised score and spread from reviews/scoring.py, the spread flagged above the call's
threshold. Nothing for anyone who does not run the call; queries flat for 1 and many."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from reviews.models import Assignment, Review
from reviews.panels import application_panels, dashboard_panels
from reviews.scoring import SubmittedTotal, standings
from tests.factories import RFPFactory, UserFactory
from tests.grants.submitted import copy_call, submitted_application

from .factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("portal:dashboard")).content.decode()


def staff_page(user, application):
    client = Client()
    client.force_login(user)
    return client.get(reverse("portal:staff-application", args=[application.public_id]))


def test_a_reviewers_dashboard_shows_progress_overdue_and_what_falls_due_next():
    who = reviewer()
    rfp = RFPFactory(texts={"en": {"title": "Safe houses"}})
    rows = [
        AssignmentFactory(
            application=SubmittedApplicationFactory(rfp=rfp), reviewer=who, due_at=NOW + timedelta(days=days)
        )
        for days in (-2, 1, 3, 5, 8)
    ]
    ReviewFactory(assignment=rows[1], submitted=True)
    [panel] = dashboard_panels(who)
    assert panel.template == "reviews/panels/queue.html"
    assert [row.public_id for row in panel.context["next_due"]] == [r.public_id for r in (rows[0], rows[2], rows[3])]
    html = dashboard(who)
    assert "1 of 5 submitted · " in html
    assert "1 overdue" in html
    assert f'href="{reverse("reviews:queue")}">All your reviews</a>' in html
    assert f'href="/reviews/assignments/{rows[0].public_id}/"' in html
    assert f'href="/reviews/assignments/{rows[4].public_id}/"' not in html  # only the next three


def test_a_reviewer_with_nothing_live_gets_no_panel():
    who = reviewer()
    AssignmentFactory(reviewer=who, status=Assignment.Status.CONFLICT, ended_at=NOW)
    assert dashboard_panels(who) == []


def test_staff_see_the_review_progress_of_the_calls_they_run_only(program_staff):
    run = RFPFactory(staff=[program_staff], texts={"en": {"title": "Safe houses"}})
    untouched = RFPFactory(staff=[program_staff])
    other = RFPFactory()
    live = [AssignmentFactory(application=SubmittedApplicationFactory(rfp=run)) for _ in range(3)]
    ReviewFactory(assignment=live[0], submitted=True)
    ReviewFactory(assignment=live[1])  # a draft is not submitted
    AssignmentFactory(application=SubmittedApplicationFactory(rfp=run), status=Assignment.Status.REMOVED)
    AssignmentFactory(application=SubmittedApplicationFactory(rfp=other))
    [panel] = dashboard_panels(program_staff)
    assert panel.template == "reviews/panels/calls_progress.html"
    assert [(call.pk, call.title, call.progress) for call in panel.context["calls"]] == [
        (run.pk, "Safe houses", "1 of 3 reviews submitted")
    ]
    assert untouched.pk not in [call.pk for call in panel.context["calls"]]
    admin = UserFactory(roles=[Role.ADMIN])
    [admin_panel] = dashboard_panels(admin)
    assert {call.pk for call in admin_panel.context["calls"]} == {run.pk, other.pk}


@pytest.mark.parametrize("rows", [1, 30])
def test_a_reviewers_dashboard_costs_the_same_queries_for_1_and_30_assignments(rows, client, django_assert_num_queries):
    who = reviewer()
    rfp = RFPFactory()
    for number in range(rows):
        AssignmentFactory(application=SubmittedApplicationFactory(rfp=rfp), reviewer=who)
    client.force_login(who)
    # Session, user (with roles and second factor) and unread messages; the queue and its calls.
    with django_assert_num_queries(5):
        response = client.get(reverse("portal:dashboard"))
    assert len(response.context["panels"][0].context["queue"].rows) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_a_staff_dashboard_with_reviews_costs_the_same_queries_for_1_and_30_calls(
    rows, client, program_staff, django_assert_num_queries
):
    for _number in range(rows):
        AssignmentFactory(application=SubmittedApplicationFactory(rfp=RFPFactory(staff=[program_staff])))
    client.force_login(program_staff)
    # Session, user (with roles and second factor) and unread messages; the calls; their own queue
    # (empty); the review progress of the calls.
    with django_assert_num_queries(6):
        response = client.get(reverse("portal:dashboard"))
    assert len(response.context["panels"][1].context["calls"]) == min(rows, 20)


def reviewed(application, totals, recommendations):
    reviews = []
    for total, recommendation in zip(totals, recommendations, strict=True):
        assignment = AssignmentFactory(application=application, no_conflict_confirmed_at=NOW)
        reviews.append(ReviewFactory(assignment=assignment, submitted=True, total=total, recommendation=recommendation))
    return reviews


def test_the_staff_page_shows_each_assignment_and_the_standing_computed_by_scoring(program_staff):
    rfp = copy_call(staff=[program_staff])
    rfp.spread_threshold = Decimal(20)
    rfp.save(update_fields=["spread_threshold"])
    application = submitted_application(rfp, files=False)
    other = SubmittedApplicationFactory(rfp=rfp)
    first, second = reviewed(application, [Decimal("90.00"), Decimal("40.00")], ["fund", "decline"])
    reviewed(other, [Decimal("60.00")], ["maybe"])
    waiting = AssignmentFactory(application=application)
    ReviewFactory(assignment=waiting)  # a draft: no total shown
    AssignmentFactory(application=application, status=Assignment.Status.CONFLICT, ended_at=NOW)
    html = staff_page(program_staff, application).content.decode()
    [panel] = application_panels(application, program_staff)
    rows = panel.context["assignments"]
    assert [(row.reviewer, row.state, row.total, row.recommendation) for row in rows] == [
        (first.reviewer.name, "Submitted", Decimal("90.00"), "Fund"),
        (second.reviewer.name, "Submitted", Decimal("40.00"), "Decline"),
        (waiting.reviewer.name, "To confirm: no conflict of interest", None, ""),
        (rows[3].reviewer, "Conflict of interest declared", None, ""),
    ]
    expected = standings(
        [
            SubmittedTotal(application.pk, first.reviewer_id, Decimal("90.00")),
            SubmittedTotal(application.pk, second.reviewer_id, Decimal("40.00")),
            SubmittedTotal(other.pk, Review.objects.get(application=other).reviewer_id, Decimal("60.00")),
        ]
    )[application.pk]
    # By hand: mean (90 + 40) / 2 = 65, spread 25; mu = 190 / 3, sigma = 20.548; with under
    # 3 reviews each reviewer is put on the call's scale, so the normalised score is the mean.
    assert (expected.mean, expected.normalised, expected.spread) == (Decimal(65), Decimal(65), Decimal(25))
    assert panel.context["standing"] == expected
    assert "<bdi>65.00</bdi>" in html and "<bdi>25.00</bdi>" in html
    assert "Above the call's threshold of 20.00 points: the reviewers disagree." in html


def test_a_spread_at_the_threshold_is_not_flagged_and_no_review_says_so(program_staff):
    rfp = copy_call(staff=[program_staff])
    rfp.spread_threshold = Decimal(25)
    rfp.save(update_fields=["spread_threshold"])
    application = submitted_application(rfp, files=False)
    reviewed(application, [Decimal("90.00"), Decimal("40.00")], ["fund", "decline"])
    html = staff_page(program_staff, application).content.decode()
    assert "the reviewers disagree" not in html
    alone = submitted_application(rfp, files=False)
    html = staff_page(program_staff, alone).content.decode()
    assert "No reviewer is assigned to this application yet." in html
    assert "No review has been submitted yet." in html


def test_no_reviews_panel_for_anyone_who_does_not_run_the_call(program_staff):
    application = SubmittedApplicationFactory()
    AssignmentFactory(application=application)
    assert application_panels(application, program_staff) == []
    assert application_panels(application, reviewer()) == []
    assert len(application_panels(application, UserFactory(roles=[Role.ADMIN]))) == 1


@pytest.mark.parametrize("rows", [1, 20])
def test_the_staff_page_costs_the_same_queries_for_1_and_20_reviews(rows, program_staff, django_assert_num_queries):
    rfp = copy_call(staff=[program_staff])
    application = submitted_application(rfp, files=False)
    reviewed(application, [Decimal(50 + n) for n in range(rows)], ["fund"] * rows)
    client = Client()
    client.force_login(program_staff)
    # grants' panels (tests/portal/test_staff_application.py), then: who runs the call, the
    # application's assignments, the call's submitted totals; then awards' two (who runs the
    # call, the standing decision).
    with django_assert_num_queries(17):
        response = client.get(reverse("portal:staff-application", args=[application.public_id]))
    assert len(response.context["panels"][-2].context["assignments"]) == rows


def test_the_staff_page_links_each_submitted_review_and_the_side_by_side_comparison(program_staff):
    rfp = copy_call(staff=[program_staff])
    application = submitted_application(rfp, files=False)
    first, second = reviewed(application, [Decimal("90.00"), Decimal("40.00")], ["fund", "decline"])
    draft = ReviewFactory(assignment=AssignmentFactory(application=application, no_conflict_confirmed_at=NOW))
    html = staff_page(program_staff, application).content.decode()
    for review in (first, second):
        assert f'<a href="{reverse("reviews:staff-review", args=[rfp.pk, review.pk])}">Open the review</a>' in html
    assert reverse("reviews:staff-review", args=[rfp.pk, draft.pk]) not in html
    compare = reverse("reviews:compare", args=[rfp.pk, application.public_id])
    assert f'<a href="{compare}">Compare the reviews side by side</a>' in html


def test_no_comparison_link_before_any_review_is_submitted(program_staff):
    rfp = copy_call(staff=[program_staff])
    application = submitted_application(rfp, files=False)
    ReviewFactory(assignment=AssignmentFactory(application=application, no_conflict_confirmed_at=NOW))
    html = staff_page(program_staff, application).content.decode()
    assert reverse("reviews:compare", args=[rfp.pk, application.public_id]) not in html
    assert "/reviews/calls/" not in html.split('id="application-reviews-panel"')[1].split("</section>")[0]
