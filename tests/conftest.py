"""Suite-wide set-up: Ctrl-C restored to Python's default when the suite starts with
SIGINT ignored (a background job of a non-interactive shell starts so, and every
`analyze` process a test runs would inherit it), so the tests of interrupts test them;
and the slow tests ordered first."""
from __future__ import annotations

import signal

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items: list) -> None:
    """Tests marked slow run first (in their collected order, then the rest): spread over
    the workers while most of the suite is still queued, the longest ones do not end
    the run with one core working and the other idle."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
