"""The ``Condition`` element: operators, ``...IfExists``, ``ForAllValues:``/``ForAnyValue:``.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- Every operator of a block must hold, and every key under an operator; a key holds when the
  request's value matches any of the policy's values (a negated operator: matches none).
- A key missing from the request: positive operators are false, negated ones
  (``StringNotEquals``, ``ArnNotLike``, ``NotIpAddress``, ...) true; ``...IfExists`` is true;
  ``Null`` tests exactly that (``"true"``: the key is missing).
- ``ForAllValues:`` holds when every request value matches (and when there are none);
  ``ForAnyValue:`` when at least one does.
- Condition values may use policy variables (string and ARN operators).

LIMITATIONS: an unknown operator makes its statement not match ("not supported" is logged by
the caller's validation, not here).
"""

from __future__ import annotations

import base64
import ipaddress
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from cloudlet.policy.documents import arn_match, as_list, wildcard_match
from cloudlet.policy.variables import lookup, substitute

Compare = Callable[[str, str], bool]


def _number(text: str) -> float:
    return float(text)


def _date(text: str) -> float:
    text = str(text).strip()
    if text.replace(".", "", 1).isdigit():
        return float(text)
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp()


def _numeric(test: Callable[[float, float], bool], parse: Callable[[str], float]) -> Compare:
    def compare(value: str, wanted: str) -> bool:
        try:
            return test(parse(value), parse(wanted))
        except (ValueError, TypeError):
            return False
    return compare


def _ip(value: str, wanted: str) -> bool:
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(wanted, strict=False)
    except ValueError:
        return False


def _binary(value: str, wanted: str) -> bool:
    try:
        return base64.b64decode(value) == base64.b64decode(wanted)
    except ValueError:
        return False


def _bool(value: str, wanted: str) -> bool:
    return str(value).lower() == str(wanted).lower()


# operator -> (compare, negated, takes policy variables)
_OPERATORS: dict[str, tuple[Compare, bool, bool]] = {
    "stringequals": (lambda v, w: v == w, False, True),
    "stringnotequals": (lambda v, w: v == w, True, True),
    "stringequalsignorecase": (lambda v, w: v.lower() == w.lower(), False, True),
    "stringnotequalsignorecase": (lambda v, w: v.lower() == w.lower(), True, True),
    "stringlike": (lambda v, w: wildcard_match(w, v), False, True),
    "stringnotlike": (lambda v, w: wildcard_match(w, v), True, True),
    "numericequals": (_numeric(lambda a, b: a == b, _number), False, False),
    "numericnotequals": (_numeric(lambda a, b: a == b, _number), True, False),
    "numericlessthan": (_numeric(lambda a, b: a < b, _number), False, False),
    "numericlessthanequals": (_numeric(lambda a, b: a <= b, _number), False, False),
    "numericgreaterthan": (_numeric(lambda a, b: a > b, _number), False, False),
    "numericgreaterthanequals": (_numeric(lambda a, b: a >= b, _number), False, False),
    "dateequals": (_numeric(lambda a, b: a == b, _date), False, False),
    "datenotequals": (_numeric(lambda a, b: a == b, _date), True, False),
    "datelessthan": (_numeric(lambda a, b: a < b, _date), False, False),
    "datelessthanequals": (_numeric(lambda a, b: a <= b, _date), False, False),
    "dategreaterthan": (_numeric(lambda a, b: a > b, _date), False, False),
    "dategreaterthanequals": (_numeric(lambda a, b: a >= b, _date), False, False),
    "bool": (_bool, False, False),
    "binaryequals": (_binary, False, False),
    "ipaddress": (_ip, False, False),
    "notipaddress": (_ip, True, False),
    "arnequals": (lambda v, w: arn_match(w, v), False, True),
    "arnlike": (lambda v, w: arn_match(w, v), False, True),
    "arnnotequals": (lambda v, w: arn_match(w, v), True, True),
    "arnnotlike": (lambda v, w: arn_match(w, v), True, True),
}


def known_operator(name: str) -> bool:
    base = name.split(":", 1)[-1].lower()
    base = base.removesuffix("ifexists")
    return base == "null" or base in _OPERATORS


def condition_holds(block: Any, context: Mapping[str, Any]) -> bool:
    """Whether a statement's ``Condition`` block holds for the request ``context``."""
    if not block:
        return True
    if not isinstance(block, dict):
        return False
    for operator, keys in block.items():
        if not isinstance(keys, dict):
            return False
        for key, wanted in keys.items():
            if not _key_holds(str(operator), str(key), as_list(wanted), context):
                return False
    return True


def _key_holds(operator: str, key: str, wanted: list[Any], context: Mapping[str, Any]) -> bool:
    qualifier, _, name = operator.rpartition(":")
    qualifier = qualifier.lower()
    name = name.lower()
    value = lookup(context, key)
    if name == "null":
        missing = value is None or value == []
        return any(str(w).lower() == ("true" if missing else "false") for w in wanted)
    if_exists = name.endswith("ifexists")
    entry = _OPERATORS.get(name.removesuffix("ifexists"))
    if entry is None:
        return False
    compare, negated, variables = entry
    if variables:
        substituted = [substitute(str(w), context) for w in wanted]
        patterns = [w for w in substituted if w is not None]
    else:
        patterns = [_text(w) for w in wanted]
    values = [_text(v) for v in as_list(value)]
    if not values:
        if qualifier == "forallvalues":
            return True
        return if_exists or (negated and qualifier != "foranyvalue")

    def matches(one: str) -> bool:
        hit = any(compare(one, w) for w in patterns)
        return not hit if negated else hit

    if qualifier == "forallvalues":
        return all(matches(v) for v in values)
    if qualifier == "foranyvalue":
        return any(matches(v) for v in values)
    if negated:
        return all(matches(v) for v in values)
    return any(matches(v) for v in values)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
