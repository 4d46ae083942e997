"""Durability: after a restart every RUNNING STANDARD execution resumes at its journaled
frame (a Wait sleeps only what is left, a Task that had not reported is run again; one
that reported success had its transition committed and is never run again).

Retention: closed executions are kept 90 days, as AWS keeps them; older ones are forgotten
when the server starts and once a day while it runs.

Also closes the executions database when the server stops.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from cloudlet.server.context import Principal
from cloudlet.services.stepfunctions import engine
from cloudlet.services.stepfunctions.engine.store import Execution
from cloudlet.services.stepfunctions.machines import DEFAULT_LOGGING, DEFAULT_TRACING, Machine
from cloudlet.services.stepfunctions.registry import service

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

log = logging.getLogger("cloudlet")


def machine_of(found: Execution) -> Machine:
    """The revision an execution runs (its definition was copied when it started)."""
    name = found.machine_arn.rsplit(":", 1)[-1]
    return Machine(found.machine_arn, name, found.account, found.region, "STANDARD",
                   found.definition, found.role_arn, found.revision_id, found.version_arn,
                   dict(DEFAULT_LOGGING), dict(DEFAULT_TRACING), found.started,
                   alias_arn=found.alias_arn)


RETENTION_S = 90 * 86400.0
SWEEP_S = 86400.0


@service.started
async def _recover(state: ServerState) -> None:
    db = engine.store_of(state)
    db.expire(state.clock.now() - RETENTION_S)
    for found in db.running():
        try:
            engine.resume(state, found, Principal.root(found.account), machine_of(found))
        except Exception:
            log.exception("execution %s could not be resumed", found.arn)


@service.worker("stepfunctions.retention")
async def _sweep(state: ServerState) -> None:
    while True:
        await state.clock.sleep(SWEEP_S)
        engine.store_of(state).expire(state.clock.now() - RETENTION_S)


@service.stopped
async def _close(state: ServerState) -> None:
    engine.close(state)
