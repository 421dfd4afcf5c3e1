"""Debian's Firefox ESR for browser tests, driven through its built-in Marionette
protocol (a JSON-over-TCP remote control that ships with every Firefox): Playwright's
own Firefox build cannot be downloaded here, and geckodriver is not packaged, so this
small client speaks the protocol directly (newSession, navigate, executeScript,
findElement, sendKeys, performActions).

The protocol: the server greets with `LEN:{json}`; each command is sent as
`LEN:[0, id, "Name", {params}]` and answered `LEN:[1, id, error, result]`.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NAMES = ("firefox-esr", "firefox")


def ensure_firefox() -> tuple[str | None, str]:
    """(executable, "") or (None, why it cannot be had); installs Debian's firefox-esr
    when the tests run as root with apt-get."""
    from tests.system_packages import ensure
    return ensure(NAMES, "firefox-esr")


class MarionetteError(RuntimeError):
    """An error answered by Firefox (its error name and message)."""


class Marionette:
    """One Marionette connection (one browser session)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buffer = b""
        self.next_id = 0
        self._read()                       # the greeting

    def _read(self) -> Any:
        while b":" not in self.buffer:
            self.buffer += self._recv()
        head, _, rest = self.buffer.partition(b":")
        size = int(head)
        while len(rest) < size:
            rest += self._recv()
        self.buffer = rest[size:]
        return json.loads(rest[:size])

    def _recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise MarionetteError("Firefox closed the connection")
        return chunk

    def command(self, name: str, params: dict | None = None) -> Any:
        """Send one command and return its result (MarionetteError on an error)."""
        self.next_id += 1
        data = json.dumps([0, self.next_id, name, params or {}]).encode("utf-8")
        self.sock.sendall(str(len(data)).encode() + b":" + data)
        while True:
            kind, msg_id, error, result = self._read()
            if kind == 1 and msg_id == self.next_id:
                break
        if error:
            raise MarionetteError(f"{error.get('error')}: {error.get('message')}")
        return result

    def script(self, body: str, *args: Any) -> Any:
        """Run `body` (a function body; `arguments` holds args) in the page."""
        out = self.command("WebDriver:ExecuteScript", {"script": body, "args": list(args)})
        return out.get("value") if isinstance(out, dict) else out

    def goto(self, url: str) -> None:
        self.command("WebDriver:Navigate", {"url": url})

    def press_keys(self, css: str, keys: str) -> None:
        """Real key events on an element (focus, then keyDown/keyUp per key)."""
        found = self.command("WebDriver:FindElement", {"using": "css selector", "value": css})
        element = found["value"]
        self.command("WebDriver:ElementClick", {"id": next(iter(element.values()))})
        actions = []
        for k in keys:
            actions += [{"type": "keyDown", "value": k}, {"type": "keyUp", "value": k}]
        self.command("WebDriver:PerformActions",
                     {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})
        self.command("WebDriver:ReleaseActions")

    def screenshot(self, path: Path) -> None:
        import base64
        out = self.command("WebDriver:TakeScreenshot", {"full": True})
        path.write_bytes(base64.b64decode(out["value"] if isinstance(out, dict) else out))


@contextlib.contextmanager
def firefox(executable: str) -> Iterator[Marionette]:
    """A headless Firefox with a fresh profile, Marionette on a free port (the port
    Firefox writes into the profile), closed afterwards."""
    profile = Path(tempfile.mkdtemp(prefix="analyze-firefox-"))
    (profile / "user.js").write_text('user_pref("marionette.port", 0);\n'
                                     'user_pref("browser.shell.checkDefaultBrowser", false);\n',
                                     encoding="utf-8")
    proc = subprocess.Popen([executable, "--headless", "--marionette", "--no-remote",
                             "-profile", str(profile), "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "MOZ_HEADLESS": "1"})
    try:
        port_file = profile / "MarionetteActivePort"
        deadline = time.monotonic() + 90
        while not port_file.exists() or not port_file.read_text().strip():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise MarionetteError("Firefox did not start Marionette")
            time.sleep(0.2)
        client = Marionette(int(port_file.read_text().strip()))
        client.command("WebDriver:NewSession", {"capabilities": {}})
        yield client
        with contextlib.suppress(MarionetteError, OSError):
            client.command("Marionette:Quit")
    finally:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
