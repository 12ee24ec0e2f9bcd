"""What the letters' sections of an award's pages ask of its letters, from the letters already
fetched with the award (`prefetch_related("letters")`): no query of their own."""

from django import template

from ..services.letters import letter_to_accept

register = template.Library()


@register.filter
def ready_letters(award) -> list:
    return [letter for letter in award.letters.all() if letter.status == letter.Status.READY]


@register.filter(name="letter_to_accept")
def letter_to_accept_filter(award):
    return letter_to_accept(award)
