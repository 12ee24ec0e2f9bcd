"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

from django.urls import path

from .views import queue

app_name = "reviews"

urlpatterns: list = [
    path("", queue.queue, name="queue"),
    path("calls/<int:pk>/waiting/", queue.rapid_queue, name="rapid-queue"),
]
