"""Wall-clock times typed in a time zone, and the instants in UTC they stand for."""

import zoneinfo
from datetime import datetime

from django.utils.translation import gettext as _

UTC = zoneinfo.ZoneInfo("UTC")


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time entered in `zone_name`, as the instant in UTC. A time the clocks skip
    (spring forward) or show twice (fall back) is refused rather than guessed."""
    zone = zoneinfo.ZoneInfo(zone_name)
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        skipped = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive
        if skipped:
            raise ValueError(_("This time does not exist in that time zone: the clocks skip it. Choose another."))
        raise ValueError(
            _("This time happens twice in that time zone, when the clocks go back. Choose a time an hour apart.")
        )
    return first.astimezone(UTC)


def utc_to_local(instant: datetime | None, zone_name: str) -> datetime | None:
    """The wall-clock time (naive) of `instant` in `zone_name`, to show in a form again."""
    if instant is None:
        return None
    return instant.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)


def machine_readable(instant: datetime) -> str:
    """`2026-12-31T16:00:00Z`: the instant in UTC to the second, as `<time datetime>` takes it
    (HTML allows at most three digits of a second; `isoformat()` and the `c` format give six)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
