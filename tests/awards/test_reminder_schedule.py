"""The reminder schedule of a reporting duty, as a pure function of its due date, its report's
status and the time."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from awards.reminders import FOURTEEN_DAYS, OVERDUE, THREE_DAYS, instant, next_reminder_at, step_due

DUE = date(2027, 3, 31)


def at(day: date, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), timezone.get_default_timezone())


def test_the_instants_are_14_and_3_days_before_and_the_day_after():
    assert instant(DUE, FOURTEEN_DAYS) == at(date(2027, 3, 17))
    assert instant(DUE, THREE_DAYS) == at(date(2027, 3, 28))
    assert instant(DUE, OVERDUE) == at(date(2027, 4, 1))


def test_the_next_reminder_walks_the_steps_then_stops():
    assert next_reminder_at(DUE, None, at(date(2027, 1, 1))) == at(date(2027, 3, 17))
    assert next_reminder_at(DUE, "draft", at(date(2027, 3, 17), 1)) == at(date(2027, 3, 28))
    assert next_reminder_at(DUE, "draft", at(date(2027, 3, 28))) == at(date(2027, 4, 1))
    assert next_reminder_at(DUE, "draft", at(date(2027, 4, 1))) is None


def test_none_once_the_report_is_in_and_armed_again_when_sent_back():
    early = at(date(2027, 1, 1))
    assert next_reminder_at(DUE, "submitted", early) is None
    assert next_reminder_at(DUE, "accepted", early) is None
    assert next_reminder_at(DUE, "changes_requested", at(date(2027, 3, 30))) == at(date(2027, 4, 1))


def test_the_step_due_is_the_latest_whose_instant_came():
    assert step_due(DUE, at(date(2027, 3, 16), 23)) is None
    assert step_due(DUE, at(date(2027, 3, 17))) == FOURTEEN_DAYS
    assert step_due(DUE, at(date(2027, 3, 28)) + timedelta(minutes=5)) == THREE_DAYS
    # A job down since before the 3-day reminder sends only the overdue one.
    assert step_due(DUE, at(date(2027, 4, 2))) == OVERDUE
