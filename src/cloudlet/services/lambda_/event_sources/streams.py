"""Polling a DynamoDB or Kinesis stream: batches per shard, in order, with Lambda's
error handling.

https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html#services-ddb-batchfailurereporting
https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-errors.html
- Each shard is read in order; its next batch waits until the current one is done, so a
  failing batch blocks its shard. With ParallelizationFactor N, a shard's records are
  spread over N lanes by the hash of their partition key (Kinesis) or item key
  (DynamoDB): each lane is processed in order, the lanes side by side (``lanes``).
- A batch is up to BatchSize records (or 6 MB), gathered for up to
  MaximumBatchingWindowInSeconds when the window is set.
- A function error retries the same batch until MaximumRetryAttempts retries (-1:
  forever) are used or its oldest record is older than MaximumRecordAgeInSeconds; then the
  batch is described to the OnFailure destination (DDBStreamBatchInfo / KinesisBatchInfo,
  condition RetryAttemptsExhausted or RecordAgeExceeded) and skipped.
- BisectBatchOnFunctionError splits a failing batch in two and tries each half (a split
  does not use a retry), down to the single record that fails.
- ReportBatchItemFailures: the function names failed records by sequence number;
  everything before the lowest is checkpointed and the batch is tried again from it.
- TumblingWindowInSeconds: see ``windows``.
- Records that FilterCriteria filter out are checkpointed without an invocation.
- The checkpoint (last acknowledged sequence number per shard) is durable: a restarted
  poller reads after it.

An idle shard's reader waits for the stream's next write (``cloudlet.signals``, which
Kinesis and DynamoDB notify with each record), and reads again at least every
``IDLE_POLL_S`` (1 s) whatever happens: a record reaches the function a few milliseconds
after its write. The poll cadence is not simulated time; batching windows, record age and
retry back-off use the server's clock.

LIMITATIONS
- StartingPosition LATEST is fixed when the mapping is created. A poller that starts
  again before its first checkpoint reads from the creation time instead (Kinesis
  AT_TIMESTAMP; DynamoDB, whose stream API has no timestamp iterator, from the oldest
  record, skipping those that arrived before the creation's second: a record written in
  that same second just before the mapping may be delivered).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import zlib
from typing import TYPE_CHECKING

from cloudlet import signals
from cloudlet.server.errors import ServiceError
from cloudlet.services.lambda_.event_sources import filtering
from cloudlet.services.lambda_.event_sources.lanes import Checkpoints, Lane
from cloudlet.services.lambda_.event_sources.sources import StreamSource, source_for
from cloudlet.services.lambda_.event_sources.store import mappings

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState
    from cloudlet.services.lambda_.event_sources.store import Mapping

log = logging.getLogger("cloudlet")

SHARDS_REFRESH_S = 1.0
IDLE_POLL_S = 1.0
INITIAL_KEY = "lambda.esm.initial"


def initial_iterators(state: ServerState) -> dict[str, dict[str, str]]:
    """Iterators fixed when a LATEST mapping was created, by UUID then shard."""
    found: dict[str, dict[str, str]] | None = state.extras.get(INITIAL_KEY)
    if found is None:
        found = state.extras[INITIAL_KEY] = {}
    return found


async def prepare(state: ServerState, mapping: Mapping) -> None:
    """Fix LATEST now, before Create answers: records written after it are processed."""
    if mapping.config.get("StartingPosition") != "LATEST":
        return
    source = source_for(state, mapping)
    found = {shard.id: await source.iterator(shard.id, None) for shard in await source.shards()}
    initial_iterators(state)[mapping.uuid] = found


class StreamPoller:
    """One mapping's poller: a task per shard (a child shard after its parents)."""

    def __init__(self, state: ServerState, mapping: Mapping) -> None:
        self.state = state
        self.mapping = mapping
        self.config = mapping.config
        self.source: StreamSource = source_for(state, mapping)
        self.filters = filtering.matchers(self.config.get("FilterCriteria"))
        self.store = mappings(state)

    async def run(self) -> None:
        tasks: dict[str, asyncio.Task[None]] = {}
        try:
            while True:
                shards = await self.source.shards()
                listed = {shard.id for shard in shards}
                for shard in shards:
                    waiting = [p for p in shard.parents if p in listed
                               and not (p in tasks and tasks[p].done())]
                    if shard.id not in tasks and not waiting:
                        tasks[shard.id] = asyncio.create_task(self.run_shard(shard.id))
                for task in tasks.values():
                    if task.done() and not task.cancelled() and task.exception() is not None:
                        raise task.exception()  # type: ignore[misc]
                await asyncio.sleep(SHARDS_REFRESH_S)
        finally:
            for task in tasks.values():
                task.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)

    async def _iterator(self, shard: str) -> tuple[str, float]:
        """Where to read ``shard`` from, and the arrival time before which records are
        skipped (0: none)."""
        checkpoint = self.store.checkpoint(self.mapping.uuid, shard)
        if checkpoint is None:
            fixed = initial_iterators(self.state).get(self.mapping.uuid, {}).pop(shard, None)
            if fixed is not None:
                return fixed, 0.0
            if self.config.get("StartingPosition") == "LATEST":
                # Started again before the first checkpoint: LATEST as of the creation.
                since = self.mapping.created
                return await self.source.iterator(shard, None, since), math.floor(since)
        try:
            return await self.source.iterator(shard, checkpoint), 0.0
        except ServiceError as exc:
            if checkpoint is None or exc.error_code != "TrimmedDataAccessException":
                raise
            log.warning("mapping %s: records after %s are trimmed; reading from the oldest",
                        self.mapping.uuid, checkpoint)
            return await self.source.iterator(shard, None), 0.0

    async def run_shard(self, shard: str) -> None:
        """Read ``shard`` to its end (forever while it is open), feeding its lanes."""
        checkpoints = Checkpoints(self.store, self.mapping.uuid, shard)
        factor = int(self.config.get("ParallelizationFactor") or 1)
        lanes = [Lane(self.state, self.mapping, self.source, shard, checkpoints)
                 for _ in range(factor)]
        tasks = [asyncio.create_task(self._read(shard, lanes, checkpoints)),
                 *(asyncio.create_task(lane.run()) for lane in lanes)]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _read(self, shard: str, lanes: list[Lane], checkpoints: Checkpoints) -> None:
        iterator: str | None
        iterator, not_before = await self._iterator(shard)
        limit = int(self.config["BatchSize"])
        while iterator is not None:
            changed = signals.changed(self.source.arn)  # taken before reading: no write is missed
            try:
                records, iterator = await self.source.read(shard, iterator, limit)
            except ServiceError as exc:
                if exc.error_code != "ExpiredIteratorException":
                    raise
                # Held while the lanes were full: continue after the last record read.
                if checkpoints.last_read is None:
                    iterator, not_before = await self._iterator(shard)
                else:
                    iterator = await self.source.iterator(shard, checkpoints.last_read)
                continue
            for record in records:
                checkpoints.read(record.seq)
                if record.arrival < not_before or not filtering.selected(record.view,
                                                                         self.filters):
                    checkpoints.ack([record])
                    continue
                await lanes[zlib.crc32(record.key.encode()) % len(lanes)].queue.put(record)
            if not records:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), IDLE_POLL_S)
        for lane in lanes:
            await lane.queue.put(None)
