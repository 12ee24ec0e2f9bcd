"""What an award letter says, as the HTML core.pdf draws: in the letter's language, right to left
for Arabic, the amount in figures and in words, and a letterhead that names the funder only when
staff allowed it for this award (a named funder can endanger some recipients)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation

from . import currencies
from .models import Letter
from .words import amount_in_words

TEMPLATE = "awards/pdf/letter.html"


def money(amount, currency: str) -> str:
    """`12,345.67` with exactly the currency's decimals, grouped as the active language writes it."""
    return formats.number_format(
        currencies.quantize(amount, currency), currencies.decimals(currency), use_l10n=True, force_grouping=True
    )


def grantee_name(award) -> str:
    """The organisation an application was made for, else the person who made it."""
    application = award.application
    if application.organisation_id:
        return application.organisation.name
    return application.applicant.name


def letter_html(letter: Letter) -> str:
    award = letter.award
    with translation.override(letter.language):
        context = {
            "letter": letter,
            "award": award,
            "language": letter.language,
            "bidi": translation.get_language_info(letter.language)["bidi"],
            "funder": "" if award.neutral_letterhead else settings.FUNDER_NAME,
            "grantee": grantee_name(award),
            "amount": money(award.amount, award.currency),
            "amount_in_words": amount_in_words(award.amount, award.currency, letter.language),
            "tranches": [
                {"amount": money(tranche.amount, award.currency), "scheduled_on": tranche.scheduled_on}
                for tranche in award.tranches.all()
            ],
            "reports": list(award.report_requirements.all()),
        }
        return render_to_string(TEMPLATE, context)
