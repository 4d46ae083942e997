"""DynamoDB expressions: one tokenizer and one parser for every kind.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html

Compile each expression of a request once against an ``ExpressionContext`` (the
request's ExpressionAttributeNames / ExpressionAttributeValues), then call
``ctx.check_all_used()``. The compiled objects evaluate cheaply per item.

LIMITATIONS: see the module docstrings of ``key_conditions`` and ``legacy``.
"""

from __future__ import annotations

from cloudlet.services.dynamodb.expressions.conditions import Condition
from cloudlet.services.dynamodb.expressions.context import ExpressionContext
from cloudlet.services.dynamodb.expressions.key_conditions import (
    KeyCondition,
    RangeCondition,
    key_condition_from_tree,
)
from cloudlet.services.dynamodb.expressions.parser import Parser
from cloudlet.services.dynamodb.expressions.paths import Path
from cloudlet.services.dynamodb.expressions.projection import Projection, project
from cloudlet.services.dynamodb.expressions.update import Update

__all__ = [
    "Condition",
    "ExpressionContext",
    "KeyCondition",
    "Parser",
    "Path",
    "Projection",
    "RangeCondition",
    "Update",
    "compile_condition",
    "compile_filter",
    "compile_key_condition",
    "compile_projection",
    "compile_update",
    "project",
]


def compile_condition(
    text: str, ctx: ExpressionContext, kind: str = "ConditionExpression"
) -> Condition:
    """Compile a ConditionExpression (or, with kind="FilterExpression", a filter)."""
    return Parser(text, ctx, kind).parse_condition()


def compile_filter(text: str, ctx: ExpressionContext) -> Condition:
    """Compile a FilterExpression (Query, Scan)."""
    return compile_condition(text, ctx, "FilterExpression")


def compile_projection(
    text: str, ctx: ExpressionContext, kind: str = "ProjectionExpression"
) -> Projection:
    """Compile a ProjectionExpression."""
    return Projection(Parser(text, ctx, kind).parse_projection())


def compile_update(text: str, ctx: ExpressionContext, kind: str = "UpdateExpression") -> Update:
    """Compile an UpdateExpression."""
    return Parser(text, ctx, kind).parse_update()


def compile_key_condition(
    text: str,
    ctx: ExpressionContext,
    hash_key: str,
    range_key: str | None = None,
    kind: str = "KeyConditionExpression",
) -> KeyCondition:
    """Compile a KeyConditionExpression for a table or index with this key schema."""
    tree = Parser(text, ctx, kind).parse_condition()
    return key_condition_from_tree(tree, hash_key, range_key)
