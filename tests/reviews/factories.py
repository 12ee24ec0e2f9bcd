"""Factories of reviewing: a rubric's criteria, a call's reviewers, assignments and reviews.
A submitted application here is a row in that state (reference, submission time); tests that
read its answers use tests.grants.submitted.submitted_application instead."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.roles import Role
from grants.models import Application
from reviews.models import Assignment, CallReviewer, Criterion, Review, Score
from tests.factories import ApplicationFactory, UserFactory


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rfp = factory.SubFactory("tests.factories.RFPFactory")
    key = factory.Sequence(lambda n: f"criterion_{n}")
    position = factory.Sequence(lambda n: n)
    texts = factory.LazyFunction(lambda: {"en": {"name": "Relevance", "guidance": "How well it fits the call."}})
    weight = Decimal(1)
    scale_min = 0
    scale_max = 5


def reviewer(**fields):
    """An account with the reviewer role and its authenticator app."""
    return UserFactory(roles=[Role.REVIEWER], **fields)


class SubmittedApplicationFactory(ApplicationFactory):
    status = Application.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    reference = factory.Sequence(lambda n: f"A-2026-{n + 1}")
    title = factory.Sequence(lambda n: f"Application {n}")
    requested_amount = Decimal(5000)
    currency = "USD"


class CallReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallReviewer

    rfp = factory.SubFactory("tests.factories.RFPFactory")
    reviewer = factory.SubFactory(UserFactory, roles=[Role.REVIEWER])
    added_by = factory.LazyAttribute(lambda row: row.rfp.created_by)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A live assignment of a reviewer to a submitted application, due in two weeks."""

    class Meta:
        model = Assignment

    application = factory.SubFactory(SubmittedApplicationFactory)
    rfp = factory.LazyAttribute(lambda row: row.application.rfp)
    reviewer = factory.SubFactory(UserFactory, roles=[Role.REVIEWER])
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    access_ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))
    created_by = factory.LazyAttribute(lambda row: row.rfp.created_by)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A draft review of an assignment; `ReviewFactory(submitted=True, total=...)` for a
    submitted one (its total as given: scoring is tested on its own)."""

    class Meta:
        model = Review

    class Params:
        submitted = factory.Trait(
            status=Review.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            total=Decimal(50),
        )

    assignment = factory.SubFactory(AssignmentFactory)
    rfp = factory.LazyAttribute(lambda row: row.assignment.rfp)
    application = factory.LazyAttribute(lambda row: row.assignment.application)
    reviewer = factory.LazyAttribute(lambda row: row.assignment.reviewer)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 3
