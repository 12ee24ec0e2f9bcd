"""Production settings, with one bare view beside the portal's pages, for bench/pages.py."""

from accelerate.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
