"""The Nu HTML checker (vnu.jar from the npm package `vnu-jar`, run with the machine's Java) as
a local HTTP service, started once per test session: a JVM start per page would cost seconds.

Documents are posted to it as the server sent them (not as the browser re-serialises them: the
parser silently drops what the checker must see, such as a duplicated attribute).
"""

import hashlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "install it with `npm ci --ignore-scripts` (or `make test`), and Java (Debian: default-jre-headless)"
# What the checker reports as a failure; "info" messages (its warnings among them) are advice.
FAILING_TYPES = {"error", "non-document-error"}


def unavailable_reason() -> str | None:
    if not shutil.which("java"):
        return f"Java is not installed, so the Nu HTML checker cannot run: {INSTALL_HINT}"
    if not VNU_JAR.is_file():
        return f"The Nu HTML checker is not installed ({VNU_JAR} is missing): {INSTALL_HINT}"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NuChecker:
    """`errors(html)` lists the checker's errors for one document, each as "line N: message"."""

    STARTUP_SECONDS = 90  # a cold JVM on two busy cores

    def __init__(self, process: subprocess.Popen, port: int, log):
        self._process, self._port, self._log = process, port, log
        self._ready = False
        self._seen: dict[str, list[str]] = {}

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._log.seek(0)
                raise RuntimeError("The Nu HTML checker stopped: " + self._log.read().decode()[-2000:])
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self._port}/", timeout=2):
                    self._ready = True
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        raise RuntimeError(f"The Nu HTML checker did not answer within {self.STARTUP_SECONDS} s")

    def errors(self, html: bytes) -> list[str]:
        digest = hashlib.sha256(html).hexdigest()
        if digest not in self._seen:
            self._seen[digest] = self._check(html)
        return self._seen[digest]

    def _check(self, html: bytes) -> list[str]:
        if not self._ready:
            self._wait_until_ready()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self._port}/?out=json",
            data=html,
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            f"line {message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()}]"
            for message in messages
            if message["type"] in FAILING_TYPES
        ]


@contextmanager
def running_nu_checker() -> Iterator[NuChecker]:
    """The checker's service on a free loopback port, for as long as the block lasts. It starts
    in the background: the first check waits for it."""
    port = _free_port()
    # Its log goes to a file: a pipe nobody reads would fill and stall the checker.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [
                shutil.which("java"),
                "-Xss4m",  # the schema's deep recursion overflows the default stack
                "-Xmx1g",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield NuChecker(process, port, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
