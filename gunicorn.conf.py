"""gunicorn for the portal: `gunicorn -c gunicorn.conf.py accelerate.wsgi`.

It runs behind a buffering reverse proxy that terminates TLS: the proxy reads slow uploads and
feeds slow readers, so plain sync workers are never held by a slow link.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's rule for sync workers, from the cores this process may use (a container's share,
# not the host's). WEB_CONCURRENCY, gunicorn's usual variable, overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)

# A worker is replaced after about a thousand requests, so a slow leak never grows; the jitter
# keeps the workers from all restarting at the same moment.
max_requests = 1000
max_requests_jitter = 200

# A request still running after this long is stuck (exports and PDFs are Celery's work), and
# its worker is replaced.
timeout = 30
graceful_timeout = 30

# What was asked and how it went, never who asked: no address, no query string (a search, a
# page number), no referrer, user agent or other header.
accesslog = "-"
access_log_format = "%(t)s %(m)s %(U)s %(s)s %(b)s %(M)sms"
errorlog = "-"
