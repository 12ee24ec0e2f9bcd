"""A render is bounded: the HTML's size before anything is done, the PDF's size, and a time
budget that WeasyPrint cannot swallow, nor a Celery soft time limit landing during a fetch."""

import base64
import re

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.staticfiles import finders

import core.pdf
from core.pdf import RenderError, render_pdf

STYLESHEETS = '<link rel="stylesheet" href="/static/css/pdf.css"><link rel="stylesheet" href="/static/css/portal.css">'


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def never_parsed(monkeypatch):
    """Fails the test if WeasyPrint is given the HTML."""

    def parse(*args, **kwargs):
        raise AssertionError("the HTML was parsed")

    monkeypatch.setattr(core.pdf, "HTML", parse)


class StaticReads:
    """The static files the renderer looks up, in order; `then` runs after each look-up."""

    def __init__(self):
        self.names: list[str] = []
        self.then = lambda: None


@pytest.fixture
def static_reads(monkeypatch):
    reads, real_find = StaticReads(), finders.find

    def find(name, *args, **kwargs):
        reads.names.append(name)
        found = real_find(name, *args, **kwargs)
        reads.then()
        return found

    monkeypatch.setattr(finders, "find", find)
    return reads


def html_of(size: int) -> str:
    """An HTML page of exactly `size` bytes in UTF-8, and fewer characters: ح is two bytes."""
    frame = "<p></p>"
    letters, rest = divmod(size - len(frame), 2)
    return f"<p>{'ح' * letters}{'.' * rest}</p>"


def test_html_of_the_maximum_size_is_rendered():
    html = html_of(1000)
    assert len(html.encode()) == 1000
    assert render_pdf(html, max_html_bytes=1000).startswith(b"%PDF-")


def test_html_one_byte_over_is_refused_before_it_is_parsed(never_parsed):
    html = html_of(1001)
    assert len(html) < 1000 < len(html.encode())  # counted in bytes, not characters
    with pytest.raises(RenderError, match="The HTML is larger than 1000 bytes"):
        render_pdf(html, max_html_bytes=1000)


def test_a_pdf_over_its_maximum_size_is_refused():
    html = "<p>A line of the report.</p>" * 400
    size = len(render_pdf(html))

    assert len(render_pdf(html, max_pdf_bytes=size)) == size
    with pytest.raises(RenderError, match=f"The PDF is larger than {size - 1} bytes"):
        render_pdf(html, max_pdf_bytes=size - 1)


def test_a_budget_of_nothing_is_spent_before_the_html_is_parsed(never_parsed):
    with pytest.raises(RenderError, match="The PDF took more than 0 seconds"):
        render_pdf("<p>Letter</p>", time_budget=0)


def test_a_budget_spent_while_the_html_is_parsed_stops_before_layout(monkeypatch):
    clock = Clock()
    real_html = core.pdf.HTML

    class SlowHTML(real_html):
        def __init__(self, *args, **kwargs):
            clock.now += 31
            super().__init__(*args, **kwargs)

        def render(self, *args, **kwargs):
            raise AssertionError("laid out")

    monkeypatch.setattr(core.pdf, "HTML", SlowHTML)
    with pytest.raises(RenderError, match=re.escape("The PDF took more than 30.0 seconds")):
        render_pdf("<p>Letter</p>", clock=clock)


def test_a_budget_spent_during_a_fetch_stops_the_rendering_at_the_next_fetch(static_reads):
    """WeasyPrint would log the budget's error at each later fetch and go on laying out."""
    clock = Clock()

    def an_hour_later():
        clock.now += 3600

    static_reads.then = an_hour_later
    with pytest.raises(RenderError, match=re.escape("The PDF took more than 30.0 seconds")):
        render_pdf(f"<html><head>{STYLESHEETS}</head><body><p>Letter</p></body></html>", clock=clock)
    assert static_reads.names == ["css/pdf.css"]


def test_a_budget_that_lasts_renders_every_stylesheet(static_reads):
    render_pdf(f"<html><head>{STYLESHEETS}</head><body><p>Letter</p></body></html>", clock=Clock())
    assert static_reads.names == ["css/pdf.css", "css/portal.css"]


def test_a_soft_time_limit_during_a_fetch_is_raised_not_swallowed(static_reads):
    def soft_time_limit():
        raise SoftTimeLimitExceeded

    static_reads.then = soft_time_limit
    with pytest.raises(SoftTimeLimitExceeded):
        render_pdf(f"<html><head>{STYLESHEETS}</head><body><p>Letter</p></body></html>")
    assert static_reads.names == ["css/pdf.css"]


def test_a_soft_time_limit_during_a_fetch_from_an_svg_image_is_raised_after_drawing(static_reads, settings):
    """WeasyPrint catches every exception, even its fatal fetch error, while it draws an SVG."""
    favicon = f"{settings.PORTAL_URL}{settings.STATIC_URL}img/favicon.svg"
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="{favicon}"/></svg>'
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    def soft_time_limit():
        raise SoftTimeLimitExceeded

    static_reads.then = soft_time_limit
    with pytest.raises(SoftTimeLimitExceeded):
        render_pdf(f'<p>Letter</p><img src="{source}">')
    assert static_reads.names == ["img/favicon.svg"]
