"""Render time of a three-page document through `core.pdf.render_pdf` (parse, layout, write,
and the metadata pass), in English and in Arabic, through the PDF base template.

    .venv/bin/python bench/pdf_render.py
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

import django
import pypdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerate.settings.test")

RUNS = 10
TEXTS = {
    "en": ("Narrative", "The project trains defenders in three regions to document violations safely. " * 6),
    "ar": ("السرد", "يدرّب المشروع المدافعين في ثلاث مناطق على توثيق الانتهاكات بأمان. " * 6),
}


def document(language: str, sections: int) -> str:
    from django.template import Context, Template
    from django.utils import translation

    heading, paragraph = TEXTS[language]
    body = "".join(
        f"<h2>{heading} {number}</h2><p>{paragraph}</p><p>{paragraph}</p>"
        f"<table><tr><th>{heading}</th><td><bdi>A-2026-{number:03}</bdi></td></tr></table>"
        for number in range(1, sections + 1)
    )
    page = Template('{% extends "core/pdf_base.html" %}{% block content %}' + body + "{% endblock %}")
    with translation.override(language):
        return page.render(Context())


def main() -> None:
    django.setup()
    from core.pdf import render_pdf

    print(f"render_pdf, median of {RUNS} runs")
    print(f"{'language':8} {'pages':>5} {'wall ms':>8} {'cpu ms':>8} {'bytes':>8}")
    for language in TEXTS:
        sections = next(n for n in range(1, 60) if pages(render_pdf(document(language, n))) == 3)
        html = document(language, sections)
        render_pdf(html)  # fonts and caches loaded once, as in a worker that has rendered before
        wall, cpu = [], []
        for _ in range(RUNS):
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            pdf = render_pdf(html)
            wall.append(time.perf_counter() - wall_start)
            cpu.append(time.process_time() - cpu_start)
        median_wall, median_cpu = statistics.median(wall) * 1000, statistics.median(cpu) * 1000
        print(f"{language:8} {pages(pdf):5} {median_wall:8.1f} {median_cpu:8.1f} {len(pdf):8,}")


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


if __name__ == "__main__":
    main()
