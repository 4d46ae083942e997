"""A table's definition: key schema, secondary indexes, streams, TTL, billing, tags.

One ``Table`` per table, kept in memory by the backend and persisted as JSON in the
catalogue (``tables.meta``). It knows how to pull and validate key values out of items
and keys, and how to project an item into a secondary index.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TableDescription.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html
"""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.keys import encode_value
from cloudlet.services.dynamodb.values import AttributeValue, Item

INVALID = "One or more parameter values were invalid: "
KEY_MISMATCH = "The provided key element does not match the schema"
MAX_HASH_KEY = 2048
MAX_RANGE_KEY = 1024


def partition_of(hash_bytes: bytes) -> int:
    """A 16-bit hash of the partition key: items are stored in this order, as DynamoDB
    spreads them by a hash of the partition key (Scan order and parallel-scan segments)."""
    return zlib.crc32(hash_bytes) & 0xFFFF


@dataclass(slots=True)
class KeySpec:
    """The HASH and optional RANGE attribute of a table or index, with their types."""

    hash_name: str
    hash_type: str
    range_name: str | None = None
    range_type: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.hash_name,) if self.range_name is None else (self.hash_name, self.range_name)

    def schema(self) -> list[dict[str, str]]:
        out = [{"AttributeName": self.hash_name, "KeyType": "HASH"}]
        if self.range_name is not None:
            out.append({"AttributeName": self.range_name, "KeyType": "RANGE"})
        return out


@dataclass(slots=True)
class Index:
    """A global or local secondary index."""

    id: int
    name: str
    is_global: bool
    keys: KeySpec
    projection_type: str
    non_key_attributes: list[str] | None = None
    read_units: int = 0
    write_units: int = 0
    created: float = 0.0
    # Warm throughput set or reached (0: the default); OnDemandThroughput as given.
    warm_read: int = 0
    warm_write: int = 0
    on_demand: dict[str, int] | None = None
    # Attributes projected besides all (None: ALL).
    _projected: frozenset[str] | None = field(default=None, repr=False)

    def projected(self, table_keys: KeySpec) -> frozenset[str] | None:
        """Names of the attributes the index holds; None when it holds every attribute."""
        if self.projection_type == "ALL":
            return None
        if self._projected is None:
            names = set(table_keys.names) | set(self.keys.names)
            if self.projection_type == "INCLUDE":
                names |= set(self.non_key_attributes or ())
            self._projected = frozenset(names)
        return self._projected

    def entry(self, item: Item, table_keys: KeySpec) -> tuple[bytes, bytes, Item] | None:
        """The index key and projected item, or None if the item is not in the index
        (sparse index: an index key attribute is missing or of another type)."""
        keys = self.keys
        hv = item.get(keys.hash_name)
        if hv is None or keys.hash_type not in hv:
            return None
        ih = encode_value(keys.hash_type, hv)
        ir = b""
        if keys.range_name is not None:
            rv = item.get(keys.range_name)
            if rv is None or keys.range_type not in rv:
                return None
            ir = encode_value(keys.range_type or "S", rv)
        names = self.projected(table_keys)
        projected = item if names is None else {k: v for k, v in item.items() if k in names}
        return ih, ir, projected

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("_projected", None)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Index:
        data = dict(data)
        data["keys"] = KeySpec(**data["keys"])
        return cls(**data)

    def projection(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ProjectionType": self.projection_type}
        if self.non_key_attributes:
            out["NonKeyAttributes"] = list(self.non_key_attributes)
        return out


@dataclass(slots=True)
class StreamInfo:
    """The table's current (latest) stream."""

    id: int
    arn: str
    label: str
    view_type: str
    enabled: bool


@dataclass(slots=True)
class Table:
    id: int
    name: str
    table_id: str
    arn: str
    created: float
    keys: KeySpec
    attribute_definitions: list[dict[str, str]]
    billing_mode: str = "PROVISIONED"
    billing_changed: float | None = None
    read_units: int = 0
    write_units: int = 0
    indexes: dict[str, Index] = field(default_factory=dict)
    stream: StreamInfo | None = None
    ttl_attribute: str | None = None
    ttl_enabled: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    deletion_protection: bool = False
    table_class: str | None = None
    table_class_changed: float | None = None
    # Point-in-time recovery: the flag, when it was (last) enabled, the recovery period.
    pitr_enabled: bool = False
    pitr_since: float | None = None
    pitr_days: int | None = None
    # Contributor Insights per table ("") or GSI name: {"status", "mode", "updated"}.
    insights: dict[str, dict[str, Any]] = field(default_factory=dict)
    # RestoreSummary of a table restored from a backup.
    restore: dict[str, Any] | None = None
    # Warm throughput set or reached (0: the default); OnDemandThroughput as given.
    warm_read: int = 0
    warm_write: int = 0
    on_demand: dict[str, int] | None = None

    # -- persistence -------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "table_id": self.table_id,
            "arn": self.arn,
            "created": self.created,
            "keys": asdict(self.keys),
            "attribute_definitions": self.attribute_definitions,
            "billing_mode": self.billing_mode,
            "billing_changed": self.billing_changed,
            "read_units": self.read_units,
            "write_units": self.write_units,
            "indexes": [i.to_json() for i in self.indexes.values()],
            "stream": asdict(self.stream) if self.stream else None,
            "ttl_attribute": self.ttl_attribute,
            "ttl_enabled": self.ttl_enabled,
            "tags": self.tags,
            "deletion_protection": self.deletion_protection,
            "table_class": self.table_class,
            "table_class_changed": self.table_class_changed,
            "pitr_enabled": self.pitr_enabled,
            "pitr_since": self.pitr_since,
            "pitr_days": self.pitr_days,
            "insights": self.insights,
            "restore": self.restore,
            "warm_read": self.warm_read,
            "warm_write": self.warm_write,
            "on_demand": self.on_demand,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        data = dict(data)
        data["keys"] = KeySpec(**data["keys"])
        data["indexes"] = {i["name"]: Index.from_json(i) for i in data["indexes"]}
        data["stream"] = StreamInfo(**data["stream"]) if data.get("stream") else None
        return cls(**data)

    # -- keys ----------------------------------------------------------------------

    @property
    def global_indexes(self) -> list[Index]:
        return [i for i in self.indexes.values() if i.is_global]

    @property
    def local_indexes(self) -> list[Index]:
        return [i for i in self.indexes.values() if not i.is_global]

    def attribute_type(self, name: str) -> str | None:
        for d in self.attribute_definitions:
            if d["AttributeName"] == name:
                return d["AttributeType"]
        return None

    def key_of_item(self, item: Item) -> tuple[bytes, bytes]:
        """The encoded (hash, range) of an item being written (PutItem's messages)."""
        keys = self.keys
        h = _item_key_part(item, keys.hash_name, keys.hash_type)
        r = b""
        if keys.range_name is not None:
            r = _item_key_part(item, keys.range_name, keys.range_type or "S")
        check_key_sizes(h, r)
        return h, r

    def key_of(self, key: Any) -> tuple[bytes, bytes]:
        """The encoded (hash, range) of a ``Key`` parameter (GetItem, DeleteItem, ...)."""
        keys = self.keys
        if not isinstance(key, dict) or len(key) != len(keys.names):
            raise ValidationException(KEY_MISMATCH)
        h = _key_part(key, keys.hash_name, keys.hash_type)
        r = b""
        if keys.range_name is not None:
            r = _key_part(key, keys.range_name, keys.range_type or "S")
        check_key_sizes(h, r)
        return h, r

    def key_item(self, item: Item) -> Item:
        """Just the table key attributes of an item."""
        return {k: item[k] for k in self.keys.names if k in item}

    def check_index_keys(self, item: Item) -> None:
        """An item's index key attributes must have the index key types and not be empty.

        https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/SecondaryIndexes.html
        """
        for index in sorted(self.indexes.values(), key=lambda i: i.name):
            keys = index.keys
            for name, kind in (
                (keys.hash_name, keys.hash_type),
                (keys.range_name, keys.range_type),
            ):
                if name is None or name in self.keys.names:
                    continue
                value = item.get(name)
                if value is None:
                    continue
                actual = next(iter(value))
                if actual != kind:
                    raise ValidationException(
                        f"{INVALID}Type mismatch for Index Key {name} Expected: {kind} "
                        f"Actual: {actual} IndexName: {index.name}"
                    )
                if value[actual] == "":
                    raise ValidationException(
                        "One or more parameter values are not valid. A value specified for a "
                        "secondary index key is not supported. The AttributeValue for a key "
                        f"attribute cannot contain an empty {_empty_word(actual)} value. "
                        f"IndexName: {index.name}, IndexKey: {name}"
                    )
                limit = MAX_HASH_KEY if name == keys.hash_name else MAX_RANGE_KEY
                size = len(encode_value(kind, value)) if kind != "N" else 0
                if size > limit:
                    raise ValidationException(
                        f"{INVALID}Size limit exceeded for Index Key {name} Actual Size: {size} "
                        f"bytes Max Size: {limit} bytes IndexName: {index.name}"
                    )

    def ttl_of(self, item: Item) -> float | None:
        """The item's expiry time (epoch seconds) if TTL is on and the attribute is a number."""
        if not self.ttl_enabled or self.ttl_attribute is None:
            return None
        value = item.get(self.ttl_attribute)
        if value is None or "N" not in value:
            return None
        try:
            return float(value["N"])
        except (ValueError, OverflowError):
            return None


def _empty_word(kind: str) -> str:
    return "binary" if kind == "B" else "string"


def _item_key_part(item: Item, name: str, kind: str) -> bytes:
    value = item.get(name)
    if value is None:
        raise ValidationException(f"{INVALID}Missing the key {name} in the item")
    actual = next(iter(value))
    if actual != kind:
        raise ValidationException(
            f"{INVALID}Type mismatch for key {name} expected: {kind} actual: {actual}"
        )
    return _encoded_key(value, name, kind)


def _key_part(key: dict[str, AttributeValue], name: str, kind: str) -> bytes:
    value = key.get(name)
    if not isinstance(value, dict) or len(value) != 1 or kind not in value:
        raise ValidationException(KEY_MISMATCH)
    return _encoded_key(value, name, kind)


def _encoded_key(value: AttributeValue, name: str, kind: str) -> bytes:
    if value[kind] == "":
        raise ValidationException(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            f"cannot contain an empty {_empty_word(kind)} value. Key: {name}"
        )
    encoded = encode_value(kind, value)
    if kind == "B" and not encoded:
        raise ValidationException(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            f"cannot contain an empty binary value. Key: {name}"
        )
    return encoded


def check_key_sizes(h: bytes, r: bytes) -> None:
    """https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
    (partition key value at most 2048 bytes, sort key value at most 1024 bytes)."""
    if len(h) > MAX_HASH_KEY:
        raise ValidationException(
            f"{INVALID}Size of hashkey has exceeded the maximum size limit of{MAX_HASH_KEY} bytes"
        )
    if len(r) > MAX_RANGE_KEY:
        raise ValidationException(
            f"{INVALID}Aggregated size of all range keys has exceeded the size limit of "
            f"{MAX_RANGE_KEY} bytes"
        )
