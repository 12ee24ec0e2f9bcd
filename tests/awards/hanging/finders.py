import os
import time

from django.contrib.staticfiles.finders import BaseFinder


class HangingFinder(BaseFinder):
    """Never answers for a file under `hang/`; knows no other. With HANGING_FINDER=stubborn it
    also swallows the soft time limit, as code that ignores signals would: only the hard limit
    ends it."""

    def find(self, path, find_all=False, **kwargs):
        if path.startswith("hang/"):
            while True:
                try:
                    time.sleep(3600)
                except Exception:
                    if os.environ.get("HANGING_FINDER") != "stubborn":
                        raise
        return [] if find_all else None

    def list(self, ignore_patterns):
        return []
