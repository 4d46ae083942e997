"""Running resource steps in dependency order, independent ones at the same time.

Each step starts as soon as every step it depends on has succeeded (``reverse=True``
flips the edges: a resource is deleted only after everything that depends on it), at most
``limit`` at once. No polling: each step awaits its prerequisites' futures.

When a step fails, the steps that have not started never start; with ``cancel`` (creates
and updates, as CloudFormation cancels the rest) the running ones are cancelled too, and
each step is responsible for recording its own cancellation. Deletes leave running
steps to finish and skip only what depended on the failure.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field

DEFAULT_LIMIT = 16


@dataclass
class Result:
    """What happened: the failed steps with their errors, those cancelled while running,
    and those never started."""

    failed: dict[str, BaseException] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled and not self.skipped


class _Skip(Exception):
    """A prerequisite failed: this step does not run."""


async def run_ordered(ids: Collection[str], depends_on: Mapping[str, Collection[str]],
                      step: Callable[[str], Awaitable[None]], *, reverse: bool = False,
                      cancel: bool = True, limit: int = DEFAULT_LIMIT) -> Result:
    """Run ``step(id)`` for every id in dependency order (see the module docstring)."""
    wanted = set(ids)
    prerequisites: dict[str, set[str]] = {i: set() for i in wanted}
    for node in wanted:
        for dep in depends_on.get(node, ()):
            if dep in wanted and dep != node:
                if reverse:
                    prerequisites[dep].add(node)
                else:
                    prerequisites[node].add(dep)
    loop = asyncio.get_running_loop()
    done: dict[str, asyncio.Future[bool]] = {i: loop.create_future() for i in wanted}
    gate = asyncio.Semaphore(limit)
    result = Result()
    started: set[str] = set()
    tasks: dict[str, asyncio.Task[None]] = {}

    async def run(node: str) -> None:
        try:
            for dep in prerequisites[node]:
                if not await done[dep]:
                    raise _Skip
            async with gate:
                if result.failed and cancel:
                    raise _Skip
                started.add(node)
                await step(node)
        except _Skip:
            result.skipped.append(node)
            done[node].set_result(False)
            return
        except asyncio.CancelledError:
            if not done[node].done():
                done[node].set_result(False)
            if node in started:
                result.cancelled.append(node)
            else:
                result.skipped.append(node)
            return
        except Exception as error:
            result.failed[node] = error
            done[node].set_result(False)
            if cancel:
                for other, task in tasks.items():
                    if other != node and not task.done():
                        task.cancel()
            return
        done[node].set_result(True)

    # Start in a stable order so that events of independent resources read predictably.
    for node in sorted(wanted):
        tasks[node] = asyncio.ensure_future(run(node))
    if tasks:
        await asyncio.gather(*tasks.values(), return_exceptions=True)
    return result
