"""Suite-wide set-up: Ctrl-C restored to Python's default when the suite starts with
SIGINT ignored (a background job of a non-interactive shell starts so, and every
`analyze` process a test runs would inherit it), so the tests of interrupts test them."""
from __future__ import annotations

import signal

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
