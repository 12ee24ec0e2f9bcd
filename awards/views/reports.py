"""Reports on an award's reporting duties: the grantee writes, saves and submits one on a page
that works without script (every button saves what was typed first, a file chosen is kept even
when another field is wrong); the call's staff read a submitted report and accept it or send it
back. Files only through these permission-checked downloads. Anyone else finds nothing (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit import services as audit
from core.errors import Outcome, Refused, attempt, show_refusal
from grants.presentation import instant

from ..forms.reports import ReportForm, StaffAnswerForm, line_formset
from ..models import Report, ReportFile, ReportRequirement
from ..permissions import can_manage_awards
from ..selectors import awards_of, awards_run_by, duty_of
from ..services import reports

# What staff may read: a report once handed to them (a draft is the grantee's alone).
SEEN_BY_STAFF = (Report.Status.SUBMITTED, Report.Status.CHANGES_REQUESTED, Report.Status.ACCEPTED)


def _duty(awards, public_id, pk: int) -> ReportRequirement:
    """The duty of one of `awards`, with its award (and call) and its report: one query."""
    duty = duty_of(awards, public_id, pk)
    if duty is None:
        raise Http404
    return duty


def _report_of(requirement: ReportRequirement) -> Report | None:
    return getattr(requirement, "report", None)


def _files_of(report: Report | None) -> list[ReportFile]:
    return list(report.files.order_by("uploaded_at", "pk")) if report is not None else []


def _download(report: Report | None, file_id) -> tuple[ReportFile, FileResponse]:
    """The file, under a neutral name (its place in the report), sent to be saved, never shown
    here (nosniff, sandboxed) nor cached."""
    files = _files_of(report)
    number, found = next(((n, f) for n, f in enumerate(files, start=1) if f.public_id == file_id), (None, None))
    if found is None:
        raise Http404
    try:
        content = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    extension = "." + found.name.rsplit(".", 1)[-1] if "." in found.name else ""
    response = FileResponse(
        content,
        as_attachment=True,
        filename=f"report-file-{number}{extension}",
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "no-store, private"
    return found, response


def _reading_context(requirement: ReportRequirement, report: Report | None) -> dict:
    lines = reports.lines_of(report)
    return {
        "award": requirement.award,
        "requirement": requirement,
        "report": report,
        "narrative": reports.narrative_of(report),
        "lines": lines,
        "total": reports.total_of(lines),
        "files": _files_of(report),
        "needs_narrative": requirement.kind in reports.NEEDS_NARRATIVE,
        "needs_lines": requirement.kind in reports.NEEDS_LINES,
    }


# --- The grantee's page ----------------------------------------------------------------------


class _Errors:
    """Refusals of the services, each shown where it belongs: the lines' above the lines, the
    others beside their field of the form."""

    def __init__(self, form):
        self.form, self.lines = form, []

    def attempt(self, service, *args, **kwargs) -> Outcome:
        try:
            return Outcome(True, service(*args, **kwargs))
        except Refused as refusal:
            if refusal.field == "lines":
                self.lines.extend(refusal.messages)
            else:
                show_refusal(refusal, self.form)
            return Outcome(False)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, public_id, pk: int):
    requirement = _duty(awards_of(request.user), public_id, pk)
    report = _report_of(requirement)
    context = _reading_context(requirement, report)
    editable = reports.is_editable(requirement, report)
    currency, needs_lines = requirement.award.currency, context["needs_lines"]
    if not editable:
        if request.method == "POST":
            messages.error(request, _("This report can no longer be changed."))
            return redirect(request.path)
        return render(request, "awards/grantee/report.html", {**context, "editable": False})

    if request.method != "POST":
        form = ReportForm(initial={"narrative": context["narrative"]}, narrative=context["needs_narrative"])
        formset = line_formset(currency=currency, lines=report.lines if report else []) if needs_lines else None
        return render(request, "awards/grantee/report.html", {**context, "editable": True, **_form(form, formset)})

    form = ReportForm(request.POST, request.FILES, narrative=context["needs_narrative"])
    saved_lines = report.lines if report else []
    formset = line_formset(request.POST, currency=currency, lines=saved_lines) if needs_lines else None
    errors = _Errors(form)
    # Both checked, so the errors of each show at once.
    valid = form.is_valid() & (formset is None or formset.is_valid())
    by = request.user
    if valid:
        narrative = form.cleaned_data.get("narrative", "")
        lines = formset.lines() if formset is not None else []
        saved = errors.attempt(reports.save_report, requirement, by=by, narrative=narrative, lines=lines)
        report = saved.value if saved else report
        valid = bool(saved)
    upload = request.FILES.get("file")
    if upload is not None and "file" not in form.errors:
        if report is None:
            report = errors.attempt(reports.start_report, requirement, by=by).value
        if report is not None:
            errors.attempt(reports.attach_file, report, upload, by=by)
    removed = request.POST.get("remove")
    if removed and report is not None:
        found = next((f for f in _files_of(report) if str(f.public_id) == removed), None)
        if found is not None:
            attempt(request, reports.remove_file, found, by=by)
    submitted = False
    if request.POST.get("action") == "submit" and valid and not form.errors and report is not None:
        submitted = bool(errors.attempt(reports.submit_report, report, by=by))
    if form.errors or errors.lines or (formset is not None and not valid):
        context = _reading_context(requirement, report)  # the files as they now are
        return render(
            request,
            "awards/grantee/report.html",
            {**context, "editable": True, **_form(form, formset), "lines_errors": errors.lines},
        )
    if submitted:
        messages.success(request, _("Your report was submitted: the staff will read it."))
    else:
        messages.success(request, _("Your report was saved. Submit it when it is ready."))
    return redirect(request.path)


def _form(form, formset) -> dict:
    return {"form": form, "formset": formset}


@login_required
def report_file(request, public_id, pk: int, file_id):
    requirement = _duty(awards_of(request.user), public_id, pk)
    _found, response = _download(_report_of(requirement), file_id)
    return response


# --- Staff's page ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff_report(request, public_id, pk: int):
    requirement = _duty(awards_run_by(request.user), public_id, pk)
    report = _report_of(requirement)
    can_manage = can_manage_awards(request.user, requirement.award.rfp)
    if not can_manage:
        raise Http404
    visible = report is not None and report.status in SEEN_BY_STAFF
    form = StaffAnswerForm(request.POST or None)
    if request.method == "POST":
        if not visible:
            raise Http404
        action = request.POST.get("action")
        if form.is_valid() and action in ("accept", "changes"):
            if action == "accept":
                done = attempt(form, reports.accept_report, report, by=request.user)
                told = _("The report was accepted; the grantee is told.")
            else:
                message = form.cleaned_data["message"]
                done = attempt(form, reports.request_changes, report, by=request.user, message=message)
                told = _("The report was sent back with your message; the grantee is told.")
            if done:
                messages.success(request, told)
                return redirect(request.path)
    if visible:
        context = _reading_context(requirement, report)
    else:  # nothing of a draft: only that the report is not in yet
        context = {"award": requirement.award, "requirement": requirement, "report": None}
    context.update(
        form=form,
        answerable=visible and report.status == Report.Status.SUBMITTED,
        submitted_at=instant(report.submitted_at) if visible and report.submitted_at else None,
    )
    return render(request, "awards/staff/report.html", context)


@login_required
def staff_report_file(request, public_id, pk: int, file_id):
    requirement = _duty(awards_run_by(request.user), public_id, pk)
    can_manage_awards(request.user, requirement.award.rfp).or_404()
    report = _report_of(requirement)
    if report is None or report.status not in SEEN_BY_STAFF:
        raise Http404
    found, response = _download(report, file_id)
    # A taken-over staff account would show itself by what it downloads.
    audit.record(request.user, "report.file_downloaded", report, detail={"file": found.pk})
    return response
