"""Turning an environment's stdout/stderr pipe into log events.

Lambda splits a runtime's output on ``\\n`` into CloudWatch events. Within a line, ``\\r``
separates the lines of one multi-line event (awslambdaric joins an error's lines with it;
AWS's Node runtime writes console output the same way); we turn it back into ``\\n`` so the
event reads as Lambda shows it. A line left without its newline is emitted when the
invocation ends.
"""

from __future__ import annotations

import time

from cloudlet.runtime import contract

Event = tuple[int, str]


def now_ms() -> int:
    return int(time.time() * 1000)


MAX_EVENT_BYTES = 256 * 1024  # Lambda's limit of one log event; the rest of a line is dropped


class LineSplitter:
    """Incremental splitter of pipe bytes into (timestamp ms, message) events; a line is
    cut at ``MAX_EVENT_BYTES`` (what it holds is bounded by that too)."""

    def __init__(self) -> None:
        self._partial = b""
        self._skipping = False  # dropping the rest of a line cut at MAX_EVENT_BYTES

    def feed(self, data: bytes) -> list[Event]:
        if self._skipping:
            cut = data.find(b"\n")
            if cut < 0:
                return []
            data = data[cut:]  # the newline ends the cut line
            self._skipping = False
        data = self._partial + data
        *lines, self._partial = data.split(b"\n")
        if len(self._partial) > MAX_EVENT_BYTES:
            self._partial = self._partial[:MAX_EVENT_BYTES]
            self._skipping = True
        if not lines:
            return []
        stamp = now_ms()
        return [(stamp, _decode(line[:MAX_EVENT_BYTES])) for line in lines]

    def flush(self) -> list[Event]:
        if not self._partial:
            return []
        line, self._partial = self._partial, b""
        self._skipping = False
        return [(now_ms(), _decode(line))]


def _decode(line: bytes) -> str:
    text = line.decode("utf-8", "replace")
    if contract.EVENT_LINE_SEPARATOR in text:
        text = text.rstrip(contract.EVENT_LINE_SEPARATOR).replace(contract.EVENT_LINE_SEPARATOR, "\n")
    return text
