"""Warm throughput and on-demand maximum throughput of tables and global secondary indexes.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput-scenarios.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html
- Warm throughput is what a table or GSI serves at once. Without a WarmThroughput it is
  the provisioned units of a PROVISIONED table or GSI, and 12,000 read / 4,000 write
  units per second for an on-demand one. It only grows: raising the provisioned units
  above it, switching to on-demand, or a WarmThroughput (CreateTable / UpdateTable, on
  the table or a GSI) raises it. A requested value below the provisioned units (or the
  on-demand start) is a ValidationException with DynamoDB's text.
- DescribeTable reports ``WarmThroughput`` with ``Status`` ACTIVE (DynamoDB says
  UPDATING while it pre-warms, minutes; here nothing needs warming).
- OnDemandThroughput: MaxReadRequestUnits / MaxWriteRequestUnits, each -1 (no maximum)
  or at least 1 ("... is outside of valid range" otherwise). Reported for on-demand
  tables and their GSIs.

LIMITATIONS: both are recorded, never enforced (no throttling). A WarmThroughput below
the current warm value but above the start value is accepted and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.table import INVALID

ON_DEMAND_READ = 12_000
ON_DEMAND_WRITE = 4_000
_ON_DEMAND_MEMBERS = ("MaxReadRequestUnits", "MaxWriteRequestUnits")


class Throughput(Protocol):
    """A table or an index: its provisioned units, warm high-water mark, maximums."""

    read_units: int
    write_units: int
    warm_read: int
    warm_write: int
    on_demand: dict[str, int] | None


def _start(holder: Throughput, on_demand: bool) -> tuple[int, int]:
    if on_demand:
        return ON_DEMAND_READ, ON_DEMAND_WRITE
    return holder.read_units, holder.write_units


def warm_units(holder: Throughput, on_demand: bool) -> tuple[int, int]:
    """(read, write) warm units per second: the high-water mark or the start value."""
    read, write = _start(holder, on_demand)
    return max(holder.warm_read, read), max(holder.warm_write, write)


def describe_warm(holder: Throughput, on_demand: bool) -> dict[str, Any]:
    read, write = warm_units(holder, on_demand)
    return {"ReadUnitsPerSecond": read, "WriteUnitsPerSecond": write, "Status": "ACTIVE"}


def settle_warm(holder: Throughput, on_demand: bool) -> None:
    """Keep the current warm units before throughput or billing changes (never shrinks)."""
    holder.warm_read, holder.warm_write = warm_units(holder, on_demand)


def apply_warm(holder: Throughput, spec: Mapping[str, Any], on_demand: bool, what: str) -> None:
    """Raise the warm units to a WarmThroughput; ``what`` is "table" or "index <name>"."""
    start = _start(holder, on_demand)
    current = warm_units(holder, on_demand)
    merged = list(current)
    for i, (member, units) in enumerate((("ReadUnitsPerSecond", "ReadCapacityUnits"),
                                         ("WriteUnitsPerSecond", "WriteCapacityUnits"))):
        value = spec.get(member)
        if value is None:
            continue
        if value < start[i]:
            floor = ("initial throughput for OnDemand" if on_demand
                     else f"{units} of ProvisionedThroughput")
            raise ValidationException(
                f"{INVALID}Requested {member} for WarmThroughput for {what} is lower than {floor}")
        merged[i] = max(merged[i], int(value))
    holder.warm_read, holder.warm_write = merged


def check_on_demand(spec: Mapping[str, Any], what: str,
                    current: dict[str, int] | None = None) -> dict[str, int]:
    """An OnDemandThroughput merged over the current one; each member -1 or >= 1."""
    out = dict(current or {})
    for member in _ON_DEMAND_MEMBERS:
        value = spec.get(member)
        if value is None:
            continue
        if value != -1 and value < 1:
            raise ValidationException(
                f"{INVALID}Requested {member} for OnDemandThroughput for {what} is outside "
                "of valid range")
        out[member] = int(value)
    return out
