"""Factories of awards: a standing decision, the award it makes, its letters, tranches,
reporting duties, reports and support. An award here is offered, in the call's currency, for an
application submitted to it; `active_award` gives one whose letter was accepted."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.roles import Role
from awards.models import Award, Decision, Letter, Report, ReportRequirement, SupportCommitment, Tranche
from tests.factories import UserFactory
from tests.reviews.factories import SubmittedApplicationFactory


def staff_of(rfp):
    """A member of program staff who runs the call."""
    member = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(member)
    return member


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.SubFactory(SubmittedApplicationFactory)
    outcome = Decision.Outcome.AWARD
    amount = Decimal("5000.00")
    rationale = "Strong plan."
    decided_by = factory.LazyAttribute(lambda row: row.application.rfp.created_by)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    decision = factory.SubFactory(DecisionFactory)
    application = factory.LazyAttribute(lambda row: row.decision.application)
    rfp = factory.LazyAttribute(lambda row: row.decision.application.rfp)
    reference = factory.Sequence(lambda n: f"G-2026-{n + 1}")
    amount = factory.LazyAttribute(lambda row: row.decision.amount)
    currency = factory.LazyAttribute(lambda row: row.rfp.currency)
    starts_on = factory.LazyFunction(lambda: date.today())
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=365))
    language = "en"
    public_title = "Support to a human-rights organisation"
    public_description = "A small grant for the protection of defenders."


class LetterFactory(factory.django.DjangoModelFactory):
    """A rendered version (ready), its bytes a stand-in: tests that need a real PDF render one."""

    class Meta:
        model = Letter

    award = factory.SubFactory(AwardFactory)
    version = factory.Sequence(lambda n: n + 1)
    status = Letter.Status.READY
    language = factory.LazyAttribute(lambda row: row.award.language)
    file = factory.django.FileField(filename="letter.pdf", data=b"%PDF-1.7 letter")
    sha256 = hashlib.sha256(b"%PDF-1.7 letter").hexdigest()
    size = len(b"%PDF-1.7 letter")
    requested_by = factory.LazyAttribute(lambda row: row.award.decision.decided_by)
    rendered_at = factory.LazyFunction(timezone.now)


def active_award(**fields) -> Award:
    """An award whose first letter its grantee accepted."""
    award = AwardFactory(**fields)
    letter = LetterFactory(award=award, version=1)
    now = timezone.now()
    Letter.objects.filter(pk=letter.pk).update(
        accepted_at=now,
        accepted_by=award.application.applicant,
        accepted_name=award.application.applicant.name or "A grantee",
        accepted_sha256=letter.sha256,
    )
    Award.objects.filter(pk=award.pk).update(status=Award.Status.ACTIVE, activated_at=now)
    award.refresh_from_db()
    return award


class ReportRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRequirement

    award = factory.SubFactory(AwardFactory)
    position = factory.Sequence(lambda n: n)
    kind = ReportRequirement.Kind.BOTH
    title = "Final report"
    due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=90))


class TrancheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tranche

    award = factory.SubFactory(AwardFactory)
    position = factory.Sequence(lambda n: n)
    amount = Decimal("2500.00")
    scheduled_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    requirement = factory.SubFactory(ReportRequirementFactory)
    status = Report.Status.DRAFT


class SupportCommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportCommitment

    award = factory.SubFactory(AwardFactory)
    kind = SupportCommitment.Kind.DIGITAL_SECURITY
    description = "A digital-security audit of the office."
    provider = "A trusted partner"
    created_by = factory.LazyAttribute(lambda row: row.award.decision.decided_by)
