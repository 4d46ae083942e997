"""Activity tasks: a Task whose resource is an activity ARN is queued here until a worker
takes it with GetActivityTask, then waits on its token for SendTask*.

https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html
- GetActivityTask long-polls up to 60 seconds; with nothing to do it answers an empty
  task (no ``taskToken``).
- Tasks are held in memory: a task not yet taken when the server stops is scheduled again
  when its execution resumes (a Task that had not reported is run again).
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import orjson

from cloudlet.server.state import ServerWide
from cloudlet.services.stepfunctions.engine.interpreter import WAITERS

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.stepfunctions.integrations import TaskCall

POLL_S = 60.0


@dataclass
class _Queue:
    tasks: deque[tuple[str, str]] = field(default_factory=deque)
    ready: asyncio.Event = field(default_factory=asyncio.Event)


_queues: ServerWide[dict[str, _Queue]] = ServerWide(lambda state: {})


def _queue(state: ServerState, activity_arn: str) -> _Queue:
    return _queues.get(state).setdefault(activity_arn, _Queue())


async def schedule(state: ServerState, call: TaskCall) -> None:
    """Queue the task for the activity's workers."""
    assert call.token is not None
    queue = _queue(state, call.resource)
    queue.tasks.append((call.token, orjson.dumps(call.arguments).decode()))
    queue.ready.set()


def _take(queue: _Queue) -> tuple[str, str] | None:
    while queue.tasks:
        token, text = queue.tasks.popleft()
        waiter = WAITERS.get(token)
        if waiter is not None and not waiter.future.done():
            return token, text
    queue.ready.clear()
    return None


async def take(state: ServerState, activity_arn: str, poll_s: float = POLL_S
               ) -> tuple[str, str] | None:
    """The next task of the activity (its token and input), waiting up to ``poll_s``."""
    queue = _queue(state, activity_arn)
    deadline = state.clock.monotonic() + poll_s
    while True:
        found = _take(queue)
        if found is not None:
            return found
        left = deadline - state.clock.monotonic()
        if left <= 0:
            return None
        try:
            await asyncio.wait_for(queue.ready.wait(), left)
        except TimeoutError:
            return None
