"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

from django.urls import path

from .views import (
    feedback,
    queue,
    ranking,
    reading,
    rubric,
    scoring,
    staff_assignments,
    staff_calls,
    staff_reviewers,
    staff_reviews,
    staff_round,
)

app_name = "reviews"

urlpatterns: list = [
    # The reviewer's review of an assignment, part by part
    path("assignments/<uuid:public_id>/review/", scoring.score, name="score"),
    path("assignments/<uuid:public_id>/review/criteria/<slug:key>/", scoring.score_criterion, name="score-criterion"),
    path("assignments/<uuid:public_id>/review/overall/", scoring.score_overall, name="score-overall"),
    path("assignments/<uuid:public_id>/review/submit/", scoring.submit, name="submit-review"),
    path("assignments/<uuid:public_id>/others/", scoring.others, name="others"),
    # One review, for the call's staff
    path("calls/<int:pk>/reviews/<int:review_pk>/", staff_reviews.staff_review, name="staff-review"),
    path("calls/<int:pk>/reviews/<int:review_pk>/reopen/", staff_reviews.reopen_review, name="reopen-review"),
    path(
        "calls/<int:pk>/reviews/<int:review_pk>/release-feedback/",
        staff_reviews.release_feedback,
        name="release-feedback",
    ),
    # The applicant's released feedback
    path("feedback/<uuid:public_id>/", feedback.feedback, name="feedback"),
    path("assignments/<uuid:public_id>/", reading.assignment, name="assignment"),
    path("assignments/<uuid:public_id>/application/", reading.application, name="application"),
    path("assignments/<uuid:public_id>/application.pdf", reading.pdf, name="pdf"),
    path("assignments/<uuid:public_id>/files/<uuid:file_id>/", reading.file, name="file"),
    # A call's reviewers, assignments and review round, for its staff.
    path("calls/<int:pk>/reviewers/", staff_reviewers.reviewers, name="reviewers"),
    path("calls/<int:pk>/reviewers/<int:reviewer_pk>/detach/", staff_reviewers.detach_reviewer, name="detach-reviewer"),
    path(
        "calls/<int:pk>/reviewers/<int:reviewer_pk>/exclusions/",
        staff_reviewers.reviewer_exclusions,
        name="reviewer-exclusions",
    ),
    path("calls/<int:pk>/assignments/", staff_assignments.assignments, name="assignments"),
    path("calls/<int:pk>/assignments/automatic/", staff_assignments.auto_assign, name="auto-assign"),
    path("calls/<int:pk>/applications/<uuid:public_id>/assign/", staff_assignments.assign, name="assign"),
    path(
        "calls/<int:pk>/assignments/<uuid:public_id>/due-date/",
        staff_assignments.change_due_date,
        name="assignment-due",
    ),
    path("calls/<int:pk>/assignments/<uuid:public_id>/reassign/", staff_assignments.reassign, name="reassign"),
    path(
        "calls/<int:pk>/assignments/<uuid:public_id>/remove/",
        staff_assignments.remove_assignment,
        name="remove-assignment",
    ),
    path("calls/<int:pk>/conflicts/<int:conflict_pk>/replace/", staff_assignments.replace, name="replace"),
    path("calls/<int:pk>/round/", staff_round.review_round, name="round"),
    path("calls/<int:pk>/round/close/", staff_round.close_round, name="close-round"),
    # Staff: the calls whose reviews they manage, and each one's hub
    path("calls/", staff_calls.call_list, name="calls"),
    path("calls/<int:pk>/", staff_calls.call_hub, name="call"),
    # ...its rubric
    path("calls/<int:pk>/rubric/", rubric.rubric, name="rubric"),
    path("calls/<int:pk>/rubric/add/", rubric.add_criterion, name="add-criterion"),
    path("calls/<int:pk>/rubric/<int:criterion_pk>/", rubric.edit_criterion, name="edit-criterion"),
    path("calls/<int:pk>/rubric/<int:criterion_pk>/move/", rubric.move_criterion, name="move-criterion"),
    path("calls/<int:pk>/rubric/<int:criterion_pk>/remove/", rubric.remove_criterion, name="remove-criterion"),
    path("", queue.queue, name="queue"),
    path("calls/<int:pk>/waiting/", queue.rapid_queue, name="rapid-queue"),
    path("calls/<int:pk>/ranking/", ranking.ranking, name="ranking"),
    path("calls/<int:pk>/ranking/print/", ranking.ranking_print, name="ranking-print"),
    path("calls/<int:pk>/ranking/export/", ranking.ranking_export, name="ranking-export"),
    path("calls/<int:pk>/applications/<uuid:public_id>/reviews/", ranking.compare, name="compare"),
]
