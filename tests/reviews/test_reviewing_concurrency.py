"""Submitting under the review's row lock, on PostgreSQL (SQLite ignores locks): two submits of
one review at once give one submission and one audit event."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import Refused
from reviews.models import Review
from reviews.services import reviewing
from tests.accounts.test_organisation_locks import someone_waits_on_a_lock
from tests.notifications.conftest import wait_for
from tests.reviews.factories import AssignmentFactory, CriterionFactory, reviewer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_submits_of_one_review_at_once_give_one_submission(postgres):
    assignment = AssignmentFactory(reviewer=reviewer(), no_conflict_confirmed_at=timezone.now())
    criterion = CriterionFactory(rfp=assignment.rfp)
    by = assignment.reviewer
    reviewing.save_criterion(assignment, criterion, value="5", comment="", by=by)
    reviewing.save_overall(assignment, comment="", feedback="", recommendation="fund", by=by)
    outcome = {}

    def second():
        try:
            outcome["second"] = reviewing.submit_review(assignment, by=by).total
        except Refused as refusal:
            outcome["second"] = refusal.message
        finally:
            connection.close()

    with transaction.atomic():
        reviewing.submit_review(assignment, by=by)  # holds the rows until commit
        other = threading.Thread(target=second)
        other.start()
        wait_for(someone_waits_on_a_lock, timeout=10, message="the second submit to wait on the lock")
    other.join(10)
    assert outcome == {"second": "This review has already been submitted."}
    review = Review.objects.get()
    assert (review.status, str(review.total)) == (Review.Status.SUBMITTED, "100.00")
    assert AuditEvent.objects.filter(verb="review.submitted").count() == 1
