"""Where a rapid-response application stands, as its applicant reads it: received how long ago,
and within how many days most applications to the call are decided (those decided in the last
90 days), or plainly that there are too few decisions yet to say."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from grants.models import RFP, Application
from grants.services import move
from grants.standing import standing_of, usual_days
from tests.factories import ApplicationFactory

from .applying import published_call

pytestmark = pytest.mark.django_db
S = Application.Status


def rapid_call(**fields):
    return published_call(mechanism=RFP.Mechanism.RAPID_RESPONSE, deadline=None, **fields)


def decided(rfp, *, waited_days: float, to=S.AWARDED) -> Application:
    """An application to `rfp` decided now (the audit event of its move is the moment of the
    decision), after waiting `waited_days` since its submission."""
    submitted_at = timezone.now() - timedelta(days=waited_days)
    application = ApplicationFactory(rfp=rfp, status=S.IN_REVIEW, submitted_at=submitted_at)
    move(application, to, by=None)
    return application


def decided_long_ago(rfp, *, waited_days: float, ago_days: float) -> Application:
    """As the audit log holds a decision made `ago_days` ago (its events are never moved)."""
    decided_at = timezone.now() - timedelta(days=ago_days)
    application = ApplicationFactory(rfp=rfp, status=S.AWARDED, submitted_at=decided_at - timedelta(days=waited_days))
    AuditEvent.objects.create(
        verb="application.awarded", target_type="grants.application", target_id=str(application.pk), at=decided_at
    )
    return application


def waiting(rfp, days: float) -> Application:
    return ApplicationFactory(rfp=rfp, status=S.SUBMITTED, submitted_at=timezone.now() - timedelta(days=days))


def test_most_means_three_in_four_rounded_up_to_whole_days():
    assert usual_days([timedelta(days=d) for d in (1, 2, 3, 10)]) is None  # too few to say
    assert usual_days([timedelta(days=d) for d in (1, 2, 2.5, 3, 10)]) == 3
    assert usual_days([timedelta(hours=2)] * 8) == 1


def test_the_usual_time_comes_from_the_calls_decisions_of_the_last_90_days():
    rfp = rapid_call()
    for days in (2, 3, 4, 5, 6, 7, 8, 9):
        decided(rfp, waited_days=days - 0.1, to=S.DECLINED if days % 2 else S.AWARDED)
    for _ in range(3):
        decided_long_ago(rfp, waited_days=60, ago_days=91)  # too long ago to count
        decided(rapid_call(), waited_days=60)  # another call's
    waiting(rfp, 60)  # not decided yet
    standing = standing_of(waiting(rfp, 3.5))
    assert standing.waited_days == 3
    assert standing.decided_within_days == 7


def test_without_enough_decisions_it_says_so():
    rfp = rapid_call()
    decided(rfp, waited_days=2)
    assert standing_of(waiting(rfp, 1)).decided_within_days is None


def test_only_rapid_response_applications_awaiting_a_decision_have_a_standing():
    assert standing_of(waiting(published_call(), 1)) is None
    rfp = rapid_call()
    assert standing_of(decided(rfp, waited_days=1)) is None
    assert standing_of(ApplicationFactory(rfp=rfp)) is None  # a draft


def test_the_applicant_reads_it_on_their_applications_page():
    rfp = rapid_call()
    for days in (1, 2, 2, 3, 4):
        decided(rfp, waited_days=days - 0.1)
    application = waiting(rfp, 3.2)
    client = Client()
    client.force_login(application.applicant)
    html = client.get(reverse("applying:application", args=[application.public_id])).content.decode()
    assert "Received 3 days ago" in html
    assert "most requests are decided within 3 days." in html


def test_the_applicant_is_told_plainly_when_there_are_too_few_decisions():
    application = waiting(rapid_call(), 0.2)
    client = Client()
    client.force_login(application.applicant)
    html = client.get(reverse("applying:application", args=[application.public_id])).content.decode()
    assert "Received today" in html
    assert "too few requests to this call have been decided lately" in html
