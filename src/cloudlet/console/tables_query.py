"""The item browser's Scan or Query, built from the page's URL query, so every page of
results is a link.

    ?mode=query&index=byOwner&pk=alice&skop=begins_with&sk=2026-&filter=#s = :s
     &names={"#s":"status"}&values={":s":{"S":"open"}}&limit=10&start=<LastEvaluatedKey>

``pk``/``sk``/``sk2`` are typed by the key attributes' definitions; ``names`` is the
``ExpressionAttributeNames`` JSON and ``values`` the ``ExpressionAttributeValues`` JSON in
DynamoDB JSON; ``start`` is ``ExclusiveStartKey`` (``tables_items.encode_key``). The key
condition uses the names ``#kp``/``#ks`` and values ``:kp``/``:ks``/``:ks2``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from cloudlet.console.tables_items import BadJson, decode_key, typed

OPERATORS = ("=", "<", "<=", ">", ">=", "between", "begins_with")
DEFAULT_LIMIT = 25
FIELDS = ("mode", "index", "pk", "skop", "sk", "sk2", "filter", "names", "values", "limit",
          "start", "json")


@dataclass(frozen=True, slots=True)
class Browse:
    """What the item browser shows: the URL query of its page."""

    mode: str = "scan"
    index: str = ""
    pk: str = ""
    skop: str = "="
    sk: str = ""
    sk2: str = ""
    filter: str = ""
    names: str = ""
    values: str = ""
    limit: str = str(DEFAULT_LIMIT)
    start: str = ""
    json: str = "plain"  # how items are shown: "plain" or "ddb" (DynamoDB JSON)

    @classmethod
    def of(cls, query: dict[str, str]) -> Browse:
        found = {name: query[name] for name in FIELDS if name in query}
        browse = cls(**found)
        return replace(browse, mode="query" if browse.mode == "query" else "scan",
                       json="ddb" if browse.json == "ddb" else "plain",
                       skop=browse.skop if browse.skop in OPERATORS else "=")

    def link(self, **changes: str) -> dict[str, str]:
        """The URL query for this browse with ``changes``, without members at their default."""
        changed = replace(self, **changes)
        default = Browse()
        return {k: v for k, v in asdict(changed).items() if v != getattr(default, k)}


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    kind: str  # S, N or B


def key_of(table: dict[str, Any], index: str) -> tuple[Key | None, Key | None]:
    """The partition and sort key of the table or of its index ``index``."""
    schema = table.get("KeySchema") or []
    for listing in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for found in table.get(listing) or []:
            if found["IndexName"] == index:
                schema = found["KeySchema"]
    kinds = {a["AttributeName"]: a["AttributeType"] for a in table.get("AttributeDefinitions") or []}
    keys = {k["KeyType"]: Key(k["AttributeName"], kinds.get(k["AttributeName"], "S"))
            for k in schema}
    return keys.get("HASH"), keys.get("RANGE")


def index_names(table: dict[str, Any]) -> list[str]:
    return [i["IndexName"] for listing in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes")
            for i in table.get(listing) or []]


def _json_object(text: str, what: str) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadJson(f"{what} is not valid JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise BadJson(f"{what} must be a JSON object")
    return parsed


def request(table: dict[str, Any], browse: Browse) -> tuple[str, dict[str, Any]]:
    """The operation (Scan or Query) and its parameters; ``BadJson`` for a field the console
    cannot read (the API judges everything else)."""
    params: dict[str, Any] = {"TableName": table["TableName"]}
    try:
        params["Limit"] = int(browse.limit)
    except ValueError:
        raise BadJson(f"Limit {browse.limit!r} is not a whole number") from None
    if browse.index:
        params["IndexName"] = browse.index
    names = _json_object(browse.names, "ExpressionAttributeNames")
    values = _json_object(browse.values, "ExpressionAttributeValues")
    if browse.filter.strip():
        params["FilterExpression"] = browse.filter
    if browse.start:
        params["ExclusiveStartKey"] = decode_key(browse.start)
    operation = "Scan"
    if browse.mode == "query":
        operation = "Query"
        partition, sort = key_of(table, browse.index)
        if partition is None:
            raise BadJson("The table has no partition key")
        condition = "#kp = :kp"
        names["#kp"] = partition.name
        values[":kp"] = typed(browse.pk, partition.kind)
        if sort is not None and browse.sk != "":
            names["#ks"] = sort.name
            values[":ks"] = typed(browse.sk, sort.kind)
            if browse.skop == "between":
                values[":ks2"] = typed(browse.sk2, sort.kind)
                condition += " AND #ks BETWEEN :ks AND :ks2"
            elif browse.skop == "begins_with":
                condition += " AND begins_with(#ks, :ks)"
            else:
                condition += f" AND #ks {browse.skop} :ks"
        params["KeyConditionExpression"] = condition
    if names:
        params["ExpressionAttributeNames"] = names
    if values:
        params["ExpressionAttributeValues"] = values
    return operation, params
