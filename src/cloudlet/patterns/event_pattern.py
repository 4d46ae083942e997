"""EventBridge event patterns (also Lambda event-source FilterCriteria and Pipes filters).

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html

- An invalid pattern raises ``PatternError`` with EventBridge's text, "Event pattern is not
  valid. Reason: <Ruler's reason>" (InvalidEventPatternException, 400, on PutRule and
  TestEventPattern).
- A pattern is compiled once; ``matches_event_pattern`` keeps the last compiled patterns.
- Lambda FilterCriteria: the caller prepares the record (an SQS ``body`` parsed when it is
  JSON, Kinesis ``data`` decoded) and matches it here.

LIMITATIONS: reasons carry no Jackson source location (" at [Source: ...]"); numbers follow the
documented -5e9..5e9, six-decimal rule (the newest Ruler compares any double exactly); keys
containing dots are not folded into nested paths as Ruler does ({"a.b": ..} vs {"a": {"b": ..}}).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, NoReturn

from cloudlet.patterns.errors import PatternError
from cloudlet.patterns.tree import Grammar, Pattern

PREFIX = "Event pattern is not valid. Reason: "


def _fail(reason: str) -> NoReturn:
    raise PatternError(PREFIX + reason, reason)


_GRAMMAR = Grammar(_fail)


def load_json(text: str | bytes, fail: Any) -> Any:
    """Parse a pattern's JSON text, refusing NaN/Infinity as Jackson does."""

    def constant(name: str) -> Any:
        fail(f"Non-standard token '{name}'")

    try:
        return json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as err:
        fail(f"{err.msg} at line {err.lineno} column {err.colno}")
    except UnicodeDecodeError as err:
        fail(str(err))


def compile_event_pattern(pattern: str | dict[str, Any]) -> Pattern:
    """Compile an EventBridge pattern (JSON text or the parsed object)."""
    parsed = load_json(pattern, _fail) if isinstance(pattern, (str, bytes)) else pattern
    return Pattern(_GRAMMAR.compile(parsed), pattern)


@lru_cache(maxsize=1024)
def _cached(text: str) -> Pattern:
    return compile_event_pattern(text)


def matches_event_pattern(pattern: str | dict[str, Any], event: Any) -> bool:
    """Compile (cached by the pattern's text) and match; an invalid pattern raises."""
    text = pattern if isinstance(pattern, str) else json.dumps(pattern, sort_keys=True)
    return _cached(text).matches(event)
