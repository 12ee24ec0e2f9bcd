"""Where the acting request came from, for the audit log.

A middleware sets it once per request, so services take `by=` and never an `HttpRequest`;
tasks and commands run outside any request and record no address."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.crypto import salted_hmac

_acting_ip_hash: ContextVar[str] = ContextVar("audit_acting_ip_hash", default="")


def ip_hash(ip: str) -> str:
    """A keyed hash: the same address gives the same hash, but the address can't be read back
    from a leaked dump without the key."""
    return salted_hmac("audit.ip", ip, algorithm="sha256").hexdigest()[:32]


@contextmanager
def acting_from(ip: str) -> Iterator[None]:
    """Everything recorded inside comes from `ip` (kept only for privileged actors, hashed)."""
    token = _acting_ip_hash.set(ip_hash(ip) if ip else "")
    try:
        yield
    finally:
        _acting_ip_hash.reset(token)


def acting_ip_hash() -> str:
    return _acting_ip_hash.get()
