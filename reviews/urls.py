"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

from django.urls import path

from .views import staff_assignments, staff_reviewers, staff_round

app_name = "reviews"

urlpatterns: list = [
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
]
