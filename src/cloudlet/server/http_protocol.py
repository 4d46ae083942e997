"""The HTTP protocol cloudlet serves on: uvicorn's httptools protocol, with its limits
(``http_limits``), answering a request at once when it can.

uvicorn starts every request as an asyncio task, which runs on a later turn of the loop, and
writes a response's head and body in two ``send()`` calls. For a request whose whole body
arrived with its head (nearly every AWS API call) and whose handler does not wait (nearly
every operation), both cost more than the work itself. This protocol instead:

- starts the ASGI app eagerly, right after the parser has read the bytes that arrived (the
  request's body included), and runs it until it first waits: an app that never waits has
  answered before ``data_received`` returns, without a task; one that waits goes on as a
  task from where it stopped, in the same ``contextvars`` context, as uvicorn's would;
- gathers what the app writes while it runs eagerly (up to 64 KiB) and writes it in one
  ``write()``, once every connection with bytes in this turn of the loop was read: the
  client is woken once for many answers rather than once for each (on these VMs a wake-up
  costs about as much as the request; measured +35% GetItem at 16 connections).

Everything else is uvicorn's own code: keep-alive and its timeout, pipelining (a request
that arrives while another is answered waits for it and starts as a task), ``100-continue``,
flow control, streaming responses, graceful shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import types
from collections.abc import Coroutine, Generator
from typing import Any

from cloudlet.server.http_limits import LimitedHttpToolsProtocol

# Bytes gathered at most before they are written (past it, writes go straight through, so a
# streamed body is paced by the transport's flow control as uvicorn's own writes are).
MAX_HELD = 64 * 1024


class _Gathering:
    """The transport a request's cycle writes to: while ``holding``, writes are gathered
    (and written as one by ``flush``); anything but a write flushes first."""

    __slots__ = ("transport", "held", "held_bytes", "holding")

    def __init__(self, transport: asyncio.Transport):
        self.transport = transport
        self.held: list[bytes] = []
        self.held_bytes = 0
        self.holding = False

    def write(self, data: bytes) -> None:
        if not self.holding:
            self.transport.write(data)
            return
        self.held.append(data)
        self.held_bytes += len(data)
        if self.held_bytes > MAX_HELD:
            self.flush()  # a streamed body: the transport's flow control takes over

    def flush(self) -> None:
        self.holding = False
        if self.held:
            held, self.held, self.held_bytes = self.held, [], 0
            # RuntimeError: written after a rejection half-closed the connection.
            with contextlib.suppress(RuntimeError):
                self.transport.write(held[0] if len(held) == 1 else b"".join(held))

    def __getattr__(self, name: str) -> Any:
        self.flush()
        return getattr(self.transport, name)


async def _resume(coro: Coroutine[Any, Any, None], waiting: Any) -> None:
    """Go on running ``coro``, which stopped at ``waiting`` (what it yielded), as a task
    runs a coroutine: once that future is done the coroutine is sent on (it reads the
    future's result itself); an exception (the future's, or a cancellation of this task)
    is thrown in where it waits."""
    while True:
        try:
            await _until_done(waiting)
        except BaseException as exc:  # passed on to the coroutine
            try:
                waiting = coro.throw(exc)
            except StopIteration:
                return
            continue
        try:
            waiting = coro.send(None)
        except StopIteration:
            return


@types.coroutine
def _until_done(future: Any) -> Generator[Any, None, None]:
    """Yield what the coroutine yielded (a future, or None for a bare yield) to the task
    running ``_resume``, which wakes it when the future is done."""
    if future is None:
        yield None
    elif not future.done():
        future._asyncio_future_blocking = True
        yield future


# Answers written at the end of the loop's turn, per loop (``_write_soon``).
_held: dict[asyncio.AbstractEventLoop, list[_Gathering]] = {}


def _write_held(loop: asyncio.AbstractEventLoop) -> None:
    for gathering in _held.pop(loop, ()):
        gathering.flush()


class CloudletHttpProtocol(LimitedHttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._feeding = False
        self._pending: list[tuple[Any, Any]] = []
        self._gathering: _Gathering | None = None  # of the last request run eagerly

    def data_received(self, data: bytes) -> None:
        self._feeding = True
        try:
            super().data_received(data)
        finally:
            self._feeding = False
        while self._pending:
            cycle, app = self._pending.pop(0)
            self._run_eagerly(cycle, app)

    def _write_soon(self, gathering: _Gathering) -> None:
        """Write an answer once every connection that had bytes this turn of the loop was
        read: the client's threads are woken once for many answers, not once for each."""
        pending = _held.get(self.loop)
        if pending is None:
            pending = _held[self.loop] = []
            self.loop.call_soon(_write_held, self.loop)
        pending.append(gathering)

    def shutdown(self) -> None:
        _write_held(self.loop)  # an answer is written before its connection is closed
        super().shutdown()

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        if self._gathering is not None:
            self._gathering.flush()  # the answer before goes out first
        if self._feeding:
            self._pending.append((cycle, app))  # after the parser read the body
        else:
            super()._start_asgi_task(cycle, app)

    def _run_eagerly(self, cycle: Any, app: Any) -> None:
        gathering = _Gathering(self.transport)
        gathering.holding = True
        self._gathering = cycle.transport = gathering
        coro = cycle.run_asgi(app)
        context = contextvars.copy_context()
        try:
            waiting = context.run(coro.send, None)
        except StopIteration:
            self._write_soon(gathering)
            return
        except BaseException:
            gathering.flush()
            raise
        gathering.flush()
        task = self.loop.create_task(_resume(coro, waiting), context=context)
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)
