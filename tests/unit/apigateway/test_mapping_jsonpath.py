"""JSONPath as mapping templates use it."""

from __future__ import annotations

import pytest

from cloudlet.services.apigateway.gateway.mapping_jsonpath import JsonPathError, evaluate

DOC = {"a": {"b": [10, 20, 30], "c d": "x"}, "list": [{"n": 1}, {"n": 2}]}


@pytest.mark.parametrize(("path", "expected"), [
    ("$", DOC),
    ("$.a.b", [10, 20, 30]),
    ("$.a.b[1]", 20),
    ("$.a.b[-1]", 30),
    ("$['a']['c d']", "x"),
    ("$.list[*].n", [1, 2]),
    ("$..n", [1, 2]),
    ("$.a.b[0:2]", [10, 20]),
    ("$.a.b[0,2]", [10, 30]),
    ("$.a.b.length()", 3),
    ("$.missing", None),
    ("$.a.b[9]", None),
    ("a.c d" if False else "a.b[0]", 10),
])
def test_evaluate(path: str, expected: object) -> None:
    assert evaluate(path, DOC) == expected


def test_filters_are_not_supported() -> None:
    with pytest.raises(JsonPathError, match="not supported"):
        evaluate("$.list[?(@.n > 1)]", DOC)


def test_bad_path_is_an_error() -> None:
    with pytest.raises(JsonPathError):
        evaluate("$.a[", DOC)
