"""A minimal WebDriver BiDi client: commands and events over one websocket, synchronously.

Firefox ESR speaks WebDriver BiDi natively; geckodriver (what Selenium needs for Firefox) is not
packaged by Debian, and Playwright needs its own patched Firefox. Selenium's generated BiDi
classes need a classic WebDriver session first, so the few commands the tests use are sent
here as plain JSON over `websocket-client` (already installed with Selenium).

One thread, no background reader: a command is sent, then messages are read until its answer
arrives; events read on the way are handed to the listener. Events that arrive while no
command is waiting are read at the next command, which is enough for collecting console errors.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

Event = dict[str, Any]


class Socket(Protocol):
    """What the client needs of a websocket (websocket.WebSocket satisfies it; tests fake it)."""

    def send(self, payload: str) -> Any: ...
    def recv(self) -> str | bytes: ...
    def settimeout(self, timeout: float | None) -> None: ...
    def close(self) -> None: ...


class BiDiError(RuntimeError):
    """An error answer from the browser, with the command that caused it."""

    def __init__(self, method: str, error: str, message: str) -> None:
        super().__init__(f"{method}: {error}: {message}")
        self.method, self.error = method, error


@dataclass
class BiDiClient:
    socket: Socket
    on_event: Callable[[Event], None] = lambda event: None
    timeout: float = 60.0
    # What the socket raises when recv() times out (websocket-client has its own class).
    timeout_errors: tuple[type[BaseException], ...] = (TimeoutError,)
    _next_id: int = field(default=0, init=False)

    @classmethod
    def connect(cls, url: str, on_event: Callable[[Event], None] = lambda event: None) -> BiDiClient:
        import websocket  # websocket-client

        return cls(websocket.create_connection(url, timeout=60, suppress_origin=True), on_event,
                   timeout_errors=(TimeoutError, websocket.WebSocketTimeoutException))

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command and return its result (raises BiDiError on an error answer)."""
        self._next_id += 1
        command_id = self._next_id
        self.socket.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{method}: no answer within {self.timeout:.0f} s")
            self.socket.settimeout(remaining)
            try:
                message = json.loads(self.socket.recv())
            except self.timeout_errors as error:
                raise TimeoutError(f"{method}: no answer within {self.timeout:.0f} s") from error
            if message.get("id") == command_id:
                if message.get("type") == "error":
                    raise BiDiError(method, message.get("error", "error"), message.get("message", ""))
                result: dict[str, Any] = message.get("result", {})
                return result
            if message.get("type") == "event":
                self.on_event(message)

    def close(self) -> None:
        self.socket.close()
