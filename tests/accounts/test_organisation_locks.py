"""Two owners acting at once cannot leave an organisation without an owner: changes to its
members wait on the organisation's row lock. PostgreSQL only (SQLite ignores row locks)."""

import threading

import pytest
from django.db import connection, transaction

from accounts import services
from accounts.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory
from tests.notifications.conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction, PostgreSQL keeps showing the first snapshot of the statistics.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_two_owners_leaving_at_once_leave_one_of_them_owner(postgres, user_factory):
    first, second = user_factory(), user_factory()
    organisation = OrganisationFactory(owner=first)
    MembershipFactory(organisation=organisation, user=second, role=Membership.Role.OWNER)
    outcome = {}

    def second_leaves():
        try:
            services.leave_organisation(organisation, user=second)
            outcome["second"] = "left"
        except services.OrganisationError as error:
            outcome["second"] = str(error)
        finally:
            connection.close()

    other = threading.Thread(target=second_leaves)
    with transaction.atomic():
        services.leave_organisation(organisation, user=first)  # holds the lock until commit
        other.start()
        wait_for(someone_waits_on_a_lock, timeout=10, message="the second owner to wait on the lock")
    other.join(10)

    assert outcome == {"second": "You are the only owner. Make another member an owner before you leave."}
    assert list(organisation.memberships.values_list("user", "role")) == [(second.pk, "owner")]
