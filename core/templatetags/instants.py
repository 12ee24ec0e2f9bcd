from django import template

from core.times import machine_readable

register = template.Library()


@register.filter(name="machine_readable")
def machine_readable_filter(instant):
    """For `<time datetime="...">`: `{{ message.created_at|machine_readable }}`."""
    return machine_readable(instant) if instant else ""
