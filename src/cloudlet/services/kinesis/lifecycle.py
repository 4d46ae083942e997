"""The retention worker: records past a stream's retention period are deleted.

https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
Reads never return such records (GetRecords filters on arrival time); this loop frees
their space every few minutes of the server's clock, so ``--clock manual`` tests see it
after advancing time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.services.kinesis.registry import service, stores

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

TRIM_EVERY_S = 300.0


@service.worker("kinesis.retention")
async def trim_expired(state: ServerState) -> None:
    while True:
        await state.clock.sleep(TRIM_EVERY_S)
        for store in state.all_backends(stores):
            for stream in list(store.streams.values()):
                store.trim(stream)
