"""Amazon DynamoDB: tables, items, queries, transactions, streams and TTL, on SQLite.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html

Operations live in ``operations/`` (one module per resource), storage in ``backend.py``,
PartiQL's parser and planner in ``partiql/``.

LIMITATIONS:
- Backups, exports/imports, global tables, Kinesis streaming destinations, contributor insights
  and resource policies are not implemented (the server answers 501).
- Tables and indexes are ACTIVE immediately; throughput is recorded, never enforced.
"""

from __future__ import annotations

from cloudlet.services.dynamodb import reaper as _reaper  # noqa: F401
from cloudlet.services.dynamodb.operations import (  # noqa: F401
    batch,
    items,
    misc,
    partiql,
    query,
    tables,
    tags,
    transactions,
    ttl,
)
from cloudlet.services.dynamodb.registry import backends, service

__all__ = ["backends", "service"]
