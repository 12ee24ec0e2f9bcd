"""Reviewing's pages: staff's (rubric, reviewers, assignments, ranking) under a call, and the
reviewer's (queue, assignment, scoring), addressed by an assignment's public id."""

from django.urls import path

from .views import rubric, staff_calls

app_name = "reviews"

urlpatterns: list = [
    # Staff: the calls whose reviews they manage, and each one's hub
    path("calls/", staff_calls.call_list, name="calls"),
    path("calls/<int:pk>/", staff_calls.call_hub, name="call"),
    # ...its rubric
    path("calls/<int:pk>/rubric/", rubric.rubric, name="rubric"),
    path("calls/<int:pk>/rubric/add/", rubric.add_criterion, name="add-criterion"),
    path("calls/<int:pk>/rubric/<int:criterion_pk>/", rubric.edit_criterion, name="edit-criterion"),
    path("calls/<int:pk>/rubric/<int:criterion_pk>/move/", rubric.move_criterion, name="move-criterion"),
    path("calls/<int:pk>/rubric/<int:criterion_pk>/remove/", rubric.remove_criterion, name="remove-criterion"),
]
