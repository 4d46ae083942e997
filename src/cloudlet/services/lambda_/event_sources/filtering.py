"""FilterCriteria: which records reach the function.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
- A record is sent when it matches ANY of the (at most 5) filters; a mapping without
  filters sends every record. Records filtered out are acknowledged (SQS: deleted;
  streams: checkpointed past) without an invocation.
- What a pattern sees: an SQS record with ``body`` parsed when it is valid JSON (else
  the plain string); a Kinesis record's ``kinesis`` member with ``data`` base64-decoded and parsed
  when JSON;
  a DynamoDB stream record as it is.
- A filter whose Pattern is not a valid event pattern is refused by
  Create/UpdateEventSourceMapping: InvalidParameterValueException "Invalid filter pattern
  definition."

The patterns themselves are EventBridge's grammar, compiled by ``cloudlet.patterns``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from typing import Any

from cloudlet.patterns import PatternError, compile_event_pattern
from cloudlet.services.lambda_.errors import InvalidParameterValueException

Matcher = Callable[[Mapping[str, Any]], bool]


def compile_filter(text: str) -> Matcher:
    """The matcher of one Filter's Pattern; InvalidParameterValueException when invalid."""
    try:
        pattern = json.loads(text)
    except ValueError:
        pattern = None
    if not isinstance(pattern, dict):
        raise InvalidParameterValueException("Invalid filter pattern definition.")
    try:
        compiled = compile_event_pattern(pattern)
    except PatternError:
        raise InvalidParameterValueException("Invalid filter pattern definition.") from None
    matches: Matcher = compiled.matches
    return matches


def matchers(criteria: Mapping[str, Any] | None) -> list[Matcher]:
    if not criteria:
        return []
    return [compile_filter(f.get("Pattern") or "") for f in criteria.get("Filters") or []]


def sqs_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """An SQS event record as a filter sees it: ``body`` parsed when it is JSON."""
    out = dict(record)
    out["body"] = _json_or(record.get("body", ""))
    return out


def kinesis_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """A Kinesis event record as a filter sees it: its ``kinesis`` member (partitionKey,
    sequenceNumber, ...) with ``data`` base64-decoded and parsed when it is JSON."""
    inner = dict(record.get("kinesis") or {})
    try:
        raw = base64.b64decode(inner.get("data", ""), validate=True).decode("utf-8")
        inner["data"] = _json_or(raw)
    except (binascii.Error, UnicodeDecodeError):
        pass
    return inner


def _json_or(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def selected(record: Mapping[str, Any], filters: list[Matcher]) -> bool:
    """Whether ``record`` (as its source's view) passes the filters."""
    return not filters or any(match(record) for match in filters)
