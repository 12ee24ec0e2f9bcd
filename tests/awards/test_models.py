"""The invariants the database holds for awards, whatever a service does."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Decision
from tests.awards.factories import AwardFactory, DecisionFactory, active_award

pytestmark = pytest.mark.django_db


def test_an_application_has_one_standing_decision_and_reversed_ones_beside_it():
    first = DecisionFactory()
    Decision.objects.filter(pk=first.pk).update(reversed_at=timezone.now(), reversed_by=first.decided_by)
    DecisionFactory(application=first.application, outcome=Decision.Outcome.DECLINE, amount=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory(application=first.application)


@pytest.mark.parametrize(("outcome", "amount"), [("award", None), ("award", Decimal(0)), ("decline", Decimal(5))])
def test_a_decision_amount_matches_its_outcome(outcome, amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFactory(outcome=outcome, amount=amount)


def test_an_award_gets_a_random_recipient_token_of_its_own():
    first, second = AwardFactory(), AwardFactory()
    assert len(first.recipient_token) == 16
    assert first.recipient_token != second.recipient_token


def test_an_active_award_has_its_accepted_letter():
    award = active_award()
    letter = award.letters.get()
    assert (award.status, letter.accepted_sha256) == ("active", letter.sha256)
