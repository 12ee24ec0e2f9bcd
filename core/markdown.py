"""Markdown written by staff, shown to applicants: rendered, then sanitised with nh3, so no
script, style, image or embedded content gets through and nothing is loaded from outside.

The work is bounded by the text's length, whatever it holds: markdown-it-py's parser has no
backtracking case (Python-Markdown took 25 seconds over 8,000 `[` characters, on every view of
the call), a text is cut at `MAX_LENGTH`, and a text that would still expand out of proportion
(a table's missing cells are filled in, a link defined once can be used thousands of times) is
shown as plain text instead. Each process keeps its latest renders, so the readers of one call
pay for its texts once."""

from functools import lru_cache

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
# A link may lead to a web page or an address; never to script (javascript:) or data.
URL_SCHEMES = {"https", "http", "mailto"}
# The forms accept less, so this only cuts a text that reached the database some other way. Cut
# rather than refused: by the time a page is shown nobody can correct the text, and its readers
# are better served by most of it than by none (the parser copes with a cut anywhere).
MAX_LENGTH = 20_000
# Prose makes 3 block tokens per hundred characters and 1.3 characters of HTML per character.
# The densest honest Markdown, a long table of one-letter cells, makes up to 2.5 tokens and 11
# characters per character: such a text alone, at full length, would be shown as plain text.
MAX_TOKENS = 2 * MAX_LENGTH
MAX_HTML = 10 * MAX_LENGTH


class _TooLarge(Exception):
    pass


class _Tokens(list):
    """The block tokens of one text, refusing to grow past MAX_TOKENS as they are made: a table of
    a few characters a row can ask for 65,536 cells, and several such tables for many more."""

    def append(self, token):
        if len(self) >= MAX_TOKENS:
            raise _TooLarge
        super().append(token)


def _count_tokens(state) -> None:
    state.tokens = _Tokens(state.tokens)


# No raw HTML (`html` off: it is shown as text), and no images: the image rule is off, so
# `![alt](url)` stays a link that nh3 then checks like any other.
_parser = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
_parser.core.ruler.before("block", "count_tokens", _count_tokens)


def _html(text: str) -> str:
    try:
        html = _parser.render(text)
    except _TooLarge:
        return linebreaks(text, autoescape=True)
    return html if len(html) <= MAX_HTML else linebreaks(text, autoescape=True)


@lru_cache(maxsize=128)
def render_markdown(text: str) -> SafeString:
    clean = nh3.clean(
        _html((text or "")[:MAX_LENGTH]),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just removed everything not allowed above
