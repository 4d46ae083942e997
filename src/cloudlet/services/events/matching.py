"""Event patterns, through ``cloudlet.patterns`` (AWS's Event Ruler semantics).

https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
An invalid pattern is InvalidEventPatternException (400) with AWS's reason.
"""

from __future__ import annotations

from typing import Any

from cloudlet.patterns import PatternError, compile_event_pattern, matches_event_pattern
from cloudlet.services.events.errors import InvalidEventPatternException


def check_pattern(text: str) -> None:
    """InvalidEventPatternException unless ``text`` is a valid event pattern."""
    try:
        compile_event_pattern(text)
    except PatternError as err:
        raise InvalidEventPatternException(err.message) from None


def matches(text: str, event: dict[str, Any]) -> bool:
    """Whether a stored (valid) pattern matches ``event``."""
    try:
        return matches_event_pattern(text, event)
    except PatternError:
        return False
