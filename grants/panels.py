"""What grants puts on the dashboards: an applicant's applications and the open calls; the
calls a member of staff runs (all of them for admins)."""

from django.utils import timezone

from core.panels import Panel

from .permissions import can_apply, can_build_calls, can_run_every_call
from .presentation import facts_of
from .selectors import open_rfps, rfps_for_dashboard

OPEN_CALLS_SHOWN = 5


def dashboard_panels(user) -> list[Panel]:
    panels = []
    if can_apply(user):
        now = timezone.now()
        calls = [facts_of(rfp, now) for rfp in open_rfps(now)[:OPEN_CALLS_SHOWN]]
        panels.append(Panel("grants/panels/applications.html"))
        panels.append(Panel("grants/panels/open_calls.html", {"calls": calls}))
    if can_build_calls(user):
        panels.append(
            Panel(
                "grants/panels/calls_run.html",
                {"rfps": rfps_for_dashboard(user), "every_call": bool(can_run_every_call(user))},
            )
        )
    return panels
