"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

from django.urls import path

from .views import reading

app_name = "reviews"

urlpatterns: list = [
    path("assignments/<uuid:public_id>/", reading.assignment, name="assignment"),
    path("assignments/<uuid:public_id>/application/", reading.application, name="application"),
    path("assignments/<uuid:public_id>/application.pdf", reading.pdf, name="pdf"),
    path("assignments/<uuid:public_id>/files/<uuid:file_id>/", reading.file, name="file"),
]
