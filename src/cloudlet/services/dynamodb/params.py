"""Request parameters shared by the item operations: expressions (or their legacy forms),
items and keys checked against the table, ReturnValues.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import (
    Condition,
    ExpressionContext,
    Parser,
    Projection,
    Update,
    compile_condition,
    compile_projection,
    compile_update,
)
from cloudlet.services.dynamodb.expressions.legacy import (
    condition_from_expected,
    condition_from_filter,
    projection_from_attributes_to_get,
    reject_mixed_parameters,
    update_from_attribute_updates,
)
from cloudlet.services.dynamodb.table import Table
from cloudlet.services.dynamodb.values import (
    Item,
    check_attribute_names,
    item_size,
    validate_item,
)

MAX_ITEM_SIZE = 400 * 1024
ITEM_TOO_BIG = "Item size has exceeded the maximum allowed size"
UPDATE_TOO_BIG = "Item size to update has exceeded the maximum allowed size"


@dataclass(slots=True)
class Expressions:
    """The compiled expressions of one request (or one transaction action)."""

    condition: Condition | None = None
    projection: Projection | None = None
    update: Update | None = None
    filter: Condition | None = None
    context: ExpressionContext | None = None
    # Top-level attributes the filter reads, and the parameter that named them.
    filter_names: frozenset[str] = frozenset()
    filter_source: str = "Filter Expression"


def compile_expressions(req: Mapping[str, Any], *, condition: bool = False,
                        projection: bool = False, update: bool = False,
                        filter: bool = False, check_used: bool = True) -> Expressions:
    """Compile the expressions a request may carry, legacy parameters included; every
    ExpressionAttributeNames/Values entry must be used."""
    reject_mixed_parameters(req)
    ctx = ExpressionContext(req.get("ExpressionAttributeNames"),
                            req.get("ExpressionAttributeValues"))
    out = Expressions(context=ctx)
    if update:
        text = req.get("UpdateExpression")
        if text is not None:
            out.update = compile_update(text, ctx)
        elif req.get("AttributeUpdates") is not None:
            out.update = update_from_attribute_updates(req["AttributeUpdates"])
    if condition:
        text = req.get("ConditionExpression")
        if text is not None:
            out.condition = compile_condition(text, ctx)
        elif req.get("Expected") is not None:
            out.condition = condition_from_expected(req["Expected"], req.get("ConditionalOperator"))
    if filter:
        text = req.get("FilterExpression")
        if text is not None:
            parser = Parser(text, ctx, "FilterExpression")
            out.filter = parser.parse_condition()
            out.filter_names = frozenset(str(path[0]) for path in parser.paths)
        else:
            source = "QueryFilter" if req.get("QueryFilter") else "ScanFilter"
            legacy = req.get(source)
            if legacy is not None:
                out.filter = condition_from_filter(legacy, req.get("ConditionalOperator"))
                out.filter_names = frozenset(legacy)
                out.filter_source = source
    if projection:
        text = req.get("ProjectionExpression")
        if text is not None:
            out.projection = compile_projection(text, ctx)
        elif req.get("AttributesToGet") is not None:
            out.projection = projection_from_attributes_to_get(req["AttributesToGet"])
    if check_used:
        ctx.check_all_used()
    return out


def check_return_values(value: str | None, allowed: tuple[str, ...]) -> str:
    """ReturnValues must be one of ``allowed`` for this operation."""
    value = value or "NONE"
    if value not in allowed:
        raise ValidationException(f"ReturnValues can only be {' or '.join(allowed[::-1])}")
    return value


@dataclass(slots=True)
class PreparedPut:
    h: bytes
    r: bytes
    item: Item
    size: int


def prepare_put(table: Table, raw: Any) -> PreparedPut:
    """Validate an item to write: values, key, index keys, 400 KB limit."""
    item = validate_item(raw)
    h, r = table.key_of_item(item)
    if table.indexes:
        table.check_index_keys(item)
    size = item_size(item)
    check_attribute_names(item, size)
    if size > MAX_ITEM_SIZE:
        raise ValidationException(ITEM_TOO_BIG)
    return PreparedPut(h, r, item, size)


def prepare_key(table: Table, raw: Any) -> tuple[bytes, bytes, Item]:
    """Validate a ``Key`` parameter: the encoded (hash, range) and the normalised key."""
    key = validate_item(raw)
    h, r = table.key_of(key)
    return h, r, key


def check_update_keys(table: Table, update: Update) -> None:
    """An update may not touch the table's key attributes."""
    for name in table.keys.names:
        if name in update.top_level_names:
            raise ValidationException(
                "One or more parameter values were invalid: Cannot update attribute "
                f"{name}. This attribute is part of the key")


def creates_nothing(update: Update | None, old: Item | None) -> bool:
    """An update that only removes attributes or set elements leaves a missing item
    missing: DynamoDB does not create an empty item for it."""
    return old is None and update is not None and update.only_removes


def apply_update(table: Table, update: Update | None, old: Item | None,
                 key: Item) -> tuple[Item, int]:
    """The item after UpdateItem: created from the key if absent; size-checked."""
    base = old if old is not None else key
    new = update.apply(base) if update is not None else dict(base)
    if table.indexes:
        table.check_index_keys(new)
    size = item_size(new)
    check_attribute_names(new, size)
    if size > MAX_ITEM_SIZE:
        raise ValidationException(UPDATE_TOO_BIG)
    return new, size


def updated_values(mode: str, update: Update | None, old: Item | None,
                   new: Item | None) -> Item | None:
    """The Attributes of an UpdateItem answer for ReturnValues ``mode``."""
    if mode == "ALL_OLD":
        return old
    if mode == "ALL_NEW":
        return new
    if update is None:
        return None
    if mode == "UPDATED_OLD":
        return update.updated_attributes(old) if old is not None else None
    if mode == "UPDATED_NEW":
        return update.updated_attributes(new)
    return None
