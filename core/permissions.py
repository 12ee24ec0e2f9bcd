"""The answer of a permission rule: allowed or not, and why not.

Each app's `permissions.py` holds small functions returning a `Verdict`. Views ask them (and
answer 404 for what the user may not know exists), templates get them in the context so a
button is hidden by the very rule that refuses its POST, and services assert them."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.http import Http404

from .errors import Refused


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """For services: a refusal becomes `Refused(reason)`."""
        if not self.allowed:
            raise Refused(self.reason)

    def or_404(self) -> None:
        """For views, when a refused user must not learn that the thing exists."""
        if not self.allowed:
            raise Http404


ALLOWED = Verdict(True)


def refuse(reason: str) -> Verdict:
    return Verdict(False, reason)


def requires(rule: Callable[..., Verdict]):
    """A view decorator: a 404 unless `rule(request.user)` allows, before anything else the view
    (or an inner decorator, such as a password asked again) does, so a refused user does not
    learn that the page exists."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            rule(request.user).or_404()
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
