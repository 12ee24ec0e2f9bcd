"""A refusal from a service reaches the user next to the field it names, or as a message."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.session import SessionStorage
from django.http import Http404
from django.test import RequestFactory

from core.errors import Refused, attempt
from core.permissions import ALLOWED, refuse


class NameForm(forms.Form):
    name = forms.CharField()


def refusing(message, **kwargs):
    def service(*args, **service_kwargs):
        raise Refused(message, **kwargs)

    return service


class SeveralReasons(Refused):
    def __init__(self, problems):
        super().__init__(" ".join(problems))
        self.problems = problems

    @property
    def messages(self):
        return self.problems


def bound_form():
    form = NameForm({"name": "Safe houses"})
    assert form.is_valid()
    return form


def request_with_messages(db):
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = SessionStorage(request)
    return request


def test_a_service_that_succeeds_gives_its_value():
    outcome = attempt(bound_form(), lambda a, *, b: a + b, 2, b=3)
    assert (bool(outcome), outcome.value) == (True, 5)


def test_a_refusal_naming_a_field_is_shown_next_to_it_and_the_typed_value_stays():
    form = bound_form()
    outcome = attempt(form, refusing("This name is taken.", field="name"))
    assert not outcome
    assert form.errors == {"name": ["This name is taken."]}
    assert form["name"].value() == "Safe houses"


def test_a_refusal_naming_no_field_or_an_unknown_one_is_shown_above_the_form():
    form = bound_form()
    attempt(form, refusing("Not now."))
    attempt(form, refusing("Not here.", field="no_such_field"))
    assert form.non_field_errors() == ["Not now.", "Not here."]


def test_a_refusal_with_several_reasons_shows_each_as_a_message(db):
    request = request_with_messages(db)

    def publish():
        raise SeveralReasons(["No title.", "No question."])

    outcome = attempt(request, publish)
    assert not outcome
    assert [str(message) for message in get_messages(request)] == ["No title.", "No question."]


def test_a_programming_mistake_is_not_turned_into_a_message():
    def mistaken():
        raise TypeError("unknown field")

    with pytest.raises(TypeError):
        attempt(bound_form(), mistaken)


def test_a_verdict_is_truthy_only_when_allowed_and_carries_its_reason():
    verdict = refuse("Only admins choose who runs a call.")
    assert (bool(ALLOWED), bool(verdict), verdict.reason) == (True, False, "Only admins choose who runs a call.")
    with pytest.raises(Refused, match="Only admins"):
        verdict.enforce()
    with pytest.raises(Http404):
        verdict.or_404()
    ALLOWED.enforce()
    ALLOWED.or_404()
