"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

from django.urls import path

from .views import ranking

app_name = "reviews"

urlpatterns: list = [
    path("calls/<int:pk>/ranking/", ranking.ranking, name="ranking"),
    path("calls/<int:pk>/ranking/print/", ranking.ranking_print, name="ranking-print"),
    path("calls/<int:pk>/ranking/export/", ranking.ranking_export, name="ranking-export"),
    path("calls/<int:pk>/applications/<uuid:public_id>/reviews/", ranking.compare, name="compare"),
]
