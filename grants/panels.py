"""What grants puts on the dashboards (an applicant's applications and the open calls; the
calls a member of staff runs, all of them for admins) and on the staff page of one application
(its facts, answers as submitted, files, the more-information thread, staff notes and history),
for the staff who run its call."""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.selectors import events_about
from core.panels import Panel

from . import rules
from .answers import Progress, progress_of
from .copies import copy_language, numbered_attachments, submitted_copy
from .deadlines import effective_deadline
from .forms.more_information import NoteForm, QuestionForm
from .models import Application
from .permissions import can_apply, can_build_calls, can_run_every_call
from .presentation import (
    DeadlineFacts,
    deadline_facts,
    deadline_history,
    facts_of,
    format_amount,
    instant,
    reading_language,
)
from .protected import answers_of
from .selectors import (
    attachments_of,
    dashboard_applications_of,
    extensions_concerning,
    file_counts_of,
    form_of,
    forms_of,
    open_rfps,
    rfps_for_dashboard,
    staff_notes_of,
    submitted_applications_run_by,
)
from .thread import reopened_sections_of, thread_entries
from .versions import latest_submitted, submitted_versions

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


def _history_labels() -> dict[str, str]:
    """The status changes the history lists, by audit verb (services.applications.move)."""
    S = Application.Status
    return {"application.started": _("Started"), **{f"application.{s.value}": s.label for s in S if s != S.DRAFT}}


def application_panels(application: Application, user) -> list[Panel]:
    """For staff who run the application's call (admins: every call) and only once it was
    submitted; nothing for anyone else. Sensitive answers are shown here, to them, and never
    logged."""
    if not submitted_applications_run_by(user).filter(pk=application.pk).exists():
        return []
    language = copy_language(application, translation.get_language())
    attachments = list(attachments_of(application))
    labels = _history_labels()
    history = [
        {"event": event, "what": labels[event.verb], "who": event.actor.get_full_name() if event.actor else ""}
        for event in events_about(application, verbs=labels)
    ]
    amount = application.requested_amount
    return [
        Panel(
            "grants/panels/application_summary.html",
            {
                "application": application,
                "call_title": application.rfp.text(language).get("title", ""),
                "call_language": language,
                "amount": format_amount(amount, application.currency) if amount is not None else "",
                "submitted": instant(application.submitted_at),
            },
        ),
        Panel(
            "grants/panels/application_answers.html",
            {
                "sections": submitted_copy(latest_submitted(application), language, attachments),
                "copy_language": language,
            },
        ),
        Panel(
            "grants/panels/application_files.html",
            {"application": application, "files": numbered_attachments(application, attachments)},
        ),
        Panel(
            "grants/panels/application_deadlines.html",
            {"changes": deadline_history(extensions_concerning(application))},
        ),
        thread_panel(application),
        notes_panel(application, user),
        Panel("grants/panels/application_history.html", {"history": history}),
    ]


def thread_panel(application: Application) -> Panel:
    """Questions and answers: the thread, the question form, the reopened sections and the
    submitted versions. The caller has checked that the user runs the call."""
    default = application.rfp.default_language
    versions = submitted_versions(application)
    return Panel(
        "grants/panels/application_thread.html",
        {
            "application": application,
            "thread": thread_entries(application, for_staff=True),
            "question_form": QuestionForm(),
            "may_discuss": rules.can_discuss(application),
            "reopened": reopened_sections_of(application, form_of(application.rfp), default)
            if application.reopened_sections
            else [],
            "reopened_until": instant(application.reopened_until) if application.reopened_until else None,
            "reopened_language": default,
            "versions": [(version, instant(version.submitted_at)) for version in versions],
        },
    )


def notes_panel(application: Application, user) -> Panel:
    return Panel(
        "grants/panels/application_notes.html",
        {"application": application, "notes": list(staff_notes_of(application, user)), "note_form": NoteForm()},
    )
