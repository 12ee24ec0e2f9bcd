from django import template

from core.numbers import format_number

register = template.Library()


@register.filter(name="number")
def number_filter(value):
    """`{{ rfp.budget|number }}`: grouped and punctuated as the page's language writes it."""
    return "" if value is None else format_number(value)
