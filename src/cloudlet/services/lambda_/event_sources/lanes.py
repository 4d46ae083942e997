"""One lane of a shard: gathering records into batches and delivering them with Lambda's
stream error handling (see ``streams`` for the rules).

A shard has ``ParallelizationFactor`` lanes (1 by default); records go to a lane by the
hash of their partition key (Kinesis) or item key (DynamoDB), so each key's records are
processed in order while other keys' records run beside them. ``Checkpoints`` tracks,
across lanes, the last record before which everything was acknowledged: only that is
written as the shard's checkpoint.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from cloudlet.services.lambda_.event_sources import delivery
from cloudlet.services.lambda_.event_sources.store import mappings
from cloudlet.services.lambda_.event_sources.windows import TumblingWindow, iso

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.event_sources.sources import StreamRecord, StreamSource
    from cloudlet.services.lambda_.event_sources.store import Mapping, MappingStore

POLL_S = 0.05
RETRY_S = 0.2
MAX_PAUSE_S = 5.0
FAILED = "PROBLEM: Function call failed"


class Checkpoints:
    """The records of one shard in read order; the checkpoint moves over every record
    acknowledged with all the records before it."""

    def __init__(self, store: MappingStore, uuid: str, shard: str) -> None:
        self.store = store
        self.uuid = uuid
        self.shard = shard
        self.order: deque[str] = deque()
        self.acked: set[str] = set()
        self.last_read: str | None = None

    def read(self, seq: str) -> None:
        self.order.append(seq)
        self.last_read = seq

    def ack(self, records: list[StreamRecord]) -> None:
        self.acked.update(r.seq for r in records)
        passed = None
        while self.order and self.order[0] in self.acked:
            passed = self.order.popleft()
            self.acked.discard(passed)
        if passed is not None:
            self.store.set_checkpoint(self.uuid, self.shard, passed)


class Lane:
    def __init__(self, state: ServerState, mapping: Mapping, source: StreamSource, shard: str,
                 checkpoints: Checkpoints) -> None:
        self.state = state
        self.mapping = mapping
        self.config = mapping.config
        self.source = source
        self.shard = shard
        self.checkpoints = checkpoints
        self.store = mappings(state)
        self.batch_size = int(self.config["BatchSize"])
        self.batching = float(self.config.get("MaximumBatchingWindowInSeconds") or 0)
        # None marks the end of a closed shard.
        self.queue: asyncio.Queue[StreamRecord | None] = asyncio.Queue(self.batch_size)
        self.ended = False
        seconds = int(self.config.get("TumblingWindowInSeconds") or 0)
        self.window = TumblingWindow(seconds, shard, source.arn) if seconds else None

    async def run(self) -> None:
        while True:
            batch = await self._gather()
            if not batch:
                return
            await self.deliver(batch)

    async def _first(self) -> StreamRecord | None:
        """The next record (None at the end), closing a tumbling window that is due."""
        if self.window is None:
            return None if self.ended else await self.queue.get()
        while not self.ended:
            if self.window.due(self.state.clock.now()):
                await self.close_window(self.window)
            try:
                return self.queue.get_nowait()
            except asyncio.QueueEmpty:
                await asyncio.sleep(POLL_S)
        return None

    async def _gather(self) -> list[StreamRecord]:
        """Up to BatchSize records (or 6 MB), for up to the batching window."""
        first = await self._first()
        if first is None:
            self.ended = True
            return []
        batch, size, started = [first], first.size, self.state.clock.now()
        while len(batch) < self.batch_size and size < delivery.MAX_PAYLOAD:
            try:
                record = self.queue.get_nowait()
            except asyncio.QueueEmpty:
                if self.state.clock.now() - started >= self.batching:
                    break
                await asyncio.sleep(POLL_S)
                continue
            if record is None:
                self.ended = True
                break
            batch.append(record)
            size += record.size
        return batch

    async def deliver(self, batch: list[StreamRecord]) -> None:
        """Process ``batch``, window by window when tumbling windows are on."""
        if self.window is None:
            await self.process(batch, {})
            return
        for run in self.window.split(batch):
            start = self.window.key(run[0])
            if self.window.start is not None and self.window.start != start:
                await self.close_window(self.window)
            self.window.start = start
            outcome = await self.process(run, self.window.event(final=False))
            if outcome is not None:
                self.window.keep(outcome.response)

    async def close_window(self, window: TumblingWindow) -> None:
        """The window's final invocation (no records), then a fresh state."""
        event = {"Records": [], **window.event(final=True)}
        pause = RETRY_S
        while (outcome := await delivery.invoke(self.state, self.mapping, event)).unavailable:
            await self.state.clock.sleep(pause)
            pause = min(MAX_PAUSE_S, pause * 2)
        if outcome.function_error:
            self.store.set_result(self.mapping.uuid, FAILED)
        window.close()

    async def process(self, batch: list[StreamRecord],
                      extra: dict[str, Any]) -> delivery.Outcome | None:
        """Deliver ``batch`` until it succeeds or is given up on, acknowledging as it goes;
        the last successful invocation's outcome."""
        last_ok: delivery.Outcome | None = None
        queue = [batch]
        retries = invokes = 0
        max_retries = int(self.config.get("MaximumRetryAttempts", -1))
        max_age = int(self.config.get("MaximumRecordAgeInSeconds", -1))
        pause = RETRY_S  # grows while the function is throttled or missing
        while queue:
            part = queue[0]
            condition = None
            outcome: delivery.Outcome | None = None
            if max_age != -1 and self.state.clock.now() - part[0].arrival > max_age:
                condition = "RecordAgeExceeded"
            else:
                outcome = await delivery.invoke(self.state, self.mapping,
                                                {"Records": [r.event for r in part], **extra})
                if outcome.unavailable is not None:
                    self.store.set_result(self.mapping.uuid, f"PROBLEM: {outcome.unavailable}")
                    await self.state.clock.sleep(pause)
                    pause = min(MAX_PAUSE_S, pause * 2)
                    continue
                pause = RETRY_S
                invokes += 1
                failed = delivery.failed_items(self.mapping, outcome, [r.seq for r in part])
                if failed == []:
                    last_ok = outcome
                    self._done(part, "OK")
                    queue.pop(0)
                    retries = invokes = 0
                    continue
                if failed:
                    first = min(i for i, r in enumerate(part) if r.seq in failed)
                    if first > 0:
                        self._done(part[:first], FAILED)
                        part = queue[0] = part[first:]
                elif self.config.get("BisectBatchOnFunctionError") and len(part) > 1:
                    half = len(part) // 2
                    queue[0:1] = [part[:half], part[half:]]
                    retries = 0
                    continue
                self.store.set_result(self.mapping.uuid, FAILED)
                retries += 1
                if max_retries != -1 and retries > max_retries:
                    condition = "RetryAttemptsExhausted"
            if condition is not None:
                await self._give_up(part, outcome, condition, invokes)
                queue.pop(0)
                retries = invokes = 0
                continue
            await self.state.clock.sleep(RETRY_S)
        return last_ok

    def _done(self, records: list[StreamRecord], result: str) -> None:
        self.checkpoints.ack(records)
        self.store.set_result(self.mapping.uuid, result)

    async def _give_up(self, part: list[StreamRecord], outcome: delivery.Outcome | None,
                       condition: str, invokes: int) -> None:
        info: dict[str, Any] = {
            "shardId": self.shard,
            "startSequenceNumber": part[0].seq,
            "endSequenceNumber": part[-1].seq,
            "approximateArrivalOfFirstRecord": iso(part[0].arrival),
            "approximateArrivalOfLastRecord": iso(part[-1].arrival),
            "batchSize": len(part),
            "streamArn": self.source.arn,
        }
        record = delivery.failure_record(self.state, self.mapping, outcome, condition, invokes,
                                         self.source.info_key, info)
        await delivery.send_on_failure(self.state, self.mapping, record)
        self._done(part, FAILED)
