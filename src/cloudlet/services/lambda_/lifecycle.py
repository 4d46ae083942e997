"""Start and stop what the Lambda service keeps per server: the runtime manager (one per
server, in ``state.extras["lambda.runtime"]``) and the ``lambda.async`` worker that runs
queued asynchronous invocations.

Stopping (as soon as shutdown begins, and again, idempotently, at the end): the workers
have stopped already (running attempts are cancelled and stay queued for the next start),
then the runtime stops (every environment ends; nothing is left running), then the last
log lines are committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.runtime.credentials import FunctionCredentials
from cloudlet.runtime.manager import RuntimeConfig, RuntimeManager
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.async_invoke import queue
from cloudlet.services.lambda_.runtime_link import EXTRA_KEY
from cloudlet.services.logs.api import append_events, flush_all

if TYPE_CHECKING:
    from cloudlet.runtime.spec import FunctionSpec
    from cloudlet.server.state import ServerState


@service.started
async def start_runtime(state: ServerState) -> None:
    def log_sink(spec: FunctionSpec, stream: str, events: list[tuple[int, str]]) -> None:
        append_events(state, spec.account, spec.region, spec.log_group_name, stream,
                      as_delivered(events))

    config = state.config
    manager = RuntimeManager(RuntimeConfig(
        endpoint_url=config.endpoint_url,
        account_concurrency=config.account_concurrency,
        idle_timeout_s=config.idle_timeout_s,
        isolation=config.isolation,
        sdk_models=tuple(sorted(state.services)),
        function_network=config.function_network,
        credentials=FunctionCredentials(state.credentials, state.clock),
    ), log_sink)
    await manager.start()
    state.extras[EXTRA_KEY] = manager


@service.worker("lambda.async")
async def run_async_invocations(state: ServerState) -> None:
    await queue(state).run()


def as_delivered(events: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each line as Lambda delivers it to CloudWatch Logs: one event, ending in a newline."""
    return [(stamp, line if line.endswith("\n") else line + "\n") for stamp, line in events]


@service.draining
@service.stopped
async def stop_runtime(state: ServerState) -> None:
    await state.workers.stop("lambda.async")
    manager = state.extras.pop(EXTRA_KEY, None)
    if manager is not None:
        await manager.stop()
    flush_all(state)


def health(state: ServerState) -> dict[str, Any]:
    """The runtime's isolation and how many execution environments are warm or busy."""
    manager: RuntimeManager | None = state.extras.get(EXTRA_KEY)
    if manager is None:
        return {"runtime": "stopped"}
    stats = manager.stats()
    functions = stats["functions"].values()
    return {
        "isolation": stats["isolation"],
        "environments": {"warm": sum(f["warm"] for f in functions),
                         "busy": sum(f["busy"] for f in functions),
                         "spare": 1 if stats["spare"] else 0},
    }


service.health = health
