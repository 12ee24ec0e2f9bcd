import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()

# The first match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("Android", "Android"),
    (r"iPhone|iPad", "iOS"),
    ("Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    ("Linux", "Linux"),
)


@register.filter
def device(user_agent: str) -> str:
    """ "Firefox on Linux" from a user-agent string: enough to recognise one's own devices."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, user_agent)), None)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")
