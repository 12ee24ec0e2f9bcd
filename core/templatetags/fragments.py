"""{% include_shared %}: an include that is the same for everyone who shares its values, rendered
once per process for each set of them (and each language) and kept. The navigation and the
language switcher are on every page, and rendering them cost more than many a page's own content.

    {% include_shared "includes/navigation.html" role=primary_role unread=unread_messages %}
    {% include_shared "includes/language_switcher.html" per_request next=request.get_full_path %}

The template sees only the values the tag gives it, never the page's context: a value left out
renders empty, and no one's data can be kept and shown to someone else. The CSRF token, and the
values named after `per_request`, are holes filled in for each request, escaped; a template
writes them as they are (`{{ next }}`), without filters.
"""

import re

from django import template
from django.conf import settings
from django.template.base import token_kwargs
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix
from django.utils.functional import LazyObject, empty
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

HOLE = "\ue000{}\ue000"
HOLES = re.compile("\ue000(\\w+)\ue000")
CSRF = "csrf_input"
# Each distinct set of values is kept; past this many, they are all dropped and rendered again.
MAX_KEPT = 512
_kept: dict[tuple, list[str]] = {}


def pieces_of(template_name: str, shared: dict, holes: list[str], context) -> list[str]:
    """The rendering split at its holes: text at even places, a hole's name at odd ones."""
    # With each value's type: True and 1 are equal keys, yet write "True" and "1".
    values = sorted((name, type(value).__name__, value) for name, value in shared.items())
    key = (template_name, get_language(), get_script_prefix(), *values)
    if key in _kept and not settings.DEBUG:
        return _kept[key]
    marked = {name: mark_safe(HOLE.format(name)) for name in holes}  # noqa: S308 - our own marker
    csrf_marker = "\ue001"
    rendered = context.template.engine.get_template(template_name).render(
        template.Context({**shared, **marked, "csrf_token": csrf_marker}, autoescape=context.autoescape)
    )
    marker_input = CsrfTokenNode().render(template.Context({"csrf_token": csrf_marker}))
    pieces = HOLES.split(rendered.replace(marker_input, HOLE.format(CSRF)))
    if len(_kept) >= MAX_KEPT:
        _kept.clear()
    _kept[key] = pieces
    return pieces


def plain(name: str, value):
    """A shared value as a key: lazy ones read now, so that nothing of the request is kept, and
    only plain values, so that no object (a user) is given to a template rendered for all."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, str):  # a choice (Role.ADMIN): its key
        return str(value)
    raise template.TemplateSyntaxError(f"include_shared: {name} must be a plain value, not {type(value).__name__}.")


class SharedIncludeNode(template.Node):
    def __init__(self, template_name, shared: dict, per_request: dict):
        self.template_name = template_name
        self.shared = shared
        self.per_request = per_request

    def render(self, context) -> str:
        shared = {name: plain(name, value.resolve(context)) for name, value in self.shared.items()}
        filled = {name: conditional_escape(value.resolve(context)) for name, value in self.per_request.items()}
        filled[CSRF] = CsrfTokenNode().render(context)
        pieces = pieces_of(self.template_name.resolve(context), shared, list(self.per_request), context)
        return mark_safe(  # noqa: S308 - a rendered template and escaped values
            "".join(filled[piece] if index % 2 else piece for index, piece in enumerate(pieces))
        )


@register.tag
def include_shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("include_shared takes a template's name.")
    template_name = parser.compile_filter(bits[1])
    rest = bits[2:]
    shared = token_kwargs(rest, parser)
    per_request = {}
    if rest and rest[0] == "per_request":
        rest = rest[1:]
        per_request = token_kwargs(rest, parser)
    if rest:
        raise template.TemplateSyntaxError(f"include_shared: cannot read {rest[0]!r}.")
    return SharedIncludeNode(template_name, shared, per_request)
