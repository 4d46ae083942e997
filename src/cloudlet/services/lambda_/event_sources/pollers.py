"""One worker per enabled mapping, ``lambda.esm.{uuid}`` in group ``lambda.esm``.

Started when a mapping is created or enabled, stopped when it is disabled, updated or
deleted, and (by the ``lambda.esm`` worker) for every enabled mapping when the server
starts. A poller that crashes is restarted by ``cloudlet.workers`` with back-off and
resumes at its checkpoints. The server stops every worker as shutdown begins, before
the runtime stops: a batch cut short is neither acknowledged nor counted as a failed
attempt, and is read again on the next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.context import Principal
from cloudlet.server.errors import ServiceError
from cloudlet.server.internal import call
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.errors import InvalidParameterValueException
from cloudlet.services.lambda_.event_sources import streams
from cloudlet.services.lambda_.event_sources.delivery import SERVICE_PRINCIPAL
from cloudlet.services.lambda_.event_sources.sqs import SqsPoller, queue_parts
from cloudlet.services.lambda_.event_sources.store import Mapping, mappings
from cloudlet.services.lambda_.event_sources.validation import DYNAMODB, SQS, source_kind

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

GROUP = "lambda.esm"
# Source kind -> the service and operation that show a source exists.
_PROBES = {
    SQS: ("sqs", "GetQueueUrl"),
    DYNAMODB: ("dynamodbstreams", "DescribeStream"),
    "kinesis": ("kinesis", "DescribeStreamSummary"),
}


def worker_name(uuid: str) -> str:
    return f"{GROUP}.{uuid}"


def start(state: ServerState, mapping: Mapping) -> None:
    uuid = mapping.uuid

    async def poll(state: ServerState) -> None:
        current = mappings(state).get(uuid)
        if current is None or not current.enabled:
            return
        if source_kind(current.config["EventSourceArn"]) == SQS:
            await SqsPoller(state, current).run()
        else:
            await streams.StreamPoller(state, current).run()

    state.workers.start(worker_name(uuid), poll, group=GROUP)


async def stop(state: ServerState, uuid: str) -> None:
    await state.workers.stop(worker_name(uuid))
    streams.initial_iterators(state).pop(uuid, None)


async def prepare(state: ServerState, mapping: Mapping) -> None:
    """What must happen before Create answers (a LATEST position fixed now)."""
    if source_kind(mapping.config["EventSourceArn"]) != SQS:
        await streams.prepare(state, mapping)


async def check_source(state: ServerState, kind: str, arn: str, account: str,
                       region: str) -> None:
    """InvalidParameterValueException unless the source exists (asked as Lambda would)."""
    name, operation = _PROBES[kind]
    if name not in state.services:
        raise InvalidParameterValueException(
            f"not supported: event source {arn} ({name} is not served by this cloudlet)")
    if kind == SQS:
        queue, owner = queue_parts(arn)
        params = {"QueueName": queue, "QueueOwnerAWSAccountId": owner}
    elif kind == DYNAMODB:
        params = {"StreamArn": arn}
    elif "/consumer/" in arn:
        operation, params = "DescribeStreamConsumer", {"ConsumerARN": arn}
    else:
        params = {"StreamARN": arn}
    try:
        await call(state, name, operation, params,
                   principal=Principal.service(account, SERVICE_PRINCIPAL), region=region)
    except ServiceError:
        if kind == SQS:
            raise InvalidParameterValueException(
                "Error occurred while ReceiveMessage. SQS Error Code: "
                "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified "
                "queue does not exist for this wsdl version.") from None
        raise InvalidParameterValueException(f"Stream not found: {arn}") from None


@service.worker(GROUP)
async def start_enabled(state: ServerState) -> None:
    """Start the poller of every enabled mapping (then this worker is done)."""
    for mapping in mappings(state).everywhere():
        if mapping.enabled:
            start(state, mapping)

