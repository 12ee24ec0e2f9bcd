"""A reviewer's review, as the services keep it: part by part as typed, submitted only when
complete (each missing item named), its total the one scoring.py computes; staff reopen it
(total cleared) and release its feedback."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from core.errors import Refused
from notifications.models import Message
from reviews.models import Review, Score
from reviews.scoring import Mark, review_total
from reviews.services import reviewing, staff_actions
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, CriterionFactory, SubmittedApplicationFactory, reviewer


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def rfp(staff):
    return RFPFactory(staff=[staff])


@pytest.fixture
def criteria(rfp):
    relevance = CriterionFactory(rfp=rfp, key="relevance", weight=Decimal(2), scale_max=5)
    team = CriterionFactory(
        rfp=rfp,
        key="team",
        weight=Decimal(1),
        scale_max=10,
        comment_required=True,
        texts={"en": {"name": "Team", "guidance": "Can they do it?"}, "fr": {"name": "Équipe"}},
    )
    return relevance, team


@pytest.fixture
def assignment(rfp):
    application = SubmittedApplicationFactory(rfp=rfp)
    return AssignmentFactory(application=application, reviewer=reviewer(), no_conflict_confirmed_at=timezone.now())


def complete(assignment, criteria):
    relevance, team = criteria
    by = assignment.reviewer
    reviewing.save_criterion(assignment, relevance, value="4", comment="", by=by)
    reviewing.save_criterion(assignment, team, value="7", comment="Strong", by=by)
    reviewing.save_overall(assignment, comment="For you", feedback="Well argued", recommendation="fund", by=by)


def test_the_first_save_makes_the_review_and_keeps_what_was_typed(assignment, criteria):
    relevance, _team = criteria
    problems = reviewing.save_criterion(assignment, relevance, value="4", comment="Fits", by=assignment.reviewer)
    assert problems == {}
    review = Review.objects.get(assignment=assignment)
    assert (review.status, review.rfp_id, review.application_id, review.reviewer_id) == (
        Review.Status.DRAFT,
        assignment.rfp_id,
        assignment.application_id,
        assignment.reviewer_id,
    )
    assert list(Score.objects.values_list("criterion__key", "value", "comment")) == [("relevance", 4, "Fits")]
    assert list(AuditEvent.objects.filter(verb__startswith="review.").order_by("pk").values_list("verb", "detail")) == [
        ("review.started", {"assignment": assignment.pk}),
        ("review.criterion_saved", {"criterion": relevance.pk}),
    ]


def test_a_score_outside_the_scale_is_not_kept_but_the_comment_is(assignment, criteria):
    relevance, _team = criteria
    problems = reviewing.save_criterion(assignment, relevance, value="6", comment="Typed", by=assignment.reviewer)
    assert problems == {"value": "Choose a score from 0 to 5."}
    assert list(Score.objects.values_list("value", "comment")) == [(None, "Typed")]


def test_a_comment_too_long_is_kept_and_said_so(assignment, criteria):
    relevance, _team = criteria
    text = "x" * 5001
    problems = reviewing.save_criterion(assignment, relevance, value="", comment=text, by=assignment.reviewer)
    assert problems == {"comment": "At most 5000 characters: this has 5001."}
    assert Score.objects.get().comment == text


def test_an_unknown_recommendation_is_not_kept_the_texts_are(assignment, criteria):
    problems = reviewing.save_overall(
        assignment, comment="Staff only", feedback="For them", recommendation="yes", by=assignment.reviewer
    )
    assert problems == {"recommendation": "Choose fund, maybe or decline."}
    review = Review.objects.get()
    assert (review.comment, review.feedback, review.recommendation) == ("Staff only", "For them", "")


def test_nothing_is_saved_before_the_reviewer_confirmed_no_conflict(assignment, criteria):
    assignment.no_conflict_confirmed_at = None
    assignment.save()
    with pytest.raises(Refused) as refusal:
        reviewing.save_criterion(assignment, criteria[0], value="3", comment="", by=assignment.reviewer)
    assert refusal.value.message == "Confirm first that you have no conflict of interest with this application."
    assert not Review.objects.exists()


def test_nothing_is_saved_once_access_ended(assignment, criteria):
    with pytest.raises(Refused) as refusal:
        reviewing.save_criterion(
            assignment, criteria[0], value="3", comment="", by=assignment.reviewer, now=assignment.access_ends_at
        )
    assert refusal.value.message == "Your access to this call's applications has ended."


def test_someone_else_saves_nothing(assignment, criteria):
    with pytest.raises(Refused) as refusal:
        reviewing.save_criterion(assignment, criteria[0], value="3", comment="", by=reviewer())
    assert refusal.value.message == "This assignment is not yours."


def test_submitting_an_empty_review_lists_every_missing_item_and_changes_nothing(assignment, criteria):
    with pytest.raises(reviewing.IncompleteReview) as refusal:
        reviewing.submit_review(assignment, by=assignment.reviewer)
    assert refusal.value.messages == [
        "The review cannot be submitted yet: complete what is listed below.",
        "Score “Relevance”.",
        "Score “Team”.",
        "Comment on “Team”.",
        "Give your recommendation.",
    ]
    assert [(item.part, item.field) for item in refusal.value.missing] == [
        ("relevance", "value"),
        ("team", "value"),
        ("team", "comment"),
        (None, "recommendation"),
    ]
    assert not Review.objects.exists()


def test_the_missing_items_are_named_in_the_readers_language(assignment, criteria):
    with pytest.raises(reviewing.IncompleteReview) as refusal:
        reviewing.submit_review(assignment, by=assignment.reviewer, language="fr")
    assert [item.message for item in refusal.value.missing][1:3] == ["Score “Équipe”.", "Comment on “Équipe”."]


def test_a_refused_submission_keeps_the_draft(assignment, criteria):
    relevance, team = criteria
    reviewing.save_criterion(assignment, relevance, value="4", comment="Fits", by=assignment.reviewer)
    reviewing.save_criterion(assignment, team, value="7", comment="  ", by=assignment.reviewer)
    with pytest.raises(reviewing.IncompleteReview) as refusal:
        reviewing.submit_review(assignment, by=assignment.reviewer)
    assert [item.message for item in refusal.value.missing] == ["Comment on “Team”.", "Give your recommendation."]
    review = Review.objects.get()
    assert (review.status, review.total, review.submitted_at) == (Review.Status.DRAFT, None, None)
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 7]


def test_submitting_stores_the_total_scoring_computes(assignment, criteria, clock):
    complete(assignment, criteria)
    now = timezone.now()
    review = reviewing.submit_review(assignment, by=assignment.reviewer, now=now)
    review.refresh_from_db()
    # (2 x 4 + 1 x 7) / (2 x 5 + 1 x 10) x 100 = 75
    expected = review_total([Mark(Decimal(2), 5, 4), Mark(Decimal(1), 10, 7)])
    assert expected == Decimal("75.00")
    assert (review.status, review.total, review.submitted_at) == (Review.Status.SUBMITTED, expected, now)
    event = AuditEvent.objects.get(verb="review.submitted")
    assert event.detail == {"assignment": assignment.pk, "criteria": 2}


def test_a_submitted_review_is_neither_saved_nor_submitted_again(assignment, criteria):
    complete(assignment, criteria)
    reviewing.submit_review(assignment, by=assignment.reviewer)
    with pytest.raises(reviewing.ReviewSubmitted) as refusal:
        reviewing.save_overall(assignment, comment="", feedback="", recommendation="decline", by=assignment.reviewer)
    assert refusal.value.message == "This review has been submitted: it can no longer be changed."
    with pytest.raises(reviewing.ReviewSubmitted) as refusal:
        reviewing.submit_review(assignment, by=assignment.reviewer)
    assert refusal.value.message == "This review has already been submitted."
    assert Review.objects.get().recommendation == "fund"


def test_a_call_without_a_rubric_cannot_be_submitted(assignment):
    reviewing.save_overall(assignment, comment="", feedback="", recommendation="maybe", by=assignment.reviewer)
    with pytest.raises(reviewing.IncompleteReview) as refusal:
        reviewing.submit_review(assignment, by=assignment.reviewer)
    assert [item.message for item in refusal.value.missing] == [
        "The call has no rubric yet: its staff must set its criteria first."
    ]


@pytest.fixture
def submitted(assignment, criteria):
    complete(assignment, criteria)
    return reviewing.submit_review(assignment, by=assignment.reviewer)


def test_staff_reopen_a_review_its_total_cleared_and_the_reviewer_told(submitted, staff):
    now = timezone.now()
    staff_actions.reopen_review(submitted, by=staff, now=now)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.total, submitted.reopened_at) == (Review.Status.DRAFT, None, now)
    assert AuditEvent.objects.get(verb="review.reopened").detail == {"assignment": submitted.assignment_id}
    message = Message.objects.get(template="reviews/review_reopened")
    assert message.recipient == submitted.reviewer
    assert submitted.application.reference in message.body
    # A draft again: the reviewer changes it and submits again.
    reviewing.save_overall(submitted.assignment, comment="", feedback="", recommendation="maybe", by=submitted.reviewer)
    assert reviewing.submit_review(submitted.assignment, by=submitted.reviewer).total == Decimal("75.00")


def test_only_the_calls_staff_reopen_and_only_a_submitted_review(submitted, assignment):
    with pytest.raises(Refused) as refusal:
        staff_actions.reopen_review(submitted, by=UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert refusal.value.message == "Only the staff who run a call manage its reviews."
    staff = submitted.rfp.staff.get()
    staff_actions.reopen_review(submitted, by=staff)
    with pytest.raises(Refused) as refusal:
        staff_actions.reopen_review(submitted, by=staff)
    assert refusal.value.message == "Only a submitted review can be reopened."


def test_a_review_is_not_reopened_once_its_reviewer_lost_access(submitted, staff):
    with pytest.raises(Refused) as refusal:
        staff_actions.reopen_review(submitted, by=staff, now=submitted.assignment.access_ends_at + timedelta(1))
    assert refusal.value.message == (
        "The reviewer's access to this application has ended: they could not change the review."
    )


def test_staff_release_feedback_once_and_the_applicant_is_told(submitted, staff):
    now = timezone.now()
    staff_actions.release_feedback(submitted, by=staff, now=now)
    submitted.refresh_from_db()
    assert submitted.feedback_released_at == now
    assert AuditEvent.objects.get(verb="review.feedback_released").detail == {"application": submitted.application_id}
    message = Message.objects.get(template="reviews/feedback_released")
    assert message.recipient == submitted.application.applicant
    assert "Well argued" not in message.body
    with pytest.raises(Refused) as refusal:
        staff_actions.release_feedback(submitted, by=staff)
    assert refusal.value.message == "This feedback has already been released to the applicant."


def test_feedback_is_released_only_from_a_submitted_review_that_has_some(assignment, criteria, staff):
    reviewing.save_overall(assignment, comment="", feedback="", recommendation="fund", by=assignment.reviewer)
    review = Review.objects.get()
    with pytest.raises(Refused) as refusal:
        staff_actions.release_feedback(review, by=staff)
    assert refusal.value.message == "Feedback is released only from a submitted review."
    complete(assignment, criteria)
    reviewing.save_overall(assignment, comment="", feedback="  ", recommendation="fund", by=assignment.reviewer)
    reviewing.submit_review(assignment, by=assignment.reviewer)
    with pytest.raises(Refused) as refusal:
        staff_actions.release_feedback(review, by=staff)
    assert refusal.value.message == "This review has no feedback for the applicant."


def test_reopening_withdraws_a_released_feedback(submitted, staff):
    staff_actions.release_feedback(submitted, by=staff)
    staff_actions.reopen_review(submitted, by=staff)
    submitted.refresh_from_db()
    assert submitted.feedback_released_at is None
