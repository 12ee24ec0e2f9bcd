"""Reads of decisions and awards, already scoped to the user who asks: a grantee's awards are
those of the applications they may read; staff's those of the calls they run (admins all)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from grants.selectors import applications_of, rfps_run_by, submitted_applications_run_by
from reviews.models import Review

from .models import Award, Decision, Letter, ReportRequirement, SupportCommitment, Tranche


def awards_of(user) -> QuerySet[Award]:
    """The grantee's awards: of their own applications and their organisations'."""
    return Award.objects.filter(application__in=applications_of(user))


def awards_run_by(user) -> QuerySet[Award]:
    """The awards of the calls a member of staff runs (admins: every call)."""
    return Award.objects.filter(rfp__in=rfps_run_by(user))


def decidable_applications_run_by(user):
    """Applications staff may decide on: submitted or in review, in the calls they run."""
    return submitted_applications_run_by(user).filter(status__in=["submitted", "in_review"])


def undecided_applications_run_by(user):
    """Decidable applications (decidable_applications_run_by) with no decision standing."""
    standing = Decision.objects.filter(application=OuterRef("pk"), reversed_at__isnull=True)
    return decidable_applications_run_by(user).exclude(Exists(standing))


def duty_of(awards: QuerySet[Award], public_id, pk: int) -> ReportRequirement | None:
    """A reporting duty of one of `awards`, with its award (and call) and its report: one query."""
    return (
        ReportRequirement.objects.select_related("award__rfp", "report")
        .filter(award__in=awards, award__public_id=public_id, pk=pk)
        .first()
    )


def standing_decision_of(application) -> Decision | None:
    return Decision.objects.filter(application=application, reversed_at__isnull=True).first()


def reviewers_feedback_of(application) -> list[Review]:
    """The feedback for the applicant in the application's submitted reviews, released or not
    yet, in a fixed order that says nothing of who wrote it: for the staff who decide on it."""
    reviews = Review.objects.filter(application=application, status=Review.Status.SUBMITTED).exclude(feedback="")
    reviews = reviews.order_by("pk").only("pk", "feedback", "feedback_released_at")
    return [review for review in reviews if review.feedback.strip()]


def declines_of(user) -> QuerySet[Decision]:
    """The standing declines of the applications the user may read, newest first, with the
    application and its call: one query, for the applicant's dashboard."""
    return (
        Decision.objects.filter(
            application__in=applications_of(user), outcome=Decision.Outcome.DECLINE, reversed_at__isnull=True
        )
        .select_related("application__rfp")
        .order_by("-decided_at", "-pk")
    )


# --- The portfolio --------------------------------------------------------------------------

COMMITTED_STATUSES = ("offered", "active", "closed")


def portfolio_of(user, filters: dict) -> QuerySet[Award]:
    """The awards staff see in the portfolio (their calls; admins every one), as filtered: `call`
    (a call's id), `country`, `status`, `currency`. Each with `paid` (its paid tranches' sum)."""

    awards = awards_run_by(user)
    if "call" in filters:
        awards = awards.filter(rfp_id=filters["call"])
    if "country" in filters:
        awards = awards.filter(application__country=filters["country"])
    if "status" in filters:
        awards = awards.filter(status=filters["status"])
    if "currency" in filters:
        awards = awards.filter(currency=filters["currency"])
    paid = (
        Tranche.objects.filter(award=OuterRef("pk"), paid_on__isnull=False)
        .order_by()
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=18, decimal_places=3)
    return (
        awards.select_related("rfp", "application")
        .annotate(paid=Coalesce(Subquery(paid, output_field=money), Value(0, output_field=money)))
        .order_by("-created_at", "-pk")
    )


def portfolio_totals(awards: QuerySet[Award]) -> list[dict]:
    """Per currency (never summed across currencies), in code order: `count`, `committed` (the
    amounts of offered, active and closed awards), `paid` (their paid tranches, cancelled awards'
    too: that money went out) and `outstanding` (committed less what was paid of it). Two queries."""

    ids = awards.order_by().values("pk")
    committed = Q(status__in=COMMITTED_STATUSES)
    rows = {
        row["currency"]: {
            "currency": row["currency"],
            "count": row["count"],
            "committed": row["committed"] or Decimal(0),
            "paid": Decimal(0),
            "paid_committed": Decimal(0),
        }
        for row in Award.objects.filter(pk__in=ids)
        .values("currency")
        .annotate(count=Count("pk"), committed=Sum("amount", filter=committed))
        .order_by("currency")
    }
    for row in (
        Tranche.objects.filter(award__in=ids, paid_on__isnull=False)
        .values("award__currency")
        .annotate(paid=Sum("amount"), paid_committed=Sum("amount", filter=Q(award__status__in=COMMITTED_STATUSES)))
        .order_by()
    ):
        total = rows[row["award__currency"]]
        total["paid"], total["paid_committed"] = row["paid"], row["paid_committed"] or Decimal(0)
    for total in rows.values():
        total["outstanding"] = total["committed"] - total.pop("paid_committed")
    return list(rows.values())


def support_counts(awards: QuerySet[Award]) -> dict[str, int]:
    """The support commitments of these awards, counted by status: one query."""

    found = (
        SupportCommitment.objects.filter(award__in=awards.order_by().values("pk"))
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["count"] for row in found}


def publishable_awards(awards: QuerySet[Award]) -> QuerySet[Award]:
    """What open data holds: awards whose letter was accepted (active) and closed ones."""
    return (
        awards.filter(status__in=("active", "closed"))
        .select_related("decision", "application__organisation")
        .order_by("created_at", "pk")
    )


def award_run_by(user, public_id) -> Award | None:
    return awards_run_by(user).select_related("rfp").filter(public_id=public_id).first()


# --- The grantee's awards, and one award's hub ----------------------------------------------

# What an award's hub reads, staff's and the grantee's alike: its letters, tranches (each with
# the report it waits on), reporting duties with their reports, and support: one query each.
AWARD_HUB_PREFETCH = ("letters", "tranches__requires_report__report", "report_requirements__report", "support")


def dashboard_awards_of(user) -> list[Award]:
    """The grantee's awards for their dashboard, newest first, with their call: one query."""
    return list(awards_of(user).select_related("rfp").order_by("-created_at", "-pk"))


def award_of(user, public_id) -> Award | None:
    """One of the grantee's own awards with all its hub shows; anyone else's is None (a 404)."""
    return (
        awards_of(user)
        .select_related("rfp", "application")
        .prefetch_related(*AWARD_HUB_PREFETCH)
        .filter(public_id=public_id)
        .first()
    )


def support_of_award_run_by(user, public_id, support_id) -> SupportCommitment | None:
    """One support commitment of an award of a call the user runs (admins: every call)."""
    return (
        SupportCommitment.objects.filter(
            award__in=awards_run_by(user), award__public_id=public_id, public_id=support_id
        )
        .select_related("award__rfp")
        .first()
    )


def tranche_of_award_run_by(user, public_id, tranche_id: int) -> Tranche | None:
    return (
        Tranche.objects.filter(award__in=awards_run_by(user), award__public_id=public_id, pk=tranche_id)
        .select_related("award__rfp", "requires_report__report")
        .first()
    )


def support_counts_by_kind(awards: QuerySet[Award]) -> dict[str, int]:
    """The support commitments of these awards, counted by kind: one query."""
    found = (
        SupportCommitment.objects.filter(award__in=awards.order_by().values("pk"))
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["kind"]: row["count"] for row in found}


def award_run_by_in_full(user, public_id) -> Award | None:
    """One award of a call the user runs, with all its hub shows (AWARD_HUB_PREFETCH)."""
    return (
        awards_run_by(user)
        .select_related("rfp", "application")
        .prefetch_related(*AWARD_HUB_PREFETCH)
        .filter(public_id=public_id)
        .first()
    )


# --- Letters ----------------------------------------------------------------------------------


def letter_run_by(user, public_id) -> Letter | None:
    """A drawn version of a letter of an award of a call the user runs (admins: every call)."""
    return (
        Letter.objects.filter(award__in=awards_run_by(user), public_id=public_id, status=Letter.Status.READY)
        .select_related("award__rfp")
        .first()
    )


def letter_of_grantee(user, public_id) -> Letter | None:
    """A drawn version of the letter of one of the grantee's own awards."""
    return (
        Letter.objects.filter(award__in=awards_of(user), public_id=public_id, status=Letter.Status.READY)
        .select_related("award")
        .first()
    )
