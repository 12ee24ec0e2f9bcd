"""The grantee's reports on their reporting duties, and staff's answer to them.

The grantee writes a report over several visits (`save_report`, `attach_file`, `remove_file`)
and submits it; staff who run the call accept it or send it back with a message. The narrative
is kept encrypted (core.encryption): what a defender writes about their work must not sit
readable in a dump. Each change keeps the duty's next reminder (awards.reminders): none once the
report is in, armed again when it is sent back."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core import encryption
from core.errors import Refused
from core.uploads import clean_upload
from grants.selectors import staff_of
from notifications.services import notify, notify_many

from .. import currencies
from ..models import Award, Report, ReportFile, ReportRequirement
from ..permissions import can_manage_awards
from ..reminders import next_reminder_at
from ..selectors import awards_of

NARRATIVE_MAX = 50_000
LINE_MAX = 200
LINES_MAX = 50
FILES_PER_REPORT = 10
NAME_MAX = 150
# Below MONEY's 18 digits with 3 places, so every amount that passes fits its column.
AMOUNT_LIMIT = Decimal(10) ** 14
EDITABLE = (Report.Status.DRAFT, Report.Status.CHANGES_REQUESTED)
NEEDS_NARRATIVE = (ReportRequirement.Kind.NARRATIVE, ReportRequirement.Kind.BOTH)
NEEDS_LINES = (ReportRequirement.Kind.FINANCIAL, ReportRequirement.Kind.BOTH)


class ReportError(Refused):
    """What the rules refuse about a report, on the field it belongs to."""


# --- Reading ---------------------------------------------------------------------------------


def narrative_of(report: Report | None) -> str:
    if report is None or not report.narrative_encrypted:
        return ""
    return encryption.decrypt(report.narrative_encrypted)


def lines_of(report: Report | None) -> list[dict]:
    """The financial lines with their amounts as Decimals."""
    if report is None:
        return []
    return [{"line": row["line"], "amount": Decimal(row["amount"])} for row in report.lines]


def total_of(lines: list[dict]) -> Decimal:
    """What the lines add up to: one report is in one currency, its award's."""
    return sum((row["amount"] for row in lines), Decimal(0))


def is_editable(requirement: ReportRequirement, report: Report | None) -> bool:
    """Whether the grantee may still change the report: their award is active and the report is
    not in staff's hands (submitted) nor accepted."""
    return requirement.award.status == Award.Status.ACTIVE and (report is None or report.status in EDITABLE)


# --- Checking what the grantee typed ----------------------------------------------------------


def checked_amount(value, currency: str) -> Decimal:
    """An amount spent, as typed: zero or more, with no more decimals than the currency has."""
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ReportError(_("Write the amount as a number, for example 1250.50."), field="amount") from None
    if not amount.is_finite():
        raise ReportError(_("Write the amount as a number, for example 1250.50."), field="amount")
    if amount < 0:
        raise ReportError(_("An amount spent is zero or more."), field="amount")
    if amount >= AMOUNT_LIMIT:
        raise ReportError(_("This amount is too large."), field="amount")
    places = currencies.decimals(currency)
    if -amount.as_tuple().exponent > places and amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ReportError(
            _("Amounts in %(currency)s have at most %(places)d decimals.") % {"currency": currency, "places": places},
            field="amount",
        )
    return amount.quantize(Decimal(1).scaleb(-places))


def checked_line_name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ReportError(_("Name the budget line this amount was spent on."), field="line")
    if len(name) > LINE_MAX:
        raise ReportError(
            _("A budget line's name has at most %(count)d characters.") % {"count": LINE_MAX}, field="line"
        )
    return name


def _checked_lines(lines, currency: str) -> list[dict]:
    if len(lines) > LINES_MAX:
        raise ReportError(_("A report has at most %(count)d budget lines.") % {"count": LINES_MAX}, field="lines")
    checked = []
    for row in lines:
        try:
            checked.append(
                {"line": checked_line_name(row["line"]), "amount": str(checked_amount(row["amount"], currency))}
            )
        except ReportError as refusal:
            raise ReportError(refusal.message, field="lines") from refusal
    return checked


def _checked_narrative(narrative: str) -> str:
    narrative = (narrative or "").strip()
    if len(narrative) > NARRATIVE_MAX:
        raise ReportError(
            _("The narrative has at most %(count)d characters.") % {"count": NARRATIVE_MAX}, field="narrative"
        )
    return narrative


# --- The grantee's writes ---------------------------------------------------------------------


def _owned_requirement(requirement: ReportRequirement, by) -> ReportRequirement:
    """The duty, its row locked, if `by` holds its award; a report may then be changed only while
    the award is active and the report not in staff's hands."""
    if not awards_of(by).filter(pk=requirement.award_id).exists():
        raise ReportError(_("Only the grantee of the award writes its reports."))
    return ReportRequirement.objects.select_for_update(of=("self",)).select_related("award").get(pk=requirement.pk)


def _check_editable(requirement: ReportRequirement, report: Report | None) -> None:
    if requirement.award.status != Award.Status.ACTIVE:
        raise ReportError(_("Reports are written for an award that is active."))
    if not is_editable(requirement, report):
        raise ReportError(_("This report is with the staff: it can no longer be changed."))


def _report_of(requirement: ReportRequirement) -> Report | None:
    return Report.objects.select_for_update().filter(requirement=requirement).first()


@transaction.atomic
def start_report(requirement: ReportRequirement, *, by, now=None) -> Report:
    """The duty's report, created as an empty draft when there is none yet (a file may come
    before any text)."""
    now = now or timezone.now()
    requirement = _owned_requirement(requirement, by)
    report = _report_of(requirement)
    _check_editable(requirement, report)
    if report is None:
        report = Report.objects.create(requirement=requirement, saved_at=now)
        audit.record(by, "report.started", report, detail={"requirement": requirement.pk})
    return report


@transaction.atomic
def save_report(requirement: ReportRequirement, *, by, narrative: str, lines: list[dict], now=None) -> Report:
    """Keep what the grantee wrote: the narrative (encrypted) and the amounts spent per budget
    line ([{"line": str, "amount": "123.45"}], zero or more, in the award's currency). Raises
    ReportError on the field it belongs to; then nothing is saved."""
    now = now or timezone.now()
    report = start_report(requirement, by=by, now=now)
    requirement = report.requirement
    narrative = _checked_narrative(narrative)
    report.lines = _checked_lines(lines, requirement.award.currency)
    report.narrative_encrypted = encryption.encrypt(narrative) if narrative else ""
    report.saved_at = now
    report.save(update_fields=["lines", "narrative_encrypted", "saved_at"])
    audit.record(by, "report.saved", report, detail={"requirement": requirement.pk, "lines": len(report.lines)})
    return report


def _owned_report(report: Report, by) -> Report:
    requirement = _owned_requirement(report.requirement, by)
    report = _report_of(requirement)
    _check_editable(requirement, report)
    return report


def _display_name(name: str, extension: str) -> str:
    """What the grantee called the file, without any folder, with the extension of what it now is."""
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip() or _("file")
    return stem[: NAME_MAX - len(extension)] + extension


@transaction.atomic
def attach_file(report: Report, upload, *, by, now=None) -> ReportFile:
    """Check and clean `upload` (core.uploads) and keep the clean rewrite with the report, under
    a random name. Raises ReportError on the "file" field."""
    now = now or timezone.now()
    report = _owned_report(report, by)
    if report.files.count() >= FILES_PER_REPORT:
        raise ReportError(
            _("A report has at most %(count)d files: remove one first.") % {"count": FILES_PER_REPORT}, field="file"
        )
    try:
        clean = clean_upload(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except Refused as refusal:
        raise ReportError(refusal.message, field="file") from refusal
    used = report.files.aggregate(total=Sum("size"))["total"] or 0
    if used + len(clean.content) > settings.APPLICATION_FILES_MAX_BYTES:
        raise ReportError(
            _("The files of one report may weigh %(limit)s together; this one would go over. Remove a file first.")
            % {"limit": filesizeformat(settings.APPLICATION_FILES_MAX_BYTES)},
            field="file",
        )
    kept = ReportFile(
        report=report,
        kind=clean.kind,
        content_type=clean.content_type,
        size=len(clean.content),
        pages=clean.pages,
        name=_display_name(getattr(upload, "name", ""), clean.extension),
        uploaded_by=by,
        uploaded_at=now,
    )
    kept.file.save(f"upload{clean.extension}", ContentFile(clean.content), save=False)
    try:
        kept.save()
    except Exception:
        kept.file.delete(save=False)
        raise
    audit.record(by, "report.file_added", report, detail={"file": kept.pk, "kind": kept.kind})
    return kept


@transaction.atomic
def remove_file(report_file: ReportFile, *, by, now=None) -> None:
    report = _owned_report(report_file.report, by)
    report_file = report.files.filter(pk=report_file.pk).first()
    if report_file is None:
        raise ReportError(_("This file is no longer attached."))
    pk, name, storage = report_file.pk, report_file.file.name, report_file.file.storage
    report_file.delete()
    # The stored bytes go only once the row is surely gone.
    transaction.on_commit(lambda: storage.delete(name))
    audit.record(by, "report.file_removed", report, detail={"file": pk})


@transaction.atomic
def submit_report(report: Report, *, by, now=None) -> Report:
    """Hand the report to staff: its narrative for a narrative duty, its lines for a financial
    one, both for both. Its reminders stop; the call's staff are told."""
    now = now or timezone.now()
    report = _owned_report(report, by)
    requirement = report.requirement
    if requirement.kind in NEEDS_NARRATIVE and not report.narrative_encrypted:
        raise ReportError(_("Write the narrative before you submit the report."), field="narrative")
    if requirement.kind in NEEDS_LINES and not report.lines:
        raise ReportError(_("Give the amount spent on at least one budget line."), field="lines")
    report.status, report.submitted_at, report.submitted_by = Report.Status.SUBMITTED, now, by
    report.save(update_fields=["status", "submitted_at", "submitted_by"])
    _set_next_reminder(requirement, report, now)
    audit.record(by, "report.submitted", report, detail={"requirement": requirement.pk})
    award = requirement.award
    notify_many(
        (
            person,
            "awards/report_submitted",
            {"reference": award.reference, "due_on": requirement.due_on},
            f"awards/report_submitted:{report.pk}:{now.isoformat()}:{person.pk}",
        )
        for person in staff_of(award.rfp)
    )
    return report


def _set_next_reminder(requirement: ReportRequirement, report: Report, now) -> None:
    requirement.next_reminder_at = next_reminder_at(requirement.due_on, report.status, now)
    requirement.save(update_fields=["next_reminder_at"])


# --- Staff's answer --------------------------------------------------------------------------


def _submitted_report(report: Report, by) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("requirement__award__rfp").get(pk=report.pk)
    can_manage_awards(by, report.requirement.award.rfp).enforce()
    if report.status != Report.Status.SUBMITTED:
        raise ReportError(_("Only a submitted report can be accepted or sent back."))
    return report


@transaction.atomic
def accept_report(report: Report, *, by, now=None) -> Report:
    now = now or timezone.now()
    report = _submitted_report(report, by)
    report.status, report.reviewed_at, report.reviewed_by = Report.Status.ACCEPTED, now, by
    report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    audit.record(by, "report.accepted", report, detail={"requirement": report.requirement_id})
    award = report.requirement.award
    notify(
        award.application.applicant,
        "awards/report_accepted",
        {"reference": award.reference, "due_on": report.requirement.due_on},
        dedupe_key=f"awards/report_accepted:{report.pk}",
    )
    return report


@transaction.atomic
def request_changes(report: Report, *, by, message: str, now=None) -> Report:
    """Send the report back to the grantee with staff's message: they can change it again, and
    its reminders are armed again."""
    now = now or timezone.now()
    message = (message or "").strip()
    if not message:
        raise ReportError(_("Say what the grantee should change."), field="message")
    report = _submitted_report(report, by)
    report.status, report.review_message = Report.Status.CHANGES_REQUESTED, message
    report.reviewed_at, report.reviewed_by = now, by
    report.save(update_fields=["status", "review_message", "reviewed_at", "reviewed_by"])
    _set_next_reminder(report.requirement, report, now)
    audit.record(by, "report.changes_requested", report, detail={"requirement": report.requirement_id})
    award = report.requirement.award
    notify(
        award.application.applicant,
        "awards/report_changes_requested",
        {"reference": award.reference, "due_on": report.requirement.due_on},
        dedupe_key=f"awards/report_changes_requested:{report.pk}:{now.isoformat()}",
    )
    return report
