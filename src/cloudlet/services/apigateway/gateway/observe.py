"""The gateway's one capture point: what an integration was sent and what it answered, handed
to an observer for one in-process request.

TestInvokeMethod (``rest/method_test_invoke``) reads it for its execution log ("Endpoint request
body after transformations: ..."), and the console's try-it for an HTTP API (which has no
test operation on AWS) to show the event the function got. The observer is set with
``observing(observer)`` around one awaited request: it lives in a context variable, so it
is seen by that request only (tasks the request starts copy it) and by no other; nothing
is kept after the ``with`` block.

The integrations call ``sent(uri, body)`` once they have built what they send (the Lambda
proxy event, a mapping template's output, a service action's input, an HTTP integration's
body; a REST Lambda authorizer's event too) and ``answered(status, body)`` with what came
back, before it is mapped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(slots=True)
class Exchange:
    """One integration call as it happened."""

    uri: str
    request: bytes
    status: int | None = None
    response: bytes | None = None


@dataclass(slots=True)
class Observer:
    """Collects the exchanges of one request (a REST Lambda authorizer's first, then the integration's)."""

    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def last(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None


_current: ContextVar[Observer | None] = ContextVar("apigateway_observer", default=None)


@contextmanager
def observing(observer: Observer) -> Iterator[Observer]:
    """Hand ``observer`` what the integrations of the request awaited inside send."""
    token = _current.set(observer)
    try:
        yield observer
    finally:
        _current.reset(token)


def sent(uri: str, body: bytes) -> None:
    observer = _current.get()
    if observer is not None:
        observer.exchanges.append(Exchange(uri, bytes(body)))


def answered(status: int, body: bytes) -> None:
    observer = _current.get()
    if observer is not None and observer.exchanges:
        exchange = observer.exchanges[-1]
        exchange.status, exchange.response = status, bytes(body)
