"""Two admins extending one call at the same moment, on PostgreSQL (SQLite ignores row locks):
the call's row is locked, so the later instant always wins and the history keeps every
extension that was made (the earlier one is refused when it comes second)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import Role
from grants import services
from grants.errors import ApplyError
from grants.models import DeadlineExtension
from tests.accounts.test_organisation_locks import someone_waits_on_a_lock
from tests.factories import UserFactory
from tests.notifications.conftest import wait_for

from .applying import draft_to, published_call

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def extend_in_thread(rfp, new_deadline, admin, outcome: dict) -> threading.Thread:
    def run():
        try:
            outcome["second"] = services.extend_call_deadline(rfp, new_deadline, "Second", by=admin).new_deadline
        except ApplyError as refusal:
            outcome["second"] = refusal.message
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("later_first", [False, True])
def test_two_extensions_at_once_keep_the_later(postgres, later_first):
    now = timezone.now().replace(microsecond=0)
    rfp = published_call(deadline=now + timedelta(days=10))
    draft_to(rfp)
    earlier, later = now + timedelta(days=20), now + timedelta(days=30)
    first, second = (later, earlier) if later_first else (earlier, later)
    one, other = UserFactory(roles=[Role.ADMIN]), UserFactory(roles=[Role.ADMIN])
    outcome = {}
    with transaction.atomic():
        services.extend_call_deadline(rfp, first, "First", by=one)  # holds the call's row until commit
        thread = extend_in_thread(rfp, second, other, outcome)
        wait_for(someone_waits_on_a_lock, timeout=10, message="the second extension to wait on the lock")
    thread.join(10)
    rfp.refresh_from_db()
    assert rfp.deadline == later
    history = list(
        DeadlineExtension.objects.filter(rfp=rfp).order_by("pk").values_list("previous_deadline", "new_deadline")
    )
    if later_first:
        assert outcome == {"second": "A deadline can only be extended: choose a later instant."}
        assert history == [(now + timedelta(days=10), later)]
    else:
        assert outcome == {"second": later}
        assert history == [(now + timedelta(days=10), earlier), (earlier, later)]
