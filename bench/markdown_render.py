"""Render times of the hostile Markdown texts (tests/core/hostile_markdown.py, about 100 KB
each) through `core.markdown.render_markdown`, and of the parser alone on growing lengths of
the slowest ones, to show that its time grows in proportion to the text.

    .venv/bin/python bench/markdown_render.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerate.settings.test")

RUNS = 5
LENGTHS = (12_500, 25_000, 50_000, 100_000)


def timed(function, text: str) -> tuple[float, float]:
    """Median wall-clock and processor milliseconds over RUNS calls."""
    wall, cpu = [], []
    for _ in range(RUNS):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        function(text)
        wall.append(time.perf_counter() - wall_start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main() -> None:
    django.setup()
    from core import markdown
    from tests.core.hostile_markdown import HOSTILE_INPUTS

    print(f"render_markdown (cut at {markdown.MAX_LENGTH:,} characters), median of {RUNS} runs")
    print(f"{'input':36} {'chars':>8} {'wall ms':>8} {'cpu ms':>8} {'html':>8}")
    for name, text in HOSTILE_INPUTS.items():
        wall, cpu = timed(markdown.render_markdown, text)
        html = len(markdown.render_markdown(text))
        print(f"{name:36} {len(text):8,} {wall:8.1f} {cpu:8.1f} {html:8,}")

    print("\nThe parser alone, uncut: processor ms by length")
    print(f"{'input':36} " + " ".join(f"{length:>8,}" for length in LENGTHS))
    parse = markdown._parser.parse
    for name in ("open brackets", "image openers", "open brackets on lines", "nested emphasis"):
        text = HOSTILE_INPUTS[name]
        row = []
        for length in LENGTHS:
            try:
                row.append(f"{timed(parse, text[:length])[1]:8.1f}")
            except markdown._TooLarge:
                row.append(f"{'(plain)':>8}")
        print(f"{name:36} " + " ".join(row))


if __name__ == "__main__":
    main()
