"""What awards' staff pages share."""

from django.urls import reverse


def hub_url(award) -> str:
    """Where a staff page of one award leads back to, and where its form sends staff once done."""
    return reverse("awards:staff-award", args=[award.public_id])
