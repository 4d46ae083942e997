"""SQS's workers: message retention and message move tasks, on the server's clock.

- ``sqs.retention`` deletes, every minute, the messages older than their queue's
  MessageRetentionPeriod (receives and counts also apply it as they go, so nothing
  expired is ever answered).
- ``sqs.moves`` runs the RUNNING message move tasks (they survive a restart): it leases
  the source's visible messages, moves each to its destination (or back to the queue it
  was dead-lettered from) at most MaxNumberOfMessagesPerSecond a second, and completes
  the task once it has moved as many as the queue held at the start or the queue is empty.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from cloudlet.services.sqs.errors import ResourceNotFoundException
from cloudlet.services.sqs.operations.moves import queue_by_arn
from cloudlet.services.sqs.redrive import move
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.store import MoveTask, SqsStore, store_of
from cloudlet.services.sqs.urls import parse_arn

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

RETENTION_SWEEP_S = 60.0
BATCH = 10
UNLIMITED_PER_SECOND = 500


@service.worker("sqs.retention")
async def expire_messages(state: ServerState) -> None:
    sqs = store_of(state)
    while True:
        now = state.clock.now()
        for record in sqs.all():
            sqs.queues.expire(record.key, now - record.number("MessageRetentionPeriod"))
        await state.clock.sleep(RETENTION_SWEEP_S)


def _step(sqs: SqsStore, task: MoveTask, budget: int) -> int:
    """Move up to ``budget`` messages of ``task``; how many moved (0: it is done)."""
    try:
        source = queue_by_arn(sqs, task.source_arn, "SourceArn")
        fixed = queue_by_arn(sqs, task.destination_arn, "DestinationArn") \
            if task.destination_arn else None
    except ResourceNotFoundException as error:  # the source or destination was deleted
        task.status, task.failure = "FAILED", str(error)
        sqs.update_task(task)
        return 0
    left = task.to_move - task.moved
    leased = sqs.queues.lease(source.key, max_count=min(budget, left, BATCH), visibility_s=30,
                              fifo=source.fifo) if left > 0 else []
    for message in leased:
        destination = fixed
        if destination is None:
            ref = parse_arn(str(message.attributes.get("source", "")))
            found = None if ref is None or ref.region is None else sqs.get(
                ref.account, ref.region, ref.name)
            destination = found
        if destination is None:
            assert message.receipt is not None
            sqs.queues.release(message.receipt)
            task.status = "FAILED"
            task.failure = "The original source queue of a message does not exist."
            break
        move(sqs, message, destination, None)
        task.moved += 1
    if task.status == "RUNNING" and (not leased or task.moved >= task.to_move):
        task.status = "COMPLETED"
    sqs.update_task(task)
    return len(leased) if task.status == "RUNNING" else 0


@service.worker("sqs.moves")
async def run_move_tasks(state: ServerState) -> None:
    sqs = store_of(state)
    while True:
        sqs.moves_changed.clear()
        running = sqs.tasks(status="RUNNING")
        for task in running:
            per_second = task.rate or UNLIMITED_PER_SECOND
            moved = 0
            while moved < per_second:
                current = sqs.task(task.handle)
                if current is None or current.status != "RUNNING":
                    break
                step = _step(sqs, current, per_second - moved)
                if step == 0:
                    break
                moved += step
                await asyncio.sleep(0)
        still = sqs.tasks(status="RUNNING")
        if any(t.rate is not None for t in still):
            await state.clock.wait(sqs.moves_changed, 1.0)
        elif still:
            await asyncio.sleep(0)
        else:
            await sqs.moves_changed.wait()
