"""The engine's part in the server's life: recovery after start, stop at shutdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.cloudformation.engine import STORE_FILE, engine_of, running_engine
from cloudlet.services.cloudformation.registry import service

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState


@service.worker("cloudformation.recovery")
async def recover(state: ServerState) -> None:
    """Roll back what a previous run left in progress (once, after every service has
    started, since rolling back calls them). A server that has never held a stack has
    no database, and none is made for it here."""
    if (state.data_dir / STORE_FILE).exists():
        await engine_of(state).recover_all()


@service.draining
async def interrupt(state: ServerState) -> None:
    """Shutdown has begun: stop running operations before the services they call stop
    (their stacks stay in progress in the store and are rolled back on the next start)."""
    found = running_engine(state)
    if found is not None:
        await found.cancel_all()


@service.stopped
async def stop(state: ServerState) -> None:
    found = running_engine(state)
    if found is not None:
        await found.stop()
