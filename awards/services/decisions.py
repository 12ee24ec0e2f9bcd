"""Staff's decision on an application: award it (an amount within the call's limits, dates,
tranches summing to the amount, reporting duties, conditions) or decline it (with a message the
applicant reads, and the reviewers' feedback released with it if staff choose). One standing
decision per application; reversed, never deleted, and only until a letter of its award is
accepted. Each moves the application through grants' move, is
audited (ids and counts, never money or text) and tells the applicant in the portal."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import Refused
from grants.models import Application
from grants.presentation import format_amount
from grants.services.applications import move
from notifications.services import notify
from reviews.models import Review
from reviews.services.staff_actions import release_feedback as release_review_feedback

from .. import currencies
from ..models import Award, AwardReferenceCounter, Decision, Letter, ReportRequirement, Tranche
from ..permissions import can_manage_awards
from ..reminders import next_reminder_at
from ..selectors import decidable_applications_run_by, standing_decision_of
from .letters import request_letter

S = Application.Status
Outcome = Decision.Outcome
TEXT_MAX = 5000
# What `decide_many` gives each award: a year from the day of the decision, paid in one tranche
# on its first day, with one report due a month after its last.
DEFAULT_LENGTH = timedelta(days=365)
FINAL_REPORT_AFTER = timedelta(days=30)


class TrancheRow(NamedTuple):
    amount: Decimal
    scheduled_on: date | None
    requires_report: int | None = None  # an index into the decision's reports


class ReportRow(NamedTuple):
    kind: str
    title: str
    due_on: date | None


class DecisionError(Refused):
    """A decision refused, with every reason at once: `problems` are (field, sentence). The
    fields are the award form's: `amount`, `ends_on`, `tranches` (their sum), `tranche_<n>_amount`
    and `report_<n>_due_on` for the n-th row (from 1), or None for the decision as a whole."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        super().__init__(" ".join(message for _field, message in problems), field=problems[0][0])
        self.problems = problems

    @property
    def messages(self) -> list[str]:
        return [message for _field, message in self.problems]


def refused(message: str, field: str | None = None) -> DecisionError:
    return DecisionError([(field, message)])


def _text(value: str, field: str, problems: list) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        problems.append((field, _("At most %(limit)d characters.") % {"limit": TEXT_MAX}))
    return value


def _decidable(application: Application, by) -> Application:
    """The application, locked, if `by` may decide on it now."""
    can_manage_awards(by, application.rfp).enforce()
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("rfp", "applicant")
        .filter(pk=application.pk, pk__in=decidable_applications_run_by(by).values("pk"))
        .first()
    )
    if locked is None:
        raise refused(_("Only a submitted application, or one in review, can be decided on."))
    if standing_decision_of(locked) is not None:
        raise refused(_("A decision on this application already stands: reverse it first to decide again."))
    return locked


def _amount(value, rfp, problems: list) -> Decimal | None:
    if value in (None, ""):
        problems.append(("amount", _("Give the amount awarded.")))
        return None
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        problems.append(("amount", _("Give the amount as a number.")))
        return None
    if not amount.is_finite():
        problems.append(("amount", _("Give the amount as a number.")))
        return None
    places = currencies.DECIMALS.get(rfp.currency.upper())
    if places is not None and amount != amount.quantize(Decimal(1).scaleb(-places)):
        problems.append(
            (
                "amount",
                _("An amount in %(currency)s has at most %(places)d decimals.")
                % {
                    "currency": rfp.currency,
                    "places": places,
                },
            )
        )
    if not rfp.min_amount <= amount <= rfp.max_amount or amount <= 0:
        limits = {
            "min": format_amount(rfp.min_amount, rfp.currency),
            "max": format_amount(rfp.max_amount, rfp.currency),
        }
        problems.append(("amount", _("This call awards from %(min)s to %(max)s.") % limits))
    return amount


def _reports(reports: Sequence, problems: list) -> list[ReportRow]:
    rows = []
    for number, row in enumerate(reports, start=1):
        row = ReportRow(*row)
        if row.kind not in ReportRequirement.Kind.values:
            problems.append((f"report_{number}_kind", _("Choose the kind of report.")))
        if row.due_on is None:
            problems.append((f"report_{number}_due_on", _("Give the date the report is due.")))
        rows.append(row._replace(title=(row.title or "").strip()))
    return rows


def _tranches(
    tranches: Sequence, amount: Decimal | None, currency: str, reports: list, problems: list
) -> list[TrancheRow]:
    rows = [TrancheRow(*row) for row in tranches]
    if not rows:
        problems.append(("tranches", _("Schedule at least one tranche.")))
    for number, row in enumerate(rows, start=1):
        if row.amount is None or row.amount <= 0:
            problems.append((f"tranche_{number}_amount", _("Give the tranche an amount above zero.")))
        if row.scheduled_on is None:
            problems.append((f"tranche_{number}_scheduled_on", _("Give the date the tranche is paid.")))
        if row.requires_report is not None and not 0 <= row.requires_report < len(reports):
            problems.append((f"tranche_{number}_requires_report", _("Choose one of the reports listed.")))
    given = [row.amount for row in rows if row.amount is not None]
    total = sum(given, Decimal(0))
    if amount is not None and rows and len(given) == len(rows) and total != amount:
        sums = {"sum": format_amount(total, currency), "amount": format_amount(amount, currency)}
        problems.append(
            (
                "tranches",
                _("The tranches add up to %(sum)s; they must add up to the amount awarded, %(amount)s.") % sums,
            )
        )
    return rows


def _release_feedback(application: Application, *, by, now) -> int:
    """Release each submitted review's feedback not released yet; how many. The reviews stay
    locked until the decision commits, so a release from the review's page waits and then
    finds it released."""
    unreleased = (
        Review.objects.select_for_update()
        .filter(application=application, status=Review.Status.SUBMITTED, feedback_released_at__isnull=True)
        .exclude(feedback="")
        .order_by("pk")
    )
    releasable = [review for review in unreleased if review.feedback.strip()]
    for review in releasable:
        release_review_feedback(review, by=by, now=now)
    return len(releasable)


def next_award_reference(now) -> str:
    """The next award reference of the year, e.g. G-2026-7: the counter row stays locked until
    the decision commits, so two awards never share a number."""
    counter, _created = AwardReferenceCounter.objects.select_for_update().get_or_create(year=now.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{settings.AWARD_REFERENCE_PREFIX}-{now.year}-{counter.last}"


@transaction.atomic
def decide(
    application: Application,
    *,
    by,
    outcome: str,
    amount=None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    tranches: Sequence = (),
    reports: Sequence = (),
    conditions: str = "",
    rationale: str = "",
    message: str = "",
    language: str | None = None,
    neutral_letterhead: bool = True,
    release_feedback: bool = False,
    now=None,
) -> Decision:
    """Award or decline the application. Raises DecisionError with every problem of the input
    at once; nothing is written then. `tranches` are (amount, scheduled_on, index of the report
    they wait on or None), `reports` (kind, title, due_on). A decline with `release_feedback`
    releases the feedback of every submitted review not released yet, through reviews' own
    release (the applicant reads it where they read released feedback)."""
    if outcome not in Outcome.values:
        raise TypeError(f"No such outcome: {outcome!r}")
    if outcome == Outcome.DECLINE and (amount is not None or tranches or reports):
        raise TypeError("A decline has no amount, tranches or reports")
    if outcome == Outcome.AWARD and release_feedback:
        raise TypeError("Feedback is released with a decline only")
    now = now or timezone.now()
    application = _decidable(application, by)
    problems: list[tuple[str | None, str]] = []
    rationale = _text(rationale, "rationale", problems)
    message = _text(message, "message", problems)
    if outcome == Outcome.DECLINE:
        if problems:
            raise DecisionError(problems)
        decision = Decision.objects.create(
            application=application,
            outcome=outcome,
            rationale=rationale,
            message=message,
            decided_by=by,
            decided_at=now,
        )
        move(application, S.DECLINED, by=by, now=now)
        released = _release_feedback(application, by=by, now=now) if release_feedback else 0
        audit.record(
            by, "decision.declined", decision, detail={"application": application.pk, "feedback_released": released}
        )
        notify(
            application.applicant,
            "awards/declined",
            {"reference": application.reference or "", "message": message, "feedback": bool(released)},
            dedupe_key=f"awards/declined:{decision.pk}",
        )
        return decision

    rfp = application.rfp
    amount = _amount(amount, rfp, problems)
    if starts_on is None:
        problems.append(("starts_on", _("Give the date the award starts.")))
    if ends_on is None:
        problems.append(("ends_on", _("Give the date the award ends.")))
    if starts_on and ends_on and starts_on > ends_on:
        problems.append(("ends_on", _("The award cannot end before it starts.")))
    report_rows = _reports(reports, problems)
    tranche_rows = _tranches(tranches, amount, rfp.currency, report_rows, problems)
    conditions = _text(conditions, "conditions", problems)
    language = language or application.applicant.language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        problems.append(("language", _("Choose a language the portal writes letters in.")))
    if problems:
        raise DecisionError(problems)

    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        amount=amount,
        rationale=rationale,
        decided_by=by,
        decided_at=now,
    )
    award = Award.objects.create(
        decision=decision,
        application=application,
        rfp=rfp,
        reference=next_award_reference(now),
        amount=amount,
        currency=rfp.currency,
        starts_on=starts_on,
        ends_on=ends_on,
        conditions=conditions,
        language=language,
        neutral_letterhead=neutral_letterhead,
        created_at=now,
    )
    duties = ReportRequirement.objects.bulk_create(
        ReportRequirement(
            award=award,
            position=position,
            kind=row.kind,
            title=row.title,
            due_on=row.due_on,
            next_reminder_at=next_reminder_at(row.due_on, None, now),
        )
        for position, row in enumerate(report_rows)
    )
    Tranche.objects.bulk_create(
        Tranche(
            award=award,
            position=position,
            amount=row.amount,
            scheduled_on=row.scheduled_on,
            requires_report=duties[row.requires_report] if row.requires_report is not None else None,
        )
        for position, row in enumerate(tranche_rows)
    )
    request_letter(award, by=by, now=now)
    move(application, S.AWARDED, by=by, now=now)
    audit.record(
        by,
        "decision.awarded",
        decision,
        detail={
            "application": application.pk,
            "award": award.pk,
            "tranches": len(tranche_rows),
            "reports": len(duties),
        },
    )
    notify(
        application.applicant,
        "awards/awarded",
        {"reference": application.reference or ""},
        dedupe_key=f"awards/awarded:{decision.pk}",
    )
    return decision


@transaction.atomic
def decide_many(
    applications: Iterable[Application],
    *,
    by,
    outcome: str,
    rationale: str = "",
    message: str = "",
    starts_on: date | None = None,
    now=None,
) -> list[Decision]:
    """Decline several applications, or award each its requested amount from `starts_on` (the
    day of the decision by default) for DEFAULT_LENGTH, in one tranche on its first day, with
    one report due FINAL_REPORT_AFTER its end. All or none: the first refusal undoes the rest,
    and says which application it was about."""
    now = now or timezone.now()
    starts_on = starts_on or timezone.localdate(now)
    ends_on = starts_on + DEFAULT_LENGTH
    decisions = []
    # Locked in one order, so two people deciding overlapping sets wait rather than deadlock.
    for application in sorted(applications, key=lambda application: application.pk):
        terms = {}
        if outcome == Outcome.AWARD:
            amount = application.requested_amount
            terms = {
                "amount": amount,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "tranches": [TrancheRow(amount, starts_on)] if amount else [],
                "reports": [ReportRow(ReportRequirement.Kind.BOTH, "", ends_on + FINAL_REPORT_AFTER)],
            }
        try:
            decisions.append(
                decide(application, by=by, outcome=outcome, rationale=rationale, message=message, now=now, **terms)
            )
        except Refused as refusal:
            raise refused(
                _("%(reference)s: %(reason)s")
                % {"reference": application.reference or "", "reason": " ".join(refusal.messages)}
            ) from refusal
    return decisions


def reversible(decision: Decision) -> bool:
    """Whether the rules let it be reversed: standing, and no letter of its award accepted."""
    if not decision.is_standing:
        return False
    return not Letter.objects.filter(award__decision=decision, accepted_at__isnull=False).exists()


@transaction.atomic
def reverse(decision: Decision, *, by, reason: str, now=None) -> Decision:
    """Take the decision back: its award is cancelled with the reason, the application returns
    to review. Refused once a letter of the award is accepted."""
    now = now or timezone.now()
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("rfp", "applicant")
        .get(pk=decision.application_id)
    )
    can_manage_awards(by, application.rfp).enforce()
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_standing:
        raise refused(_("This decision has already been reversed."))
    award = Award.objects.select_for_update().filter(decision=decision).first()
    if award is not None and award.letters.filter(accepted_at__isnull=False).exists():
        raise refused(_("The grantee has accepted the award letter: the decision can no longer be reversed."))
    problems: list[tuple[str | None, str]] = []
    reason = _text(reason, "reason", problems)
    if not reason and not problems:
        problems.append(("reason", _("Say why the decision is reversed: it is kept with the award.")))
    if problems:
        raise DecisionError(problems)
    decision.reversed_at, decision.reversed_by, decision.reversal_reason = now, by, reason
    decision.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    if award is not None:
        award.status, award.cancelled_at, award.cancel_reason = Award.Status.CANCELLED, now, reason
        award.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        # A cancelled award owes no reports: its reminders stop.
        ReportRequirement.objects.filter(award=award).update(next_reminder_at=None)
    move(application, S.IN_REVIEW, by=by, now=now)
    audit.record(
        by,
        "decision.reversed",
        decision,
        detail={"application": application.pk, "award": award.pk if award else None},
    )
    notify(
        application.applicant,
        "awards/decision_reversed",
        {"reference": application.reference or ""},
        dedupe_key=f"awards/decision_reversed:{decision.pk}",
    )
    return decision
