"""awards.rules in templates, so a section hides a form by the very rule that refuses its POST:
`{% with verdict=tranche|payable %}{% if verdict %}…{% else %}{{ verdict.reason }}{% endif %}`."""

from django import template

from .. import rules

register = template.Library()


@register.filter
def payable(tranche):
    return rules.tranche_can_be_paid(tranche)


@register.filter
def closable(award):
    return rules.award_can_close(award)


@register.filter
def cancellable(award):
    return rules.award_can_cancel(award)


@register.filter
def takes_support(award):
    return rules.can_take_support(award)


@register.filter
def accepted(requirement):
    return rules.is_accepted(requirement)


@register.filter
def report_of(requirement):
    return rules.report_of(requirement)
