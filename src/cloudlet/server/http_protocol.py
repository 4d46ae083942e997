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
  costs about as much as the request; measured +35% GetItem at 16 connections). While
  turns answer one connection each (one client), answers are written at once instead, and
  one in a few still waits for its turn's end to notice a second client (``_Turns``).

- answers such a request without the ASGI layer when that layer would change nothing (no
  ``X-Forwarded-*`` header for uvicorn's proxy-headers middleware, no ``Expect``, no access
  log): the app's ``answer`` is called with the request and the whole response (head and
  body) written as uvicorn's ``send`` would have written it, in one piece (measured: the
  layer from a parsed request to the bytes written, 11 us -> 8.5 us a request, of about
  100 us of CPU a GetItem costs). A streamed response, a HEAD request, a 204/304, a
  response that states its own framing, or a paused transport goes out through ``send``.

Everything else is uvicorn's own code: keep-alive and its timeout, pipelining (a request
that arrives while another is answered waits for it and starts as a task), ``100-continue``,
flow control, streaming responses, graceful shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import types
import weakref
from collections.abc import Coroutine, Generator
from typing import TYPE_CHECKING, Any

from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import HEADER_RE, HEADER_VALUE_RE, STATUS_LINE

from cloudlet.server.http_limits import BODY_IDLE, LimitedHttpToolsProtocol

if TYPE_CHECKING:
    from cloudlet.server.app import CloudletApp
    from cloudlet.server.http import Request, Response

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


# Turns in a row whose held answers were one each before answers are written at once.
LONELY_TURNS = 8
# While writing at once, one answer in this many is held to watch its turn for another.
WATCH_EVERY = 4


class _Turns:
    """The answers one loop holds until the end of its turn (``_write_soon``), and whether
    to hold them: a turn that answers one connection only gains nothing from waiting (the
    callback that writes it costs a few microseconds of a lone client's every request), so
    after ``LONELY_TURNS`` turns of one answer each answers are written at once; one in
    ``WATCH_EVERY`` is still held, and a held turn that gathers two starts holding again."""

    __slots__ = ("held", "holding", "lonely", "until_watch")

    def __init__(self) -> None:
        self.held: list[_Gathering] | None = None
        self.holding = True
        self.lonely = 0
        self.until_watch = WATCH_EVERY

    def add(self, gathering: _Gathering, loop: asyncio.AbstractEventLoop) -> None:
        held = self.held
        if held is not None:
            held.append(gathering)
            return
        if not self.holding:
            self.until_watch -= 1
            if self.until_watch > 0:
                gathering.flush()
                return
            self.until_watch = WATCH_EVERY
        self.held = [gathering]
        loop.call_soon(self.write)

    def write(self) -> None:
        held, self.held = self.held, None
        if not held:
            return
        if len(held) > 1:
            self.lonely = 0
            self.holding = True
        elif self.holding:
            self.lonely += 1
            if self.lonely >= LONELY_TURNS:
                self.holding = False
        for gathering in held:
            gathering.flush()


_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = (
    weakref.WeakKeyDictionary())


def _turns_of(loop: asyncio.AbstractEventLoop) -> _Turns:
    turns = _turns.get(loop)
    if turns is None:
        turns = _turns[loop] = _Turns()
    return turns


# Response header fields whose framing meaning uvicorn's ``send`` acts on: a response naming
# one goes out through it.
_FRAMING = frozenset({b"content-length", b"transfer-encoding", b"connection"})


def _cloudlet_app(app: Any) -> CloudletApp | None:
    """The cloudlet app uvicorn calls, under its proxy-headers middleware (or None when
    anything else stands between them)."""
    if isinstance(app, ProxyHeadersMiddleware):
        app = app.app
    return app if callable(getattr(app, "answer", None)) else None


def _direct(cycle: Any) -> bool:
    """Whether ASGI would change nothing for this request: no proxy header for the
    middleware, no ``Expect`` to answer, no access log to write."""
    if cycle.waiting_for_100_continue or cycle.access_log:
        return False
    for name, _value in cycle.scope["headers"]:
        if name[:12] == b"x-forwarded-" or name == b"expect":
            return False
    return True


async def _answer(cycle: Any, app: CloudletApp) -> None:
    """``cycle.run_asgi(app)`` without the ASGI layer: what the app answers is written
    as uvicorn's ``send`` writes it, head and body in one write."""
    scope = cycle.scope
    try:
        request = app.request_of(scope)
        response = await app.answer(request, cycle.receive, lambda: BODY_IDLE in scope)
        head = app.head_of(request, response)
        if not _write_whole(cycle, request, response, head):
            await _send(cycle, response, head)
    except BaseException as exc:
        cycle.logger.error("Exception in ASGI application\n", exc_info=exc)
        if not cycle.response_started:
            await cycle.send_500_response()
        else:
            cycle.transport.close()
    finally:
        cycle.on_response = lambda: None


def _write_whole(cycle: Any, request: Request, response: Response,
                 head: list[tuple[bytes, bytes]]) -> bool:
    """Write a whole response with its ``Content-Length`` as ``send`` would (True), or
    nothing (False: what it needs is ``send``'s)."""
    if (response.stream is not None or request.method == "HEAD" or cycle.disconnected
            or cycle.flow.write_paused or response.status in (204, 304)):
        return False
    if not head or head[-1] != (b"content-length", b"%d" % len(response.body)):
        return False  # the length the app adds is always the last field
    names = [name.lower() for name, _ in head]
    if (not _FRAMING.isdisjoint(names[:-1]) or HEADER_RE.search(b"".join(names))
            or HEADER_VALUE_RE.search(b"\t".join([value for _, value in head]))):
        return False  # framing of the app's own, or a bad field send raises for
    content = [STATUS_LINE[response.status]]
    for name, value in cycle.default_headers:
        content += (name, b": ", value, b"\r\n")
    for name, (_, value) in zip(names, head, strict=True):
        content += (name, b": ", value, b"\r\n")
    if not cycle.keep_alive:
        content.append(b"connection: close\r\n")
    content += (b"\r\n", response.body)
    cycle.response_started = True
    cycle.waiting_for_100_continue = False
    cycle.transport.write(b"".join(content))
    cycle.response_complete = True
    cycle.message_event.set()
    if not cycle.keep_alive:
        cycle.transport.close()
    cycle.on_response()
    return True


async def _send(cycle: Any, response: Response, head: list[tuple[bytes, bytes]]) -> None:
    await cycle.send({"type": "http.response.start", "status": response.status,
                      "headers": head})
    if response.stream is None:
        await cycle.send({"type": "http.response.body", "body": response.body})
        return
    await cycle.send({"type": "http.response.body", "body": response.body, "more_body": True})
    async for chunk in response.stream:
        await cycle.send({"type": "http.response.body", "body": chunk, "more_body": True})
    await cycle.send({"type": "http.response.body", "body": b""})


class CloudletHttpProtocol(LimitedHttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cloudlet = _cloudlet_app(self.app)
        self._feeding = False
        self._pending: list[tuple[Any, Any]] = []
        self._gathering: _Gathering | None = None  # of the last request run eagerly
        self._turns = _turns_of(self.loop)

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
        read: the client's threads are woken once for many answers, not once for each (at
        once while turns answer one connection each: ``_Turns``)."""
        self._turns.add(gathering, self.loop)

    def shutdown(self) -> None:
        self._turns.write()  # an answer is written before its connection is closed
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
        cloudlet = self._cloudlet
        if cloudlet is not None and app is self.app and _direct(cycle):
            coro = _answer(cycle, cloudlet)
        else:
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
        if getattr(waiting, "_asyncio_future_blocking", None):
            # As a task does with what a coroutine yields: another request awaiting the
            # same future before _resume's task takes it must find it unclaimed.
            waiting._asyncio_future_blocking = False
        task = self.loop.create_task(_resume(coro, waiting), context=context)
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)
