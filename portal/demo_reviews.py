"""The demo's reviewing (seed_demo): the demo reviewers attached to both calls; two more demo
applicants' applications submitted to the rapid-response call, so its ranking has several rows;
assignments of both reviewers there, two submitted reviews and a draft, a panel recommendation,
and feedback released to the demo applicant.

Made through reviews' services, as staff and reviewers would make them (audited, totals from
scoring.py); an application that has assignments already is left as it is."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from grants.models import RFP, Application
from grants.selectors import applications_of
from portal.demo_applications import submit_to
from reviews.compare import panel_recommendation_of
from reviews.models import PanelRecommendation, Review
from reviews.selectors import assignments_of_application, criteria_of, reviewers_of
from reviews.services import assignments, conflicts, panel, reviewers, reviewing, staff_actions

# The other demo applicants' answers to the rapid-response form, by their email.
MORE_ANSWERS = {
    "applicant2@example.org": {
        "threat": "Our office was searched last week and two laptops were taken; the landlord wants us out.",
        "country": "UG",
        "support_needed": ["c4", "c5"],
        "amount_requested": "7200",
        "needed_by": "2027-02-01",
    },
    "applicant3@example.org": {
        "threat": "A court has summoned me over my reporting; I need a lawyer before the hearing next month.",
        "country": "TZ",
        "support_needed": ["c2"],
        "amount_requested": "3000",
        "needed_by": "",
    },
}

# Per application (the demo applicant's first, then the others'): each reviewer's scores by
# criterion key, recommendation and feedback; None leaves the review a draft, absent no review.
REVIEWS = [
    {
        "reviewer@example.org": (
            {"c1": 5, "c2": 4, "c3": 4},
            Review.Recommendation.FUND,
            "A clear, urgent need; the quote for the phone would help us pay quickly.",
        ),
        "reviewer2@example.org": ({"c1": 4, "c2": 4, "c3": 3}, Review.Recommendation.FUND, ""),
    },
    {
        "reviewer@example.org": ({"c1": 3, "c2": 2, "c3": 3}, Review.Recommendation.MAYBE, ""),
        "reviewer2@example.org": None,
    },
    {"reviewer@example.org": False},
]
COMMENT = "Scored from the answers given."
DRAFT_SCORES = {"c1": 4}


def seed_more_applications(applicants: list[User], rfp: RFP) -> list[Application]:
    """Each other demo applicant's submitted application to `rfp`, made once."""
    made = []
    for applicant in applicants:
        application = applications_of(applicant).filter(rfp=rfp).first()
        application = application or submit_to(applicant, rfp, MORE_ANSWERS[applicant.email])
        if application is not None:
            made.append(application)
    return made


def seed_reviewers(rfps: list[RFP], accounts: list[User], *, by: User) -> None:
    for rfp in rfps:
        attached = set(reviewers_of(rfp).values_list("reviewer_id", flat=True))
        for account in accounts:
            if account.pk not in attached:
                reviewers.attach_reviewer(rfp, account, by=by)


def seed_reviews(applications: list[Application], accounts: dict[str, User], *, by: User) -> None:
    """Assign, score and submit as REVIEWS says; then the panel's word and released feedback
    on the first application."""
    now = timezone.now()
    due = (now + timedelta(days=10)).date()
    for application, plan in zip(applications, REVIEWS, strict=False):
        if application.status != Application.Status.SUBMITTED or assignments_of_application(application).exists():
            continue
        for email, review in plan.items():
            reviewer = accounts[email]
            assignment = assignments.assign(application, reviewer, due, by=by, now=now)
            if review is False:
                continue
            conflicts.confirm_no_conflict(assignment, by=reviewer, now=now)
            _score(assignment, review, reviewer, now)
    first = applications[0] if applications else None
    if first is None or panel_recommendation_of(first) is not None:
        return
    submitted = [
        assignment.review
        for assignment in assignments_of_application(first)
        if getattr(assignment, "review", None) is not None and assignment.review.is_submitted
    ]
    if not submitted:
        return
    panel.record_panel_recommendation(first, PanelRecommendation.Recommendation.FUND, "Fund in full.", by=by, now=now)
    for review in submitted:
        if review.feedback:
            staff_actions.release_feedback(review, by=by, now=now)


def _score(assignment, review, reviewer: User, now) -> None:
    scores, recommendation, feedback = review if review is not None else (DRAFT_SCORES, "", "")
    for criterion in criteria_of(assignment.rfp):
        if criterion.key in scores:
            reviewing.save_criterion(
                assignment, criterion, value=str(scores[criterion.key]), comment=COMMENT, by=reviewer, now=now
            )
    if review is None:
        return
    reviewing.save_overall(
        assignment, comment=COMMENT, feedback=feedback, recommendation=recommendation, by=reviewer, now=now
    )
    reviewing.submit_review(assignment, by=reviewer, now=now)
