"""Polling an SQS queue for a mapping.

https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
- Messages are received with long polling (ReceiveMessage, WaitTimeSeconds 20,
  AttributeNames / MessageSystemAttributeNames / MessageAttributeNames All), up to 10 at
  a time, and the queue's own visibility timeout.
- A batch is up to BatchSize messages; with MaximumBatchingWindowInSeconds above 0,
  Lambda keeps receiving until BatchSize, the window, or 6 MB of payload.
- Success deletes the batch (DeleteMessageBatch). A function error deletes nothing: the
  messages come back after the visibility timeout, and the queue's RedrivePolicy moves
  them to its dead-letter queue after maxReceiveCount receives. With
  ReportBatchItemFailures only the messages named in ``batchItemFailures`` stay.
- Messages FilterCriteria filter out are deleted without an invocation.
- Scaling: one poller to begin with; each full batch adds a concurrent poller, up to
  ScalingConfig.MaximumConcurrency (default 1000; the function's concurrency throttles
  beyond it); a poller that finds the queue empty stops, down to one.
- FIFO queues: SQS hands out a message group's messages only when none of the group is in
  flight, so one batch per group is processed at a time, in order.
- A throttled invocation is tried again while the messages are still invisible (up to
  half the visibility timeout), then they are left to come back.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import ServiceError
from cloudlet.services.lambda_.event_sources import delivery, filtering
from cloudlet.services.lambda_.event_sources.store import mappings

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.event_sources.store import Mapping

log = logging.getLogger("cloudlet")

LONG_POLL_S = 20
RETRY_S = 0.2
ERROR_PAUSE_S = 1.0
DEFAULT_CONCURRENCY = 1000


def queue_parts(arn: str) -> tuple[str, str]:
    """(queue name, owner account) of a queue ARN."""
    parts = arn.split(":")
    return parts[5], parts[4]


def event_record(message: dict[str, Any], arn: str, region: str) -> dict[str, Any]:
    """A received message as Lambda's SQS event record."""
    attributes = {}
    for name, value in (message.get("MessageAttributes") or {}).items():
        out: dict[str, Any] = {"stringListValues": [], "binaryListValues": [],
                               "dataType": value["DataType"]}
        if value.get("StringValue") is not None:
            out["stringValue"] = value["StringValue"]
        if value.get("BinaryValue") is not None:
            raw = value["BinaryValue"]
            out["binaryValue"] = raw if isinstance(raw, str) else base64.b64encode(raw).decode()
        attributes[name] = out
    record: dict[str, Any] = {
        "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"],
        "body": message.get("Body", ""), "attributes": dict(message.get("Attributes") or {}),
        "messageAttributes": attributes, "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs", "eventSourceARN": arn, "awsRegion": region,
    }
    if message.get("MD5OfMessageAttributes"):
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


class SqsPoller:
    def __init__(self, state: ServerState, mapping: Mapping) -> None:
        self.state = state
        self.mapping = mapping
        self.config = mapping.config
        self.arn: str = self.config["EventSourceArn"]
        self.filters = filtering.matchers(self.config.get("FilterCriteria"))
        self.batch_size = int(self.config["BatchSize"])
        self.window = float(self.config.get("MaximumBatchingWindowInSeconds") or 0)
        scaling = self.config.get("ScalingConfig") or {}
        self.limit = int(scaling.get("MaximumConcurrency") or DEFAULT_CONCURRENCY)
        self.url = ""
        self.visibility = 30.0
        self.tasks: set[asyncio.Task[None]] = set()

    async def _call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        return await delivery.source_call(self.state, self.mapping, "sqs", operation, params)

    async def run(self) -> None:
        name, owner = queue_parts(self.arn)
        self.url = (await self._call("GetQueueUrl", {"QueueName": name,
                                                     "QueueOwnerAWSAccountId": owner}))["QueueUrl"]
        attrs = await self._call("GetQueueAttributes", {"QueueUrl": self.url,
                                                        "AttributeNames": ["VisibilityTimeout"]})
        self.visibility = float((attrs.get("Attributes") or {}).get("VisibilityTimeout", 30))
        self._spawn()
        try:
            while self.tasks:
                await asyncio.wait(set(self.tasks))
        finally:
            for task in self.tasks:
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)

    def _spawn(self) -> None:
        task = asyncio.get_running_loop().create_task(self._consume())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _consume(self) -> None:
        while True:
            try:
                batch = await self._gather()
            except ServiceError as exc:
                log.warning("event source mapping %s: %s", self.mapping.uuid, exc)
                mappings(self.state).set_result(self.mapping.uuid, f"PROBLEM: {exc.error_code}")
                await asyncio.sleep(ERROR_PAUSE_S)
                continue
            if not batch:
                if len(self.tasks) > 1:
                    return
                continue
            if len(batch) >= self.batch_size and len(self.tasks) < self.limit:
                self._spawn()
            await self._handle(batch)

    async def _receive(self, count: int, wait: int) -> list[dict[str, Any]]:
        out = await self._call("ReceiveMessage", {
            "QueueUrl": self.url, "MaxNumberOfMessages": max(1, min(10, count)),
            "WaitTimeSeconds": wait, "AttributeNames": ["All"],
            "MessageSystemAttributeNames": ["All"], "MessageAttributeNames": ["All"]})
        return list(out.get("Messages") or [])

    async def _gather(self) -> list[dict[str, Any]]:
        """Up to BatchSize messages: the first receive's, or (with a window) all received
        before the window closes."""
        batch = await self._receive(self.batch_size, LONG_POLL_S)
        if not batch or self.window <= 0:
            return batch
        started = self.state.clock.now()
        size = sum(len(m.get("Body", "")) for m in batch)
        while len(batch) < self.batch_size and size < delivery.MAX_PAYLOAD:
            left = self.window - (self.state.clock.now() - started)
            if left <= 0:
                break
            more = await self._receive(self.batch_size - len(batch),
                                       min(LONG_POLL_S, max(1, math.ceil(left))))
            batch.extend(more)
            size += sum(len(m.get("Body", "")) for m in more)
        return batch

    async def _handle(self, messages: list[dict[str, Any]]) -> None:
        records = [event_record(m, self.arn, self.mapping.region) for m in messages]
        chosen = [r for r in records if filtering.selected(filtering.sqs_view(r), self.filters)]
        dropped = [r for r in records if r not in chosen]
        if dropped:
            await self._delete(dropped)
        if not chosen:
            return
        deadline = self.state.clock.now() + self.visibility / 2
        while True:
            outcome = await delivery.invoke(self.state, self.mapping, {"Records": chosen})
            if outcome.unavailable is None or self.state.clock.now() > deadline:
                break
            await self.state.clock.sleep(RETRY_S)
        store = mappings(self.state)
        if outcome.unavailable is not None:
            store.set_result(self.mapping.uuid, f"PROBLEM: {outcome.unavailable}")
            return
        failed = delivery.failed_items(self.mapping, outcome, [r["messageId"] for r in chosen])
        if failed is None:
            store.set_result(self.mapping.uuid, "PROBLEM: Function call failed")
            return
        store.set_result(self.mapping.uuid, "OK")
        await self._delete([r for r in chosen if r["messageId"] not in failed])

    async def _delete(self, records: list[dict[str, Any]]) -> None:
        for start in range(0, len(records), 10):
            entries = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]}
                       for i, r in enumerate(records[start:start + 10])]
            if entries:
                await self._call("DeleteMessageBatch", {"QueueUrl": self.url, "Entries": entries})
