"""Filter patterns (cloudlet.services.logs.filter_pattern)."""

from __future__ import annotations

import pytest

from cloudlet.services.logs.errors import InvalidParameterException
from cloudlet.services.logs.filter_pattern import compile_pattern


@pytest.mark.parametrize(("pattern", "message", "expected"), [
    ("", "anything", True),
    ("ERROR", "an ERROR here", True),
    ("ERROR", "an error here", False),
    ("ERROR disk", "ERROR: disk full", True),
    ("ERROR disk", "ERROR: memory", False),
    ('"timed out"', "Task timed out after", True),
    ('"timed out"', "timed and out", False),
    ("?WARN ?ERROR", "WARN x", True),
    ("?WARN ?ERROR", "INFO x", False),
    ("ERROR -disk", "ERROR disk", False),
    ("ERROR -disk", "ERROR net", True),
    ('{ $.level = "error" }', '{"level": "error"}', True),
    ('{ $.level = "err*" }', '{"level": "error"}', True),
    ('{ $.level != "error" }', '{"level": "info"}', True),
    ("{ $.code >= 500 }", '{"code": 503}', True),
    ("{ $.code >= 500 }", '{"code": 200}', False),
    ("{ $.a.b = 1 }", '{"a": {"b": 1}}', True),
    ("{ $.list[1] = 2 }", '{"list": [1, 2]}', True),
    ('{ $.x = 1 && $.y = "z" }', '{"x": 1, "y": "z"}', True),
    ('{ $.x = 2 || $.y = "z" }', '{"x": 1, "y": "z"}', True),
    ("{ $.x = 1 }", "not json", False),
    ("{ $.missing = 1 }", '{"x": 1}', False),
])
def test_pattern_matches(pattern: str, message: str, expected: bool) -> None:
    assert compile_pattern(pattern)(message) is expected


@pytest.mark.parametrize("pattern", ["[ip, user]", "{ nonsense }", '"unclosed'])
def test_unsupported_or_invalid_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(InvalidParameterException):
        compile_pattern(pattern)
