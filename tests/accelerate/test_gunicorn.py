"""gunicorn.conf.py, read by gunicorn's own Config and written by its own logger."""

import logging
import os
import re
import runpy
from datetime import timedelta
from pathlib import Path
from types import ModuleType, SimpleNamespace

from django.conf import settings
from gunicorn.config import Config
from gunicorn.glogging import Logger

CONFIG_FILE = Path(settings.BASE_DIR) / "gunicorn.conf.py"
# What may be logged of a request: time, method, path without its query, status, size, duration.
ALLOWED_ATOMS = {"t", "m", "U", "s", "b", "B", "M", "D", "L", "T"}


def gunicorn_config() -> Config:
    """The file's settings, each set through gunicorn's validators; a name gunicorn does not know
    (a typo it would silently ignore) fails here."""
    values = {
        name: value
        for name, value in runpy.run_path(str(CONFIG_FILE)).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    config = Config()
    unknown = set(values) - set(config.settings)
    assert unknown == set(), f"not gunicorn settings: {unknown}"
    for name, value in values.items():
        config.set(name, value)
    return config


def test_workers_follow_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert gunicorn_config().workers == 2 * len(os.sched_getaffinity(0)) + 1


def test_web_concurrency_overrides_the_worker_count(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert gunicorn_config().workers == 3


def test_workers_are_recycled_with_jitter_and_stuck_requests_time_out():
    config = gunicorn_config()
    assert config.max_requests == 1000
    assert 0 < config.max_requests_jitter < config.max_requests
    assert config.timeout == 30
    assert config.worker_class_str == "sync"


def test_the_access_log_format_names_no_address_query_or_header():
    atoms = set(re.findall(r"%\(([^)]+)\)s", gunicorn_config().access_log_format))
    assert atoms <= ALLOWED_ATOMS
    assert {"m", "U", "s"} <= atoms


def test_a_logged_request_keeps_no_address_query_string_or_header(tmp_path):
    config = gunicorn_config()
    config.set("accesslog", str(tmp_path / "access.log"))
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/calls/?q=safe+houses",
        "PATH_INFO": "/calls/",
        "QUERY_STRING": "q=safe+houses",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://referrer.example/",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.7"), ("COOKIE", "sessionid=s3cr3t")])
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[("Set-Cookie", "csrftoken=t0k3n")])
    try:
        logger.access(response, request, environ, timedelta(milliseconds=42))
    finally:
        for handler in logging.getLogger("gunicorn.access").handlers:
            handler.close()

    line = (tmp_path / "access.log").read_text().strip()
    assert line.endswith("] GET /calls/ 200 5120 42ms")
    for secret in ("203.0.113", "198.51.100", "safe", "referrer", "Firefox", "s3cr3t", "t0k3n"):
        assert secret not in line
