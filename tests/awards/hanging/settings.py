"""The test settings, with a letter template that hangs while it is drawn: its image is a static
file whose lookup never returns (HangingFinder), as a fetch that blocks would, inside WeasyPrint.
For a worker subprocess only (tests/awards/test_letter_worker.py)."""

from pathlib import Path

from accelerate.settings.test import *  # noqa: F403
from accelerate.settings.test import TEMPLATES

STATICFILES_FINDERS = [
    "tests.awards.hanging.finders.HangingFinder",
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
TEMPLATES = [{**TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates", *TEMPLATES[0]["DIRS"]]}]
