"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

app_name = "reviews"

urlpatterns: list = []
