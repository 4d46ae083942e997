"""Message move tasks: redrive a dead-letter queue's messages back to their source queues
or to another queue, run by the ``sqs.moves`` worker.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CancelMessageMoveTask.html

- The source must be a dead-letter queue (some queue's RedrivePolicy names it); without
  DestinationArn each message returns to the queue it was dead-lettered from.
- MaxNumberOfMessagesPerSecond is 1-500 (unset: as fast as the worker goes).
- One active task per source queue; the task moves what was in the queue when it started
  (ApproximateNumberOfMessagesToMove) and is then COMPLETED. CancelMessageMoveTask stops a
  RUNNING task (CANCELLED); tasks are listed newest first (MaxResults 1-10, default 1).
"""

from __future__ import annotations

import base64
from typing import Any

import orjson

from cloudlet.clock import new_id
from cloudlet.server.context import RequestContext
from cloudlet.services.sqs.errors import (
    InvalidParameterValue,
    ResourceNotFoundException,
    UnsupportedOperation,
    invalid_parameter,
)
from cloudlet.services.sqs.operations.common import store
from cloudlet.services.sqs.operations.queues import redrive_sources
from cloudlet.services.sqs.registry import service
from cloudlet.services.sqs.shapes import (
    CancelMessageMoveTaskRequest,
    ListMessageMoveTasksRequest,
    StartMessageMoveTaskRequest,
)
from cloudlet.services.sqs.store import MoveTask, QueueRecord, SqsStore
from cloudlet.services.sqs.urls import parse_arn

MAX_RATE = 500


def queue_by_arn(sqs: SqsStore, arn: str, member: str) -> QueueRecord:
    ref = parse_arn(arn)
    found = None if ref is None or ref.region is None else sqs.get(ref.account, ref.region,
                                                                    ref.name)
    if found is None:
        raise ResourceNotFoundException(f"The resource that you specified for the {member} "
                                        "parameter doesn't exist.")
    return found


@service.operation("StartMessageMoveTask")
def start_message_move_task(ctx: RequestContext, req: StartMessageMoveTaskRequest) -> dict[str, Any]:
    sqs = store(ctx)
    source = queue_by_arn(sqs, req["SourceArn"], "SourceArn")
    if not redrive_sources(sqs, source):
        raise InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.")
    destination = req.get("DestinationArn")
    if destination is not None:
        queue_by_arn(sqs, destination, "DestinationArn")
    rate = req.get("MaxNumberOfMessagesPerSecond")
    if rate is not None and not 1 <= rate <= MAX_RATE:
        raise invalid_parameter("MaxNumberOfMessagesPerSecond", rate,
                                "Must be between 1 and 500, if provided.")
    if sqs.tasks(source.arn, "RUNNING"):
        raise UnsupportedOperation("There is already a task running. Only one active task is "
                                   "allowed for a source queue arn at a given time.")
    handle = base64.b64encode(orjson.dumps({"taskId": new_id(),
                                            "sourceArn": source.arn})).decode()
    visible, in_flight, delayed = sqs.queues.counts(source.key)
    sqs.add_task(MoveTask(handle, source.arn, destination, rate, "RUNNING",
                          ctx.state.clock.now(), visible + in_flight + delayed))
    return {"TaskHandle": handle}


def describe(task: MoveTask) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Status": task.status, "SourceArn": task.source_arn,
        "ApproximateNumberOfMessagesMoved": task.moved,
        "ApproximateNumberOfMessagesToMove": task.to_move,
        "StartedTimestamp": int(task.started * 1000),
    }
    if task.status == "RUNNING":
        out["TaskHandle"] = task.handle
    if task.destination_arn:
        out["DestinationArn"] = task.destination_arn
    if task.rate is not None:
        out["MaxNumberOfMessagesPerSecond"] = task.rate
    if task.failure:
        out["FailureReason"] = task.failure
    return out


@service.operation("ListMessageMoveTasks")
def list_message_move_tasks(ctx: RequestContext, req: ListMessageMoveTasksRequest) -> dict[str, Any]:
    sqs = store(ctx)
    source = queue_by_arn(sqs, req["SourceArn"], "SourceArn")
    size = req.get("MaxResults", 1)
    if not 1 <= size <= 10:
        raise invalid_parameter("MaxResults", size, "Must be between 1 and 10, if provided.")
    return {"Results": [describe(t) for t in sqs.tasks(source.arn)[:size]]}


@service.operation("CancelMessageMoveTask")
def cancel_message_move_task(ctx: RequestContext, req: CancelMessageMoveTaskRequest) -> dict[str, Any]:
    sqs = store(ctx)
    task = sqs.task(req["TaskHandle"])
    if task is None:
        raise ResourceNotFoundException("Task does not exist.")
    if task.status != "RUNNING":
        raise UnsupportedOperation(f"Task is {task.status}; only a RUNNING task can be "
                                   "cancelled.")
    task.status = "CANCELLED"
    sqs.update_task(task)
    sqs.moves_changed.set()
    return {"ApproximateNumberOfMessagesMoved": task.moved}
