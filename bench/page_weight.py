"""First-visit transfer of a page, compressed, with every sub-resource it loads.

Static files are collected as in production (hashed names, precompressed by WhiteNoise) and
requested with `Accept-Encoding: br, gzip`; the HTML is gzip-compressed as the reverse proxy
would. Prints one line per resource and the total in KB.

    .venv/bin/python bench/page_weight.py [/accounts/login/ ...]
"""

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerate.settings.test")
STATIC_ROOT = tempfile.mkdtemp(prefix="accelerate-static-")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

SUB_RESOURCE = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="(/[^"]+)"')


def main(paths: list[str]) -> None:
    settings.STATIC_ROOT = STATIC_ROOT
    settings.STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    call_command("collectstatic", interactive=False, verbosity=0)
    setup_test_environment()
    from django.test.utils import get_runner

    runner = get_runner(settings)(verbosity=0)
    old_config = runner.setup_databases()
    try:
        client = Client(HTTP_ACCEPT_ENCODING="br, gzip")
        for path in paths:
            response = client.get(path)
            html = response.content
            rows = [(path + " (HTML, gzip)", len(gzip.compress(html, 6)), len(html))]
            for url in dict.fromkeys(SUB_RESOURCE.findall(html.decode())):
                sub = client.get(url)
                body = b"".join(sub.streaming_content) if sub.streaming else sub.content
                encoding = sub.headers.get("Content-Encoding", "identity")
                rows.append((f"{url} ({encoding})", len(body), None))
            total = sum(size for _, size, _ in rows)
            for name, size, raw in rows:
                extra = f"  (uncompressed {raw / 1024:.1f} KB)" if raw else ""
                print(f"{size / 1024:8.1f} KB  {name}{extra}")
            print(f"{total / 1024:8.1f} KB  total first-visit transfer of {path}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main(sys.argv[1:] or ["/accounts/login/"])
