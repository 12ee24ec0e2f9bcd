"""Text in a language other than the page's, and the portal's public name in the right one."""

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

DEFAULT_PUBLIC_NAME = gettext_noop("Grants portal")


def language_attributes(language: str) -> str:
    """` lang="en" dir="ltr"` for text in `language` on a page in another one; else nothing, so
    a screen reader reads the text in its own language's voice (WCAG 3.1.2)."""
    if not language or language.split("-")[0] == (translation.get_language() or "").split("-")[0]:
        return ""
    bidi = language.split("-")[0] in settings.LANGUAGES_BIDI
    return format_html(' lang="{}" dir="{}"', language, "rtl" if bidi else "ltr")


def public_name() -> tuple[str, str]:
    """The name pages show and its language: the default name in the reader's language, a name
    set in PORTAL_PUBLIC_NAME in the language PORTAL_PUBLIC_NAME_LANGUAGE says it is in."""
    if settings.PORTAL_PUBLIC_NAME == DEFAULT_PUBLIC_NAME:
        return gettext(DEFAULT_PUBLIC_NAME), translation.get_language()
    return settings.PORTAL_PUBLIC_NAME, settings.PORTAL_PUBLIC_NAME_LANGUAGE
