"""Time to draw the submitted copy of an application as a PDF (grants.views.copy: the HTML from
the submitted form and answers, then core.pdf.render_pdf), for a copy of three pages, in English
and in Arabic. Median and slowest of RUNS renders each, after one warm-up render.

    .venv/bin/python bench/submitted_copy_pdf.py

Uses a throw-away test database (SQLite in memory unless DATABASE_URL says otherwise)."""

import io
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerate.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

RUNS = 10
# Long answers: about three A4 pages with the questions.
STORY_EN = " ".join(["Two of us were followed home after the hearing, and we moved the archive twice."] * 75)
STORY_AR = " ".join(["تعرض اثنان منا للملاحقة بعد الجلسة ونقلنا الأرشيف مرتين إلى مكان آمن."] * 75)


def main() -> None:
    django.setup()
    from django.test.runner import DiscoverRunner
    from pypdf import PdfReader

    runner = DiscoverRunner(verbosity=0)
    databases = runner.setup_databases()
    try:
        from core.pdf import render_pdf
        from grants.views.copy import copy_html
        from tests.grants.submitted import ANSWERS_AR, ANSWERS_EN, submitted_application

        print(f"submitted copy to PDF, {RUNS} renders after a warm-up")
        print(f"{'language':10} {'pages':>5} {'median ms':>10} {'slowest ms':>11} {'KiB':>6}")
        for language, answers in (("en", {**ANSWERS_EN, "story": STORY_EN}), ("ar", {**ANSWERS_AR, "story": STORY_AR})):
            application = submitted_application(language=language, answers=answers)
            pdf = render_pdf(copy_html(application))
            times = []
            for _run in range(RUNS):
                start = time.perf_counter()
                pdf = render_pdf(copy_html(application))
                times.append((time.perf_counter() - start) * 1000)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            median, slowest = statistics.median(times), max(times)
            print(f"{language:10} {pages:>5} {median:>10.0f} {slowest:>11.0f} {len(pdf) / 1024:>6.0f}")
    finally:
        runner.teardown_databases(databases)


if __name__ == "__main__":
    main()
