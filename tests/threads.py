"""New threads that survive coverage's thread hook.

Under coverage, every new thread calls `sys.settrace` as it starts (threading's `_trace_hook`),
and CPython 3.11 refuses that call with "Cannot install a trace function while another trace
function is being installed" when two threads start at once. The thread then dies before it
runs: for the live server's thread per request, a request accepted and never answered, and a
browser test that times out on a page that was never slow. Threads here install the hook again
until it takes, a few times at most."""

import sys
import threading
import time

ATTEMPTS = 20


class _RetryingSettrace:
    """Stands in for `sys` inside the threading module, whose threads call only `settrace` and
    `setprofile` through it; everything else is the real module's."""

    def __getattr__(self, name):
        return getattr(sys, name)

    @staticmethod
    def settrace(function) -> None:
        for attempt in range(ATTEMPTS):
            try:
                sys.settrace(function)
                return
            except RuntimeError:
                if attempt == ATTEMPTS - 1:
                    raise
                time.sleep(0.001 * (attempt + 1))


def survive_coverage_hook() -> None:
    threading._sys = _RetryingSettrace()
