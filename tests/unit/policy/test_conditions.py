"""Condition operators and policy variables.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.policy.conditions import condition_holds, known_operator
from cloudlet.policy.variables import substitute


def holds(block: dict[str, Any], **context: Any) -> bool:
    return condition_holds(block, {k.lower() if "/" not in k else k: v
                                   for k, v in context.items()})


@pytest.mark.parametrize(("operator", "wanted", "value", "expected"), [
    ("StringEquals", "a", "a", True), ("StringEquals", "a", "A", False),
    ("StringNotEquals", "a", "b", True), ("StringNotEquals", ["a", "b"], "b", False),
    ("StringEqualsIgnoreCase", "a", "A", True), ("StringLike", "ab*", "abc", True),
    ("StringLike", "a?c", "abc", True), ("StringNotLike", "ab*", "abc", False),
    ("NumericLessThan", "10", "9", True), ("NumericGreaterThanEquals", "10", "10", True),
    ("NumericEquals", "10", "x", False),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", True),
    ("DateLessThan", "2020-01-01T00:00:00Z", "1500000000", True),
    ("Bool", "true", "true", True), ("Bool", "true", "false", False),
    ("BinaryEquals", "QmluYXJ5", "QmluYXJ5", True),
    ("IpAddress", "203.0.113.0/24", "203.0.113.9", True),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.1", True),
    ("ArnLike", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:t", True),
    ("ArnEquals", "arn:aws:sns:*:1:t", "arn:aws:sqs:us-east-1:1:t", False),
    ("ArnNotLike", "arn:aws:sns:*:1:*", "arn:aws:sqs:us-east-1:1:t", True),
])
def test_operator(operator: str, wanted: Any, value: str, expected: bool) -> None:
    assert holds({operator: {"k:v": wanted}}, **{"k:v": value}) is expected


def test_missing_key_positive_false_negated_true_if_exists_true() -> None:
    assert not holds({"StringEquals": {"aws:SourceArn": "x"}})
    assert holds({"StringNotEquals": {"aws:SourceArn": "x"}})
    assert holds({"StringEqualsIfExists": {"aws:SourceArn": "x"}})
    assert not holds({"StringEqualsIfExists": {"aws:SourceArn": "x"}}, **{"aws:SourceArn": "y"})


def test_null() -> None:
    assert holds({"Null": {"aws:TokenIssueTime": "true"}})
    assert not holds({"Null": {"aws:TokenIssueTime": "true"}}, **{"aws:TokenIssueTime": "t"})
    assert holds({"Null": {"aws:TokenIssueTime": "false"}}, **{"aws:TokenIssueTime": "t"})


def test_for_all_values_and_for_any_value() -> None:
    block = {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "team"]}}
    assert holds(block, **{"aws:TagKeys": ["env"]})
    assert not holds(block, **{"aws:TagKeys": ["env", "cost"]})
    assert holds(block)  # no values: true
    block = {"ForAnyValue:StringEquals": {"aws:TagKeys": ["env"]}}
    assert holds(block, **{"aws:TagKeys": ["cost", "env"]})
    assert not holds(block)


def test_all_operators_and_keys_must_hold() -> None:
    block = {"StringEquals": {"a:x": "1", "a:y": "2"}, "Bool": {"aws:SecureTransport": "false"}}
    assert holds(block, **{"a:x": "1", "a:y": "2", "aws:SecureTransport": "false"})
    assert not holds(block, **{"a:x": "1", "a:y": "3", "aws:SecureTransport": "false"})


def test_tag_key_case_is_kept_key_name_case_is_not() -> None:
    block = {"StringEquals": {"AWS:PrincipalTag/Team": "blue"}}
    assert holds(block, **{"aws:principaltag/Team": "blue"})
    assert not holds(block, **{"aws:principaltag/team": "blue"})


def test_variable_in_condition_value() -> None:
    block = {"StringLike": {"s3:prefix": "home/${aws:username}/*"}}
    assert holds(block, **{"s3:prefix": "home/alice/x", "aws:username": "alice"})


def test_unknown_operator_does_not_hold() -> None:
    assert not holds({"StringSortOf": {"a:b": "c"}}, **{"a:b": "c"})
    assert not known_operator("StringSortOf") and known_operator("ForAnyValue:StringLikeIfExists")


def test_substitute() -> None:
    ctx = {"aws:username": "bob"}
    assert substitute("a/${aws:username}", ctx) == "a/bob"
    assert substitute("${*}${?}${$}", ctx) == "*?$"
    assert substitute("${aws:PrincipalTag/x, 'none'}", ctx) == "none"
    assert substitute("${aws:userid}", ctx) is None
    assert substitute("no variables", ctx) == "no variables"
