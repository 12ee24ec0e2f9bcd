"""Markdown written by staff, shown to applicants: rendered, then sanitised with nh3, so no
script, style, image or embedded content gets through and nothing is loaded from outside."""

import markdown as markdown_library
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# A link may lead to a web page or an address; never to script (javascript:) or data.
URL_SCHEMES = {"https", "http", "mailto"}


def render_markdown(text: str) -> SafeString:
    html = markdown_library.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just removed everything not allowed above
