"""The answer of a permission rule: allowed or not, and why not.

Each app's `permissions.py` holds small functions returning a `Verdict`. Views ask them (and
answer 404 for what the user may not know exists), templates get them in the context so a
button is hidden by the very rule that refuses its POST, and services assert them."""

from dataclasses import dataclass

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
