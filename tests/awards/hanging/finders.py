import time

from django.contrib.staticfiles.finders import BaseFinder


class HangingFinder(BaseFinder):
    """Never answers for a file under `hang/`; knows no other."""

    def find(self, path, find_all=False, **kwargs):
        if path.startswith("hang/"):
            time.sleep(3600)
        return [] if find_all else None

    def list(self, ignore_patterns):
        return []
