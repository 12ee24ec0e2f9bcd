"""What grants puts on the dashboards (an applicant's applications and the open calls; the
calls a member of staff runs, all of them for admins) and on the staff page of one application
(its facts, answers as submitted, files and history), for the staff who run its call."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.selectors import events_about
from core.panels import Panel

from .copies import copy_language, numbered_attachments, submitted_copy
from .models import Application
from .permissions import can_apply, can_build_calls, can_run_every_call
from .presentation import facts_of, format_amount, instant
from .selectors import attachments_of, open_rfps, rfps_for_dashboard, submitted_applications_run_by

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
            {"sections": submitted_copy(application, language, attachments), "copy_language": language},
        ),
        Panel(
            "grants/panels/application_files.html",
            {"application": application, "files": numbered_attachments(application, attachments)},
        ),
        Panel("grants/panels/application_history.html", {"history": history}),
    ]
