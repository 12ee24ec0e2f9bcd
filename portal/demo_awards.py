"""The demo's decisions (seed_demo) on the rapid-response call's applications: the demo
applicant's award, its letter accepted so it is active, its first tranche paid and the second
waiting on an interim report that staff sent back with a message, technical support planned by
staff and more asked for by the grantee; the second demo applicant's award still offered, its
letter ready to accept; the third demo applicant's application declined with a message.

Made through awards' services, as staff and grantees would make them (audited, told through the
outbox). Each step looks at what is there first, so a second run adds nothing and a demo seeded
in part is completed."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from awards.models import Award, Decision, Letter, Report, ReportRequirement, SupportCommitment
from awards.selectors import standing_decision_of
from awards.services import decisions, letters, reports, support, tranches
from grants.models import Application

Kind = ReportRequirement.Kind
DECLINE_MESSAGE = (
    "Thank you for applying. This call cannot pay legal fees this year; the staff can put you in touch with "
    "a legal aid fund that may."
)
CHANGES_MESSAGE = "Please say whether the new phone is set up with the security settings from the training."
NARRATIVE = (
    "I stayed with a colleague in another town for three weeks and replaced the phone. I am back home and "
    "reporting on the hearings again."
)
SUPPORT_PLANNED = ("digital_security", "A check of the new phone and accounts", "The call's digital security partner")
SUPPORT_ASKED = ("psychosocial", "A few sessions with a counsellor after the last months.")


def seed_awards(applications: dict[str, Application], accounts: dict[str, User], *, by: User) -> list[Award]:
    """`applications`: the rapid-response call's, by their applicant's email. The awards made,
    the demo applicant's first."""
    made = []
    own = applications.get("applicant@example.org")
    if own is not None:
        award = _award_of(own) or _award(own, by, amount=Decimal(4500), months=6, interim=True)
        if award is not None:
            _accepted(award, accounts["applicant@example.org"])
            _first_tranche_paid(award, by)
            _interim_sent_back(award, accounts["applicant@example.org"], by)
            _support(award, accounts["applicant@example.org"], by)
            made.append(award)
    second = applications.get("applicant2@example.org")
    if second is not None:
        award = _award_of(second) or _award(second, by, amount=Decimal(6000), months=12, interim=False)
        if award is not None:
            _letter_drawn(award)
            made.append(award)
    third = applications.get("applicant3@example.org")
    if third is not None and _decidable(third):
        decisions.decide(third, by=by, outcome=Decision.Outcome.DECLINE, message=DECLINE_MESSAGE)
    return made


def _decidable(application: Application) -> bool:
    application.refresh_from_db(fields=["status"])
    return application.status in (Application.Status.SUBMITTED, Application.Status.IN_REVIEW) and (
        standing_decision_of(application) is None
    )


def _award_of(application: Application) -> Award | None:
    return Award.objects.filter(application=application).exclude(status=Award.Status.CANCELLED).first()


def _award(application: Application, by: User, *, amount: Decimal, months: int, interim: bool) -> Award | None:
    """Awarded from today for `months`, with a final report a month after; with `interim`, an
    interim report halfway and the money in two tranches, the second waiting on it."""
    if not _decidable(application):
        return None
    starts_on = timezone.localdate()
    ends_on = starts_on + timedelta(days=30 * months)
    final = (Kind.BOTH, "Final report", ends_on + decisions.FINAL_REPORT_AFTER)
    if interim:
        reports_due = [(Kind.NARRATIVE, "Interim report", starts_on + timedelta(days=15 * months)), final]
        first = amount * 2 / 3
        rows = [(first, starts_on), (amount - first, starts_on + timedelta(days=16 * months), 0)]
    else:
        reports_due, rows = [final], [(amount, starts_on)]
    decision = decisions.decide(
        application,
        by=by,
        outcome=Decision.Outcome.AWARD,
        amount=amount,
        starts_on=starts_on,
        ends_on=ends_on,
        tranches=[decisions.TrancheRow(*row) for row in rows],
        reports=[decisions.ReportRow(*row) for row in reports_due],
        conditions="Keep the receipts of what the award pays for.",
        rationale="Recommended by the panel; within the call's limits.",
    )
    return decision.award


def _letter_drawn(award: Award) -> Letter | None:
    """The award's latest letter, drawn here if it is still queued. The decision publishes its
    render once seed_demo's transaction commits, which is too late for the grantee to accept it
    in the same run; that published render then finds the version drawn and leaves it."""
    letter = award.letters.order_by("-version").first()
    if letter is not None and letter.status == Letter.Status.QUEUED:
        letter = letters.render_letter(letter.pk) or letter
    return letter


def _accepted(award: Award, grantee: User) -> None:
    letter = _letter_drawn(award)
    award.refresh_from_db()
    if award.status != Award.Status.OFFERED or letter is None or letters.letter_to_accept(award) != letter:
        return
    letters.accept_letter(letter, by=grantee, full_name=grantee.name, sha256=letter.sha256)
    award.refresh_from_db()


def _first_tranche_paid(award: Award, by: User) -> None:
    first = award.tranches.order_by("position").first()
    if award.status == Award.Status.ACTIVE and first is not None and first.paid_on is None:
        tranches.mark_paid(first, by=by, paid_on=timezone.localdate())


def _interim_sent_back(award: Award, grantee: User, by: User) -> None:
    interim = award.report_requirements.filter(kind=Kind.NARRATIVE).order_by("position").first()
    if award.status != Award.Status.ACTIVE or interim is None or Report.objects.filter(requirement=interim).exists():
        return
    report = reports.save_report(interim, by=grantee, narrative=NARRATIVE, lines=[])
    report = reports.submit_report(report, by=grantee)
    reports.request_changes(report, by=by, message=CHANGES_MESSAGE)


def _support(award: Award, grantee: User, by: User) -> None:
    if award.status not in (Award.Status.OFFERED, Award.Status.ACTIVE):
        return
    existing = SupportCommitment.objects.filter(award=award)
    if not existing.filter(requested_by_grantee=False).exists():
        kind, description, provider = SUPPORT_PLANNED
        starts_on = timezone.localdate() + timedelta(days=7)
        support.add_support(
            award,
            kind=kind,
            description=description,
            provider=provider,
            status=SupportCommitment.Status.PLANNED,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=1),
            by=by,
        )
    if not existing.filter(requested_by_grantee=True).exists():
        kind, description = SUPPORT_ASKED
        support.ask_for_support(award, kind=kind, description=description, by=grantee)
