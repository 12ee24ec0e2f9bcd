"""Threads started while another installs its trace hook still start (tests/threads.py)."""

import sys
import threading

import pytest

from tests.threads import ATTEMPTS, _RetryingSettrace


def refusing(times: int, calls: list):
    def settrace(function):
        calls.append(function)
        if len(calls) <= times:
            raise RuntimeError("Cannot install a trace function while another trace function is being installed")

    return settrace


def test_a_refused_hook_is_installed_again_until_it_takes(monkeypatch):
    calls = []
    monkeypatch.setattr(sys, "settrace", refusing(2, calls))
    _RetryingSettrace.settrace(print)
    assert calls == [print, print, print]


def test_a_hook_refused_every_time_still_fails_loudly(monkeypatch):
    calls = []
    monkeypatch.setattr(sys, "settrace", refusing(ATTEMPTS, calls))
    with pytest.raises(RuntimeError):
        _RetryingSettrace.settrace(print)
    assert len(calls) == ATTEMPTS


def test_the_threading_module_starts_its_threads_through_it():
    assert isinstance(threading._sys, _RetryingSettrace)
    assert threading._sys.stderr is sys.stderr
