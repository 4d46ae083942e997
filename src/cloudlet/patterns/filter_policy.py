"""SNS subscription filter policies, on message attributes or on the message body.

https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html

- The same engine as event patterns, without ``wildcard``. An invalid policy raises
  ``PatternError``: "Invalid parameter: FilterPolicy: <reason>" (``reason`` keeps
  "FilterPolicy: ..." so Subscribe can answer "Invalid parameter: Attributes Reason: ...").
- At most five keys (top level, ``$or`` not counted): "FilterPolicy: Filter policy can not have
  more than 5 keys"; at most 150 combinations ("FilterPolicy: Filter policy is too complex"),
  counted as AWS documents: the product over arrays of (values x nesting depth), the branches
  of an ``$or`` added up.
- ``MessageAttributes`` scope: no nesting ("Filter policy scope MessageAttributes does not
  support nested filter policy"). The event is the message's attributes,
  ``{name: {"Type"|"DataType": ..., "Value"|"StringValue": ...}}``: String is a string,
  Number a number (custom types such as ``Number.float`` too), String.Array (and the
  Number.Array of AWS's examples) a JSON array matched element by element; Binary attributes
  are ignored (as if absent).
- ``MessageBody`` scope: the event is the body (text or parsed); a body that is not a JSON
  object never matches.
- ``{}`` is an empty policy: it matches every message.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from cloudlet.patterns.errors import PatternError
from cloudlet.patterns.event_pattern import load_json
from cloudlet.patterns.tree import Grammar, Node, Pattern
from cloudlet.patterns.values import OPERATORS, Leaf

PREFIX = "Invalid parameter: "
SCOPES = ("MessageAttributes", "MessageBody")
MAX_KEYS = 5
MAX_COMBINATIONS = 150


def _fail(reason: str) -> NoReturn:
    raise PatternError(PREFIX + "FilterPolicy: " + reason, "FilterPolicy: " + reason)


def _no_nesting(key: str) -> None:
    reason = "Filter policy scope MessageAttributes does not support nested filter policy"
    raise PatternError(PREFIX + reason, reason)


_OPERATORS = OPERATORS - {"wildcard"}
_BODY = Grammar(_fail, _OPERATORS)
_ATTRIBUTES = Grammar(_fail, _OPERATORS, check_nested=_no_nesting)


class AttributesPolicy(Pattern):
    """A policy on message attributes; ``matches`` takes the attributes map."""

    __slots__ = ()

    def matches(self, event: Any) -> bool:
        return isinstance(event, dict) and self.root.matches(attribute_values(event))


class BodyPolicy(Pattern):
    """A policy on the message body; ``matches`` takes the body text (or parsed JSON)."""

    __slots__ = ()

    def matches(self, event: Any) -> bool:
        if isinstance(event, (str, bytes)):
            try:
                event = json.loads(event)
            except ValueError:
                return False
        return isinstance(event, dict) and self.root.matches(event)


def attribute_values(attributes: dict[str, Any]) -> dict[str, Any]:
    """SNS message attributes as the plain values a policy matches."""
    values: dict[str, Any] = {}
    for name, attribute in attributes.items():
        if not isinstance(attribute, dict):
            continue
        kind = str(attribute.get("Type", attribute.get("DataType", "String")))
        value = attribute.get("Value", attribute.get("StringValue"))
        if not isinstance(value, str):
            continue
        base = kind.split(".", 1)[0]
        if kind.startswith(("String.Array", "Number.Array")):
            try:
                parsed = json.loads(value)
            except ValueError:
                continue
            if isinstance(parsed, list):
                values[name] = [v for v in parsed if not isinstance(v, (dict, list))]
        elif base == "Number":
            try:
                values[name] = float(Decimal(value))
            except (InvalidOperation, ValueError):
                continue
        elif base == "String":
            values[name] = value
    return values


def compile_filter_policy(policy: str | dict[str, Any],
                          scope: str = "MessageAttributes") -> Pattern:
    """Compile an SNS filter policy for ``scope`` (MessageAttributes or MessageBody)."""
    if scope not in SCOPES:
        reason = (f"FilterPolicyScope: Invalid value [{scope}]. "
                  "Please use either MessageBody or MessageAttributes")
        raise PatternError(PREFIX + reason, reason)
    parsed = load_json(policy, _parse_fail) if isinstance(policy, (str, bytes)) else policy
    kind = AttributesPolicy if scope == "MessageAttributes" else BodyPolicy
    if parsed == {}:
        return kind(Node([], []), policy)
    if isinstance(parsed, dict) and len([k for k in parsed if k != "$or"]) > MAX_KEYS:
        _fail("Filter policy can not have more than 5 keys")
    root = (_ATTRIBUTES if scope == "MessageAttributes" else _BODY).compile(parsed)
    if combinations(root) > MAX_COMBINATIONS:
        _fail("Filter policy is too complex")
    return kind(root, policy)


def _parse_fail(reason: str) -> NoReturn:
    _fail("failed to parse JSON. " + reason)


def combinations(node: Node, depth: int = 1) -> int:
    """AWS's count: product over arrays of (values x depth); ``$or`` branches add up."""
    total = 1
    for _key, sub in node.fields:
        if isinstance(sub, Leaf):
            total *= sub.size * depth
        else:
            total *= combinations(sub, depth + 1)
    for group in node.ors:
        total *= sum(combinations(branch, depth) for branch in group)
    return total
