"""The one Markdown path for what staff type: linear in its input, bounded in length, and
sanitised, so nothing it renders can run, load, redirect or embed anything."""

import html
import time
from html.parser import HTMLParser

import pytest

from core.markdown import ALLOWED_TAGS, MAX_HTML, MAX_LENGTH, render_markdown

from .hostile_markdown import HOSTILE_INPUTS, SIZE


class Elements(HTMLParser):
    """Every element of a piece of HTML, as (tag, {attribute: value})."""

    def __init__(self, markup: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(text: str) -> list[tuple[str, dict]]:
    return Elements(str(render_markdown(text))).found


# Coverage's tracer multiplies the time of pure-Python code several times over: the bound is on
# the parser's work, measured without it.
@pytest.mark.no_cover
@pytest.mark.parametrize("text", HOSTILE_INPUTS.values(), ids=HOSTILE_INPUTS.keys())
def test_a_hostile_text_of_100_kb_renders_in_well_under_a_second_and_to_a_bounded_size(text):
    assert len(text) >= SIZE * 0.9
    render_markdown.cache_clear()  # the work itself, not a render kept from another test
    # Processor time, not wall-clock time: the bound is on the work, whatever else the machine
    # is running meanwhile.
    start = time.process_time()
    rendered = render_markdown(text)
    assert time.process_time() - start < 1.0
    assert len(rendered) < MAX_HTML


@pytest.mark.parametrize("name", ["many tables of missing cells", "one link used thousands of times"])
def test_a_text_that_would_expand_out_of_proportion_is_shown_as_plain_text(name):
    text = HOSTILE_INPUTS[name][:MAX_LENGTH]
    rendered = str(render_markdown(text))
    assert "<td" not in rendered and "<a" not in rendered
    assert rendered.startswith("<p>" + text.split("\n")[0][:50])


def test_a_text_longer_than_the_limit_is_cut_there():
    rendered = str(render_markdown("a" * MAX_LENGTH + " beyond the limit"))
    assert rendered == f"<p>{'a' * MAX_LENGTH}</p>\n"


def test_a_text_at_the_limit_is_whole():
    text = "a" * (MAX_LENGTH - 4) + " end"
    assert str(render_markdown(text)) == f"<p>{text}</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<style>body { display: none }</style>",
        '<img src="https://outside.example/pixel.png">',
        '<iframe src="https://outside.example/"></iframe>',
        '<meta http-equiv="refresh" content="0; url=https://outside.example/">',
        '<a href="https://example.org" onclick="alert(1)">raw</a>',
        '<p style="position: fixed">raw</p>',
        "<svg onload=alert(1)>",
    ],
)
def test_raw_html_is_shown_as_text_never_as_an_element(text):
    assert elements(text) == [("p", {})]
    assert html.unescape(str(render_markdown(text))) == f"<p>{text}</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](vbscript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:image/png;base64,AAAA)",
        "[x](file:///etc/passwd)",
        "![x](https://outside.example/pixel.png)",
        "![x](data:image/png;base64,AAAA)",
        "[x]\n\n[x]: javascript:alert(1)",
    ],
)
def test_no_link_leads_to_script_data_or_a_file_and_no_image_is_loaded(text):
    found = elements(text)
    assert {tag for tag, _attributes in found} <= {"p", "a"}
    for tag, attributes in found:
        if tag == "a":
            assert attributes.get("href", "https://").split(":")[0] in {"https", "http", "mailto"}


def test_links_are_kept_and_tell_the_browser_to_send_nothing_and_follow_nothing():
    rendered = str(render_markdown("[site](https://example.org) and [write](mailto:office@example.org)"))
    assert rendered == (
        '<p><a href="https://example.org" rel="noopener noreferrer nofollow">site</a> and '
        '<a href="mailto:office@example.org" rel="noopener noreferrer nofollow">write</a></p>\n'
    )


def test_tables_lists_emphasis_quotes_and_code_render_as_before():
    text = (
        "## Budget\n\n"
        "| Item | Amount |\n|---|---|\n| Rent | 500 |\n\n"
        "- one\n- two\n\n"
        "1. first\n2. second\n\n"
        "**Rent** and *food*.\n\n"
        "> Quoted.\n\n"
        "`code`"
    )
    assert str(render_markdown(text)) == (
        "<h2>Budget</h2>\n"
        "<table>\n<thead>\n<tr>\n<th>Item</th>\n<th>Amount</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Rent</td>\n<td>500</td>\n</tr>\n</tbody>\n</table>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n"
        "<p><strong>Rent</strong> and <em>food</em>.</p>\n"
        "<blockquote>\n<p>Quoted.</p>\n</blockquote>\n"
        "<p><code>code</code></p>\n"
    )


def test_every_tag_it_can_produce_is_an_allowed_one():
    text = "# Title\n\n---\n\n```\npre\n```\n\n#### Small\n\nline  \nbreak"
    assert {tag for tag, _attributes in elements(text)} <= ALLOWED_TAGS
    assert "<h1" not in str(render_markdown(text))


def test_nothing_renders_as_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_a_text_is_rendered_once_for_all_its_readers():
    render_markdown.cache_clear()
    text = "[" * 10_000
    first = render_markdown(text)
    assert render_markdown(text) is first
    assert render_markdown.cache_info().hits == 1
