"""ReturnConsumedCapacity: the capacity units DynamoDB would charge for a request.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
- Reads: one unit per 4 KB (rounded up) for a strongly consistent read, half of that
  for an eventually consistent one. GetItem of a missing item still costs the minimum.
  Query and Scan sum the sizes of the items they read, then round up once.
- Writes: one unit per 1 KB (rounded up) of the larger of the old and new item.
- Transactions cost twice as much.
- Secondary indexes: writing an index entry costs its projected size in 1 KB units; a
  changed index key costs a delete and a put.
- TOTAL reports ``CapacityUnits``; INDEXES adds ``Table``, ``GlobalSecondaryIndexes`` and
  ``LocalSecondaryIndexes``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cloudlet.services.dynamodb.shapes import ConsumedCapacity

READ_UNIT = 4096
WRITE_UNIT = 1024


def read_units(size: int, consistent: bool) -> float:
    units = float(max(1, -(-size // READ_UNIT)))
    return units if consistent else units / 2


def write_units(size: int) -> float:
    return float(max(1, -(-size // WRITE_UNIT)))


@dataclass
class Consumed:
    """Units consumed on one table and its indexes by one request."""

    table_name: str
    table: float = 0.0
    global_indexes: dict[str, float] = field(default_factory=dict)
    local_indexes: dict[str, float] = field(default_factory=dict)

    def add_index(self, name: str, is_global: bool, units: float) -> None:
        target = self.global_indexes if is_global else self.local_indexes
        target[name] = target.get(name, 0.0) + units

    def scaled(self, factor: float) -> Consumed:
        return Consumed(
            self.table_name, self.table * factor,
            {k: v * factor for k, v in self.global_indexes.items()},
            {k: v * factor for k, v in self.local_indexes.items()},
        )

    def merge(self, other: Consumed) -> None:
        self.table += other.table
        for k, v in other.global_indexes.items():
            self.add_index(k, True, v)
        for k, v in other.local_indexes.items():
            self.add_index(k, False, v)

    def report(self, mode: str | None) -> ConsumedCapacity | None:
        """The ConsumedCapacity member for ReturnConsumedCapacity ``mode``."""
        if mode not in ("TOTAL", "INDEXES"):
            return None
        total = self.table + sum(self.global_indexes.values()) + sum(self.local_indexes.values())
        out: ConsumedCapacity = {"TableName": self.table_name, "CapacityUnits": total}
        if mode == "INDEXES":
            out["Table"] = {"CapacityUnits": self.table}
            if self.global_indexes:
                out["GlobalSecondaryIndexes"] = {
                    k: {"CapacityUnits": v} for k, v in self.global_indexes.items()}
            if self.local_indexes:
                out["LocalSecondaryIndexes"] = {
                    k: {"CapacityUnits": v} for k, v in self.local_indexes.items()}
        return out


def wants(req: Mapping[str, Any]) -> str | None:
    mode = req.get("ReturnConsumedCapacity")
    return mode if mode in ("TOTAL", "INDEXES") else None
