"""Background loops, named, supervised and visible.

A service declares the loops it runs for the whole life of the server::

    @service.worker("sqs.retention", after=("lambda.async",))
    async def expire_messages(state: ServerState) -> None:
        while True:
            ...
            await state.clock.sleep(60)

and starts the ones that come and go with its resources (an event source mapping's
poller) by name at run time::

    state.workers.start(f"lambda.esm.{uuid}", poll, group="lambda.esm")
    await state.workers.stop(f"lambda.esm.{uuid}")

A worker runs until it returns (done) or the server stops. One that raises is logged and
restarted after a backoff (0.1 s doubling to 30 s; reset once it has run a minute
without failing). Declared workers start after every service's start hooks, in
dependency order (``after`` names workers, or the prefix of a group of them, that must
start first), and stop in the reverse order as soon as the server begins to shut down,
before the services' drain and stop hooks: a stopping worker is cancelled, so
it must keep its state durable between awaits (a leased queue message that is not
acknowledged is delivered again). ``GET /_cloudlet/health`` lists every worker with its
state and restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

Loop = Callable[["ServerState"], Awaitable[None]]

FIRST_BACKOFF_S = 0.1
MAX_BACKOFF_S = 30.0
HEALTHY_AFTER_S = 60.0
CANCEL_AGAIN_S = 1.0  # a stopped worker still running after this is cancelled again


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    name: str
    run: Loop
    after: tuple[str, ...] = ()


@dataclass(slots=True)
class _Running:
    spec: WorkerSpec
    group: str
    task: asyncio.Task[None] | None = None
    state: str = "starting"
    restarts: int = 0
    last_error: str | None = None


def start_order(specs: list[WorkerSpec]) -> list[WorkerSpec]:
    """``specs`` with every worker after those it names in ``after`` (a name or a name
    prefix); ValueError on a cycle."""
    by_name = {s.name: s for s in specs}
    placed: dict[str, bool] = {}
    ordered: list[WorkerSpec] = []

    def place(spec: WorkerSpec, path: tuple[str, ...]) -> None:
        if placed.get(spec.name):
            return
        if spec.name in path:
            raise ValueError(f"workers depend on each other: {' -> '.join((*path, spec.name))}")
        for dep in spec.after:
            for other in by_name.values():
                if other.name == dep or other.name.startswith(dep + "."):
                    place(other, (*path, spec.name))
        placed[spec.name] = True
        ordered.append(spec)

    for spec in specs:
        place(spec, ())
    return ordered


class Workers:
    """The server's background loops (``state.workers``)."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self._running: dict[str, _Running] = {}
        self._stopping = False

    def start(self, name: str, run: Loop, *, group: str = "", after: tuple[str, ...] = ()) -> None:
        """Run ``run(state)`` under supervision as ``name`` (a no-op if it already runs)."""
        if self._stopping or name in self._running:
            return
        entry = _Running(WorkerSpec(name, run, after), group)
        self._running[name] = entry
        entry.task = asyncio.get_running_loop().create_task(self._supervise(entry), name=name)

    def names(self, group: str | None = None) -> list[str]:
        return [n for n, e in self._running.items() if group is None or e.group == group]

    async def stop(self, name: str) -> None:
        entry = self._running.pop(name, None)
        if entry is not None and entry.task is not None:
            task = entry.task
            # Cancel again until it ends: on Python 3.11 asyncio.wait_for can swallow a
            # cancellation that arrives as its inner future completes (fixed in 3.12).
            while not task.done():
                task.cancel()
                await asyncio.wait({task}, timeout=CANCEL_AGAIN_S)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def start_declared(self, specs: list[WorkerSpec]) -> None:
        for spec in start_order(specs):
            self.start(spec.name, spec.run, after=spec.after)

    async def stop_all(self) -> None:
        """Cancel every worker, the last started first."""
        self._stopping = True
        for name in reversed(list(self._running)):
            await self.stop(name)

    def health(self) -> dict[str, Any]:
        return {name: {"state": e.state, "restarts": e.restarts,
                       **({"last_error": e.last_error} if e.last_error else {})}
                for name, e in sorted(self._running.items())}

    async def _supervise(self, entry: _Running) -> None:
        backoff = FIRST_BACKOFF_S
        while True:
            entry.state = "running"
            began = self.state.clock.monotonic()
            try:
                await entry.spec.run(self.state)
            except asyncio.CancelledError:
                entry.state = "stopped"
                raise
            except Exception as exc:
                entry.restarts += 1
                entry.last_error = f"{type(exc).__name__}: {exc}"[:500]
                entry.state = "restarting"
                log.exception("worker %s crashed; restarting in %.1f s", entry.spec.name, backoff)
                if self.state.clock.monotonic() - began > HEALTHY_AFTER_S:
                    backoff = FIRST_BACKOFF_S
                await asyncio.sleep(backoff)
                backoff = min(MAX_BACKOFF_S, backoff * 2)
                continue
            entry.state = "done"
            self._running.pop(entry.spec.name, None)
            return
