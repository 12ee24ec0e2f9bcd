"""What the rules refuse, as a value a view can show.

Services raise `Refused` (or a subclass) with a message for the user and, when it belongs to one
form field, that field's name. `attempt` runs a service call and puts a refusal next to the
field of a form, or among a request's messages, so views need no try/except of their own. A
programming mistake (an unknown field name, say) is a `TypeError`, never a message for users."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest


class Refused(Exception):
    """What the rules refuse: `message` is for the user, `field` the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field

    @property
    def messages(self) -> list[str]:
        """One sentence each, as shown to the user (a subclass may give several reasons)."""
        return [self.message]


@dataclass(frozen=True)
class Outcome:
    """The result of `attempt`: truthy when the service did what it was asked."""

    done: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.done


def show_refusal(refusal: Refused, on: forms.BaseForm | HttpRequest) -> None:
    """Beside the field it names when `on` is a form that has it (else above the form), or as
    error messages on the next page when `on` is a request."""
    if isinstance(on, forms.BaseForm):
        field = refusal.field if refusal.field in on.fields else None
        for message in refusal.messages:
            on.add_error(field, message)
    else:
        for message in refusal.messages:
            messages.error(on, message)


def attempt(on: forms.BaseForm | HttpRequest, service: Callable, *args, **kwargs) -> Outcome:
    """Call `service(*args, **kwargs)`; a `Refused` is shown on `on` (see `show_refusal`)."""
    try:
        value = service(*args, **kwargs)
    except Refused as refusal:
        show_refusal(refusal, on)
        return Outcome(False)
    return Outcome(True, value)
