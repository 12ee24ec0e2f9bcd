"""Times typed in a time zone are kept as the instants they stand for, across clock changes."""

import zoneinfo
from datetime import UTC, datetime

import pytest

from core.times import local_to_utc, machine_readable, utc_to_local


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2026, 3, 28, 12, 0), datetime(2026, 3, 28, 11, 0)),  # winter time, UTC+1
        (datetime(2026, 3, 29, 12, 0), datetime(2026, 3, 29, 10, 0)),  # the last Sunday of March: UTC+2
        (datetime(2026, 3, 29, 1, 59), datetime(2026, 3, 29, 0, 59)),  # a minute before the change
        (datetime(2026, 3, 29, 3, 0), datetime(2026, 3, 29, 1, 0)),  # the first minute after it
        (datetime(2026, 10, 25, 12, 0), datetime(2026, 10, 25, 11, 0)),  # last Sunday of October: UTC+1
        (datetime(2026, 10, 24, 23, 59), datetime(2026, 10, 24, 21, 59)),
    ],
)
def test_a_time_entered_in_paris_is_stored_as_the_instant_in_utc(local, utc):
    assert local_to_utc(local, "Europe/Paris") == utc.replace(tzinfo=UTC)


def test_a_time_the_clocks_skip_or_show_twice_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="does not exist"):
        local_to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Paris")
    with pytest.raises(ValueError, match="happens twice"):
        local_to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Paris")


def test_the_stored_instant_shows_again_as_the_time_that_was_typed():
    instant = local_to_utc(datetime(2026, 10, 25, 17, 0), "America/New_York")
    assert instant == datetime(2026, 10, 25, 21, 0, tzinfo=UTC)  # still summer time there
    assert utc_to_local(instant, "America/New_York") == datetime(2026, 10, 25, 17, 0)


def test_a_machine_readable_instant_is_in_utc_to_the_second():
    instant = datetime(2026, 12, 31, 23, 59, 58, 123456, tzinfo=zoneinfo.ZoneInfo("Asia/Beirut"))
    assert machine_readable(instant) == "2026-12-31T21:59:58Z"
