"""What grants puts on the dashboards: an applicant's applications and the open calls; the
calls a member of staff runs (all of them for admins)."""

from dataclasses import dataclass

from django.utils import timezone

from core.panels import Panel

from .answers import Progress, progress_of
from .deadlines import effective_deadline
from .models import Application
from .permissions import can_apply, can_build_calls, can_run_every_call
from .presentation import DeadlineFacts, deadline_facts, facts_of, reading_language
from .protected import answers_of
from .selectors import dashboard_applications_of, file_counts_of, forms_of, open_rfps, rfps_for_dashboard

OPEN_CALLS_SHOWN = 5


@dataclass(frozen=True)
class DraftRow:
    application: Application
    title: str
    reading: object  # presentation.Reading of the call's texts
    progress: Progress
    deadline: DeadlineFacts


@dataclass(frozen=True)
class SubmittedRow:
    application: Application
    title: str
    reading: object


def applications_panel(user, now=None) -> Panel:
    """The user's drafts (how far each is, its deadline) and the others (reference, status,
    date). A fixed number of queries however many: the applications, the forms of their calls
    (two), the counts of their files (one)."""
    now = now or timezone.now()
    applications = dashboard_applications_of(user)
    drafts = [application for application in applications if application.is_draft]
    forms = forms_of({application.rfp_id: application.rfp for application in drafts}.values()) if drafts else {}
    files = file_counts_of(drafts) if drafts else {}
    draft_rows, other_rows = [], []
    for application in applications:
        reading = reading_language(application.rfp)
        title = application.rfp.text(reading.language).get("title", "")
        if application.is_draft:
            progress = progress_of(
                forms[application.rfp_id], answers_of(application), application.rfp, files[application.pk]
            )
            draft_rows.append(DraftRow(application, title, reading, progress, deadline_facts(application, now)))
        else:
            other_rows.append(SubmittedRow(application, title, reading))
    draft_rows.sort(
        key=lambda row: (effective_deadline(row.application) is None, effective_deadline(row.application) or now)
    )
    return Panel("grants/panels/applications.html", {"drafts": draft_rows, "others": other_rows})


def dashboard_panels(user) -> list[Panel]:
    panels = []
    if can_apply(user):
        now = timezone.now()
        calls = [facts_of(rfp, now) for rfp in open_rfps(now)[:OPEN_CALLS_SHOWN]]
        panels.append(applications_panel(user, now))
        panels.append(Panel("grants/panels/open_calls.html", {"calls": calls}))
    if can_build_calls(user):
        panels.append(
            Panel(
                "grants/panels/calls_run.html",
                {"rfps": rfps_for_dashboard(user), "every_call": bool(can_run_every_call(user))},
            )
        )
    return panels
