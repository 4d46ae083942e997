"""Per-shard write throughput of provisioned streams: 1,000 records and 1 MiB a second.

https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
"Each shard can support up to 1,000 records per second for writes, up to a maximum total
data write rate of 1 MiB per second." A write past either is refused with
ProvisionedThroughputExceededException (PutRecord) or that per-record error code
(PutRecords). On-demand streams are not limited.

Measured in one-second windows of real (monotonic) time, not the server's clock: under
``--clock manual`` time stands still, and a window that never closed would refuse every
write after the first thousand.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

RECORDS_PER_S = 1000
BYTES_PER_S = 1024 * 1024


@dataclass(slots=True)
class _Window:
    second: int = -1
    records: int = 0
    size: int = 0


class ShardMeter:
    def __init__(self) -> None:
        self._windows: dict[tuple[int, int], _Window] = {}

    def admit(self, stream_row: int, shard: int, size: int) -> bool:
        """Count one record of ``size`` bytes against its shard; False if over the limit."""
        now = int(time.monotonic())
        window = self._windows.setdefault((stream_row, shard), _Window())
        if window.second != now:
            window.second, window.records, window.size = now, 0, 0
        if window.records + 1 > RECORDS_PER_S or window.size + size > BYTES_PER_S:
            return False
        window.records += 1
        window.size += size
        return True
