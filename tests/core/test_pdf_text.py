"""The portal's print stylesheet and base template: A4, DejaVu Sans, numbered pages, Arabic
right to left, and references that keep their order inside Arabic text."""

import io

import pypdf
import pytest
from django.template import Context, Template
from django.utils import translation

from core.pdf import render_pdf

from .pdf_probes import font_names, text

STYLESHEET = '<link rel="stylesheet" href="/static/css/pdf.css">'
# Words without a lam-alef ligature, which text extraction reads back as other characters.
GRANT, PROJECT, RIGHTS, HERE = "منحة", "مشروع", "حقوق", "هنا"
SENTENCE = f"{GRANT} ل{PROJECT} {RIGHTS} رقم {{}} {HERE}"
MARGIN = 18 / 25.4 * 96  # pdf.css's left and right page margins, in CSS pixels


def arabic(body: str) -> bytes:
    return render_pdf(f'<html lang="ar" dir="rtl"><head>{STYLESHEET}</head><body>{body}</body></html>')


def first_text_x(pdf: bytes) -> float:
    """Where the first text drawn on the first page begins, from its left edge, in CSS pixels."""
    starts = []

    def visit(part, cm, tm, font, size):
        if part.strip():
            starts.append(tm[4])

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return starts[0]


def test_an_arabic_paragraph_is_drawn_in_dejavu_sans_and_reads_back_in_order():
    pdf = arabic(f"<p>{SENTENCE.format('<bdi>A-2026-017</bdi>')}</p>")

    content = text(pdf)
    assert font_names(pdf) == {"DejaVu-Sans"}
    for word in (GRANT, PROJECT, RIGHTS, HERE, "A-2026-017"):
        assert word in content
    assert content.index(GRANT) < content.index(RIGHTS) < content.index("A-2026-017") < content.index(HERE)


@pytest.mark.parametrize(
    ("reference", "read", "not_read"),
    [("<bdi>2026-017</bdi>", "2026-017", "017-2026"), ("2026-017", "017-2026", "2026-017")],
)
def test_a_number_in_arabic_text_keeps_its_order_only_inside_a_bdi(reference, read, not_read):
    content = text(arabic(f"<p>{SENTENCE.format(reference)}</p>"))
    assert read in content
    assert not_read not in content


def test_an_rtl_document_starts_its_lines_on_the_right():
    ltr = render_pdf(f'<html lang="ar" dir="ltr"><head>{STYLESHEET}</head><body><p>{RIGHTS}</p></body></html>')
    rtl = arabic(f"<p>{RIGHTS}</p>")

    assert first_text_x(ltr) == pytest.approx(MARGIN)
    assert first_text_x(rtl) > 793.7 / 2  # A4 is 793.7 CSS pixels wide


def test_every_page_is_a4_and_carries_its_number_out_of_the_total():
    sections = "<section><p>Narrative.</p></section>" * 3
    style = "<style>section + section { break-before: page }</style>"
    pdf = render_pdf(f"<html><head>{STYLESHEET}{style}</head><body>{sections}</body></html>")

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert [(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in pages] == [
        (595.3, 841.9)
    ] * 3
    assert [page.extract_text().split("\n")[-1] for page in pages] == ["1 / 3", "2 / 3", "3 / 3"]


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_base_template_gives_the_language_direction_and_stylesheet(language, direction):
    page = Template('{% extends "core/pdf_base.html" %}{% block content %}<p>حقوق</p>{% endblock %}')
    with translation.override(language):
        html = page.render(Context())

    assert f'<html lang="{language}" dir="{direction}">' in html
    pdf = render_pdf(html)
    assert font_names(pdf) == {"DejaVu-Sans"}
    assert text(pdf).split() == [RIGHTS, "1", "/", "1"]
    assert (first_text_x(pdf) > 793.7 / 2) == (direction == "rtl")
