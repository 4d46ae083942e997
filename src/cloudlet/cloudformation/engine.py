"""The stack engine of one server: the store, the operations running, and recovery.

An operation (``flows``) runs as an asyncio task per stack; the API answers as soon as
it is started, as CloudFormation does. ``wait`` lets a caller (ExecuteChangeSet, nested
stacks, the CLI's embedded server) await the end of an operation without polling.
Cancelling a task (the server stopping) leaves the stack ``*_IN_PROGRESS`` in the store;
``recover_all`` settles such stacks when the server starts again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from cloudlet.cloudformation import flows
from cloudlet.cloudformation.notifications import Notifier
from cloudlet.cloudformation.providers import load as load_providers
from cloudlet.cloudformation.run import Run
from cloudlet.cloudformation.store import StackStore
from cloudlet.server.state import ServerWide

if TYPE_CHECKING:
    from cloudlet.cloudformation.providers.base import Provider
    from cloudlet.cloudformation.records import StackRecord
    from cloudlet.cloudformation.template import Evaluated
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")

Flow = Callable[[Run], Awaitable[None]]

# The status a stack is left in when an operation crashes (a bug, not a resource failure).
_CRASHED = (("UPDATE_ROLLBACK", "UPDATE_ROLLBACK_FAILED"), ("ROLLBACK", "ROLLBACK_FAILED"),
            ("CREATE", "CREATE_FAILED"), ("UPDATE", "UPDATE_FAILED"),
            ("DELETE", "DELETE_FAILED"))


# The engine's one database in the data directory.
STORE_FILE = "cloudformation.sqlite"


class Engine:
    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.store = StackStore(state.data_dir / STORE_FILE)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._runs: dict[str, Run] = {}
        self._providers: dict[str, Provider] | None = None
        self.notifier = Notifier(state)

    @property
    def endpoint_url(self) -> str:
        """Where this server listens (custom resources' response URLs point here)."""
        return str(self.state.config.endpoint_url)

    def providers(self) -> dict[str, Provider]:
        if self._providers is None:
            self._providers = load_providers()
        return self._providers

    def busy(self, stack_id: str) -> bool:
        return stack_id in self._tasks

    def launch(self, stack: StackRecord, flow: Flow, evaluated: Evaluated | None = None,
               status: str | None = None) -> None:
        """Record ``status`` ("User Initiated") now, then run ``flow`` in the background."""
        run = Run(self, stack, evaluated)
        if status is not None:
            run.stack_event(status, "User Initiated")
        task = asyncio.get_running_loop().create_task(self._guard(run, flow),
                                                      name=f"cloudformation {stack.name}")
        self._tasks[stack.stack_id] = task

    async def wait(self, stack_id: str, timeout: float | None = None) -> None:
        """Until the stack's running operation ends (or ``timeout`` seconds pass)."""
        task = self._tasks.get(stack_id)
        if task is not None:
            await asyncio.wait({task}, timeout=timeout)

    def interrupt(self, stack_id: str, then: Flow) -> bool:
        """Cancel the stack's running operation (its steps record their cancellation),
        then run ``then`` on it: CancelUpdateStack's rollback, DeleteStack during a
        create. False when nothing runs."""
        task, run = self._tasks.get(stack_id), self._runs.get(stack_id)
        if task is None or run is None:
            return False
        run.then = then
        task.cancel()
        return True

    async def _guard(self, run: Run, flow: Flow) -> None:
        self._runs[run.stack.stack_id] = run
        try:
            try:
                await flow(run)
            except asyncio.CancelledError:
                task, then = asyncio.current_task(), run.then
                if then is None or task is None:
                    raise
                task.uncancel()
                run.then = None
                await then(run)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("stack operation on %s crashed", run.stack.name)
            status = run.stack.status
            failed = next((f for prefix, f in _CRASHED if status.startswith(prefix)),
                          "UPDATE_FAILED")
            run.stack_event(failed, f"Internal failure: {type(error).__name__}: {error}")
        finally:
            self._tasks.pop(run.stack.stack_id, None)
            self._runs.pop(run.stack.stack_id, None)

    async def recover_all(self) -> None:
        """Settle every operation a previous run of the server left in progress."""
        for stack in self.store.in_progress():
            if self.busy(stack.stack_id):
                continue
            log.info("cloudformation: settling %s left %s", stack.name, stack.status)
            self.launch(stack, flows.recover)

    async def cancel_all(self) -> None:
        """Cancel every running operation (the server is stopping)."""
        for task in list(self._tasks.values()):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def stop(self) -> None:
        await self.cancel_all()
        self.store.close()


_engines: ServerWide[Engine] = ServerWide(Engine)


def engine_of(state: ServerState) -> Engine:
    return _engines.get(state)


def running_engine(state: ServerState) -> Engine | None:
    """The engine if something has used it (to stop at shutdown), else None."""
    return _engines.made(state)
