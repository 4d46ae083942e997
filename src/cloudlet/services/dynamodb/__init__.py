"""Amazon DynamoDB: tables, items, queries, transactions, streams and TTL, on SQLite.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html

Operations live in ``operations/`` (one module per resource), storage in ``backend.py``,
PartiQL's parser and planner in ``partiql/``.

LIMITATIONS:
- Exports/imports, global tables, enabling Kinesis streaming destinations and resource
  policies are not implemented (the server answers 501). On-demand backups are real
  snapshots; point-in-time recovery and Contributor Insights are settings only (see
  ``operations/continuous_backups.py`` and ``operations/insights.py``).
- Tables and indexes are ACTIVE immediately; throughput (provisioned, warm, on-demand
  maximum: ``throughput.py``) is recorded, never enforced.
"""

from __future__ import annotations

from cloudlet.services.dynamodb import reaper as _reaper  # noqa: F401
from cloudlet.services.dynamodb.operations import (  # noqa: F401
    backups,
    batch,
    continuous_backups,
    insights,
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
