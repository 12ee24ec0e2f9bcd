from django import template
from django.conf import settings
from django.utils.html import format_html

from core.languages import language_attributes

register = template.Library()


@register.simple_tag
def lang_attributes(language: str) -> str:
    """`<p{% lang_attributes message.language %}>`: marks text in another language than the page's."""
    return language_attributes(language)


@register.simple_tag
def in_language(text: str, language: str) -> str:
    """`text`, in a span marked with its language when that is not the page's."""
    attributes = language_attributes(language)
    return format_html("<span{}>{}</span>", attributes, text) if attributes else text


@register.simple_tag
def issued_name() -> str:
    """The name as authenticator apps and email senders get it: the setting itself, untranslated."""
    return in_language(settings.PORTAL_PUBLIC_NAME, settings.PORTAL_PUBLIC_NAME_LANGUAGE)
