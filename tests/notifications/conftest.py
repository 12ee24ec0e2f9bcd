"""Real services for the delivery tests: an SMTP sink, a Redis server of the tests' own (never
the machine's shared one) and Celery workers as subprocesses, which can be killed."""

import asyncio
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from accelerate.celery import app as celery_app
from notifications import services as notification_services

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 20.0, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


class Sink:
    """An SMTP server that keeps what it accepts. It can hold a conversation open at the
    DATA step, before or after keeping the message, so a test can kill the sender there."""

    def __init__(self):
        self.received: list[email.message.Message] = []
        self.hold: str | None = None  # None, "before_accept" or "after_accept"
        self.held = threading.Event()
        self._release = None
        self._loop = None
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        self._loop = asyncio.get_running_loop()
        hold, self.hold = self.hold, None
        if hold == "after_accept":
            self.received.append(email.message_from_bytes(envelope.content))
        if hold:
            self._release = asyncio.Event()
            self.held.set()
            await self._release.wait()
            if hold == "before_accept":
                return "451 Not accepted"
            return "250 OK"
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def release(self):
        if self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)

    @property
    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.received]


@pytest.fixture
def smtp_sink():
    sink = Sink()
    sink.controller.start()
    yield sink
    sink.release()
    sink.controller.stop()


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self._answers, message="redis-server to start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_server, settings):
    """This process publishes to the tests' Redis instead of running tasks in-process."""
    settings.CELERY_BROKER_URL = redis_server.url
    previous = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=redis_server.url, task_always_eager=False)
    _forget_connections()
    yield redis_server
    celery_app.conf.update(previous)
    _forget_connections()


def _forget_connections():
    """Celery keeps its producer connections in pools; a new broker URL needs new ones. And a
    broker that was down in an earlier test is not resting in this one."""
    notification_services._broker_resting_until = 0.0
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Worker:
    """`celery worker --pool=solo` in a subprocess, seeing the test database."""

    def __init__(self, broker_url: str, smtp_port: int, lease_seconds: int):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "accelerate.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "NOTIFICATIONS_LEASE_SECONDS": str(lease_seconds),
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "accelerate",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(postgres, broker, smtp_sink):
    workers = []

    def start(lease_seconds: int = 60) -> Worker:
        worker = Worker(broker.url, smtp_sink.controller.port, lease_seconds).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
