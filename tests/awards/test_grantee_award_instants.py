"""The grantee's award page says when it was closed or cancelled in a `<time datetime>` that HTML
accepts: the instant in UTC to the second (`isoformat()` and the `c` format give microseconds,
which the Nu checker refuses)."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from awards.models import Award

from .factories import AwardFactory

pytestmark = pytest.mark.django_db

INSTANT = datetime(2026, 12, 3, 13, 17, 32, 140015, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "field"), [(Award.Status.CLOSED, "closed_at"), (Award.Status.CANCELLED, "cancelled_at")]
)
def test_the_day_an_award_ended_is_machine_readable_to_the_second(status, field):
    award = AwardFactory(status=status, **{field: INSTANT})
    client = Client()
    client.force_login(award.application.applicant)
    html = client.get(reverse("awards:award", args=[award.public_id])).content.decode()
    assert '<time datetime="2026-12-03T13:17:32Z">' in html
    assert "13:17:32.140015" not in html
