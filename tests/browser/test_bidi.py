"""The small WebDriver BiDi client (bidi.py) against a scripted socket: no browser needed."""
from __future__ import annotations

import json

import pytest
from bidi import BiDiClient, BiDiError


class ScriptedSocket:
    """Answers each sent command with the messages a test scripted for it (ids filled in)."""

    def __init__(self, *replies: list[dict]) -> None:
        self.replies = list(replies)
        self.sent: list[dict] = []
        self.inbox: list[str] = []
        self.timeouts: list[float | None] = []

    def send(self, payload: str) -> None:
        command = json.loads(payload)
        self.sent.append(command)
        for message in self.replies.pop(0):
            self.inbox.append(json.dumps({**message, "id": command["id"]} if message.get("type") != "event"
                                         else message))

    def recv(self) -> str:
        if not self.inbox:
            raise TimeoutError("timed out")
        return self.inbox.pop(0)

    def settimeout(self, timeout: float | None) -> None:
        self.timeouts.append(timeout)

    def close(self) -> None:
        pass


def test_a_command_returns_its_result_and_events_on_the_way_reach_the_listener():
    event = {"type": "event", "method": "log.entryAdded", "params": {"level": "error", "text": "boom"}}
    socket = ScriptedSocket([event, {"type": "success", "result": {"context": "ctx-1"}}],
                            [{"type": "success", "result": {}}])
    seen: list[dict] = []
    client = BiDiClient(socket, seen.append)
    assert client.send("browsingContext.create", {"type": "tab"}) == {"context": "ctx-1"}
    assert seen == [event]
    client.send("session.end")
    assert [c["method"] for c in socket.sent] == ["browsingContext.create", "session.end"]
    assert [c["id"] for c in socket.sent] == [1, 2], "each command has its own id"
    assert socket.sent[0]["params"] == {"type": "tab"} and socket.sent[1]["params"] == {}


def test_an_answer_to_another_command_is_not_taken_for_this_one():
    socket = ScriptedSocket([{"type": "success", "result": {"late": True}, "id": 99}])
    socket.replies = [[]]
    socket.inbox.append(json.dumps({"type": "success", "id": 99, "result": {"late": True}}))
    client = BiDiClient(socket, timeout=1)
    with pytest.raises(TimeoutError, match=r"script\.evaluate: no answer"):
        client.send("script.evaluate")


def test_an_error_answer_names_the_command_and_the_error():
    socket = ScriptedSocket([{"type": "error", "error": "no such frame", "message": "context gone"}])
    with pytest.raises(BiDiError, match=r"browsingContext\.navigate: no such frame: context gone") as raised:
        BiDiClient(socket).send("browsingContext.navigate", {"context": "x", "url": "about:blank"})
    assert raised.value.error == "no such frame"


def test_a_silent_browser_is_a_timeout_that_names_the_command():
    socket = ScriptedSocket([])
    with pytest.raises(TimeoutError, match=r"session\.new: no answer within 5 s"):
        BiDiClient(socket, timeout=5).send("session.new")
    assert 0 < socket.timeouts[0] <= 5
