"""ReturnItemCollectionMetrics: the size of the item collections a write touched.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ItemCollectionMetrics.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html#LSI.ItemCollections
- Only with ``ReturnItemCollectionMetrics=SIZE`` and only for a table with a local
  secondary index; otherwise the member is absent.
- ``ItemCollectionKey`` is the partition key of the collection; ``SizeEstimateRangeGB``
  a [lower, upper] range in GB containing the collection's size (its items and their
  LSI entries).

LIMITATIONS: the range is the whole gigabytes around the size ([0.0, 1.0] below 1 GB);
AWS documents it only as an estimate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from cloudlet.services.dynamodb.backend import DynamoBackend
from cloudlet.services.dynamodb.shapes import (
    ItemCollectionMetrics,
)
from cloudlet.services.dynamodb.table import Table
from cloudlet.services.dynamodb.values import Item

GB = 1024**3


def wants_metrics(req: Mapping[str, Any], table: Table) -> bool:
    """Whether the answer carries ItemCollectionMetrics for ``table``."""
    return req.get("ReturnItemCollectionMetrics") == "SIZE" and bool(table.local_indexes)


def collection_metrics(backend: DynamoBackend, table: Table, h: bytes,
                       key: Item) -> ItemCollectionMetrics:
    """The ItemCollectionMetrics of the collection with encoded partition key ``h``
    (``key`` holds its attribute value), as it stands now."""
    name = table.keys.hash_name
    lower = float(math.floor(backend.collection_bytes(table, h) / GB))
    return {"ItemCollectionKey": {name: key[name]}, "SizeEstimateRangeGB": [lower, lower + 1.0]}


def batch_metrics(backend: DynamoBackend, req: Mapping[str, Any],
                  writes: list[tuple[Table, bytes, Item]],
                  ) -> dict[str, list[ItemCollectionMetrics]]:
    """ItemCollectionMetrics of BatchWriteItem / TransactWriteItems: per table, one entry
    per item collection written (``writes``: table, encoded partition key, key or item)."""
    if req.get("ReturnItemCollectionMetrics") != "SIZE":
        return {}
    out: dict[str, list[ItemCollectionMetrics]] = {}
    seen: set[tuple[int, bytes]] = set()
    for table, h, key in writes:
        if not table.local_indexes or (table.id, h) in seen:
            continue
        seen.add((table.id, h))
        out.setdefault(table.name, []).append(collection_metrics(backend, table, h, key))
    return out
