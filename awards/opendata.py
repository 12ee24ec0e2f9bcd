"""The awards as a 360Giving Data Standard package (JSON). Every award is published anonymously
unless staff untick it: then nothing from the application leaves the portal, neither a name nor
an organisation identifier nor a place; the grant goes to a generic individual recipient whose
identifier is the award's random token, with the title and description staff wrote for it. An
award published openly names its organisation (never a person) and nothing else of it."""

import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .models import Award

VERSION = "1.4"
INDIVIDUAL_NAME = "Individual Recipient"  # the standard's own generic name


def _prefix() -> str:
    return f"360G-{settings.OPEN_DATA_PREFIX}"


def _number(amount: Decimal) -> int | float:
    """A JSON number (the standard refuses strings): an integer when it has no decimals."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def recipient_of(award: Award) -> tuple[str, object]:
    organisation = award.application.organisation if not award.publish_anonymously else None
    if organisation is not None:
        return "recipientOrganization", [{"id": f"{_prefix()}-ORG-{award.recipient_token}", "name": organisation.name}]
    return "recipientIndividual", {"id": f"{_prefix()}-IND-{award.recipient_token}", "name": INDIVIDUAL_NAME}


def grant_of(award: Award) -> dict:
    key, recipient = recipient_of(award)
    return {
        "id": f"{_prefix()}-{award.reference}",
        "title": award.public_title or award.reference,
        "description": award.public_description or award.public_title or award.reference,
        "currency": award.currency,
        "amountAwarded": _number(award.amount),
        "awardDate": award.decision.decided_at.date().isoformat(),
        "plannedDates": [{"startDate": award.starts_on.isoformat(), "endDate": award.ends_on.isoformat()}],
        key: recipient,
        "fundingOrganization": [{"id": settings.FUNDER_ID, "name": settings.FUNDER_NAME}],
    }


def package_of(awards: Iterable[Award], *, now=None) -> dict:
    return {
        "version": VERSION,
        "issued": (now or timezone.now()).date().isoformat(),
        "grants": [grant_of(award) for award in awards],
    }


def package_json(awards: Iterable[Award], *, now=None) -> str:
    return json.dumps(package_of(awards, now=now), ensure_ascii=False, indent=2)
