"""Two reminder jobs at once, on PostgreSQL (SQLite ignores row locks): each takes the drafts the
other has not locked, neither waits for the other, and no reminder is sent twice."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from grants.services.reminders import _due, send_due_reminders
from notifications.models import Message

from .test_reminders import DEADLINE, rfp, started  # noqa: F401  (rfp is a fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_second_job_skips_the_drafts_the_first_holds_and_sends_the_others(rfp, postgres):  # noqa: F811
    drafts = [started(rfp) for _ in range(4)]
    due = DEADLINE - timedelta(days=7)
    outcome = {}

    def second_job():
        try:
            outcome["sent"] = send_due_reminders(due)
        finally:
            connection.close()

    with transaction.atomic():
        held = list(_due(due, 2))  # the first job's chunk, locked until it commits
        other = threading.Thread(target=second_job)
        other.start()
        other.join(20)
        assert not other.is_alive(), "the second job waited on the first one's locks"
        assert outcome == {"sent": 2}
    assert send_due_reminders(due) == 2
    reminded = Message.objects.filter(template="grants/deadline_reminder").values_list("dedupe_key", flat=True)
    assert len(reminded) == len(set(reminded)) == len(drafts)
    assert {key.split(":")[1] for key in reminded} == {str(draft.pk) for draft in drafts}
    assert len(held) == 2
