"""Choice rules (``language/choice.py``): every operator, its ``...Path`` form, the type
tests, ``StringMatches``, the Boolean combinators and timestamps.

https://states-language.net/spec.html#choice-state
https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import choice, dataflow
from tests.unit.stepfunctions.language.support import P, fails, scope, src

# One value of every JSON type, as AWS's own runs of the type tests use.
KINDS: list[Any] = [None, 0, 0.0, 1, 1.1, "", "HelloWorld", "2012-10-09T19:00:55Z", [], [""],
                    {}, {"A": 0}, True, False]


def holds(rule: dict[str, Any], data: Any, **variables: Any) -> bool:
    return choice.matches(rule, src(data, **variables))


# (operator, variable, value, holds) - each also checked in its ...Path form.
COMPARISONS: list[tuple[str, Any, Any, bool]] = [
    ("NumericEquals", 1, 1.0, True), ("NumericEquals", 0.0, 0, True),
    ("NumericEquals", 1.1, 1, False), ("NumericEquals", 2.22, 2.22, True),
    ("NumericLessThan", 1, 2, True), ("NumericLessThan", 2, 2, False),
    ("NumericGreaterThan", 1, 0, True), ("NumericGreaterThan", 0, 0, False),
    ("NumericLessThanEquals", 2, 2, True), ("NumericLessThanEquals", 3, 2, False),
    ("NumericGreaterThanEquals", 0.0, 0, True), ("NumericGreaterThanEquals", 0, 1, False),
    ("StringEquals", "Hello", "Hello", True), ("StringEquals", " ", "     ", False),
    ("StringEquals", "\t\n", "\t\r\n", False),
    ("StringLessThan", "A", "AB", True), ("StringLessThan", "", "", False),
    ("StringGreaterThan", "AB", "A", True), ("StringGreaterThan", "A", "A ", False),
    ("StringLessThanEquals", "", "", True), ("StringLessThanEquals", "AB", "A", False),
    ("StringGreaterThanEquals", "AB", "A", True), ("StringGreaterThanEquals", "A", "AB", False),
    ("BooleanEquals", True, True, True), ("BooleanEquals", False, False, True),
    ("BooleanEquals", False, True, False),
    ("TimestampEquals", "2012-10-09T19:00:55Z", "2012-10-09T19:00:55Z", True),
    ("TimestampEquals", "2012-10-09T20:00:55+01:00", "2012-10-09T19:00:55Z", True),
    ("TimestampEquals", "2012-10-09T19:00:55.000Z", "2012-10-09T19:00:55Z", True),
    ("TimestampLessThan", "2012-10-09T19:00:55Z", "2012-10-09T19:00:56Z", True),
    ("TimestampLessThan", "2012-10-09T19:00:55.5Z", "2012-10-09T19:00:55.25Z", False),
    ("TimestampGreaterThan", "2012-10-09T19:00:56Z", "2012-10-09T19:00:55Z", True),
    # Later as a clock reading, earlier as an instant.
    ("TimestampGreaterThan", "2026-06-01T01:00:00+02:00", "2026-05-31T23:30:00Z", False),
    ("TimestampLessThanEquals", "2026-06-01T01:00:00+02:00", "2026-05-31T23:00:00Z", True),
    ("TimestampGreaterThanEquals", "2012-10-09T19:00:55Z", "2012-10-09T19:00:56Z", False),
]


@pytest.mark.parametrize(("operator", "variable", "value", "expected"), COMPARISONS)
def test_comparisons(operator: str, variable: Any, value: Any, expected: bool) -> None:
    data = {"v": variable, "other": value}
    assert holds({"Variable": "$.v", operator: value}, data) is expected
    assert holds({"Variable": "$.v", f"{operator}Path": "$.other"}, data) is expected


@pytest.mark.parametrize(("operator", "value", "matching"), [
    ("NumericEquals", 0, {1, 2}),
    ("NumericLessThan", 9, {1, 2, 3, 4}),
    ("StringEquals", "", {5}),
    ("StringGreaterThanEquals", "", {5, 6, 7}),
    ("BooleanEquals", False, {13}),
    ("TimestampLessThanEquals", "2999-01-01T00:00:00Z", {7}),
])
def test_a_value_of_another_type_never_matches(operator: str, value: Any,
                                                matching: set[int]) -> None:
    # As AWS runs them: NumericEquals 0 holds for 0 and 0.0 only, not for null, false, "" ...
    for index, kind in enumerate(KINDS):
        assert holds({"Variable": "$.v", operator: value}, {"v": kind}) is (index in matching)


@pytest.mark.parametrize(("test", "accepts"), [
    ("IsNull", lambda v: v is None),
    ("IsNumeric", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    ("IsString", lambda v: isinstance(v, str)),
    ("IsBoolean", lambda v: isinstance(v, bool)),
    ("IsTimestamp", lambda v: v == "2012-10-09T19:00:55Z"),
    ("IsPresent", lambda v: True),
])
def test_type_tests_over_every_kind_of_value(test: str, accepts: Any) -> None:
    for kind in KINDS:
        assert holds({"Variable": "$.v", test: True}, {"v": kind}) is accepts(kind), kind
        assert holds({"Variable": "$.v", test: False}, {"v": kind}) is not accepts(kind), kind


def test_is_present_on_missing_fields_context_and_variables() -> None:
    assert holds({"Variable": "$.nope", "IsPresent": False}, {}) is True
    assert holds({"Variable": "$.nope.deeper", "IsPresent": True}, {}) is False
    assert holds({"Variable": "$$.Execution.Name", "IsPresent": True}, {}) is True
    assert holds({"Variable": "$$.Map.Item", "IsPresent": True}, {}) is False
    assert holds({"Variable": "$count", "IsPresent": True}, {}, count=0) is True
    assert holds({"Variable": "$count", "IsPresent": True}, {}) is False


@pytest.mark.parametrize(("stamp", "valid"), [
    ("2016-03-14T01:59:00Z", True),
    ("2016-03-14T01:59:00.123Z", True),
    ("2016-03-14T01:59:00.123456789Z", True),
    ("2016-03-14T01:59:00+01:00", True),
    ("2016-03-14T01:59:00-05:30", True),
    ("2016-03-14T01:59:00", False),     # no offset
    ("2016-03-14t01:59:00Z", False),    # lower-case t
    ("2016-03-14T01:59:00z", False),    # lower-case z
    ("2016-03-14 01:59:00Z", False),
    ("2016-03-14", False),
    ("2016-13-05T21:29:29Z", False),    # month 13
    ("2016-12-05T25:29:29Z", False),    # hour 25
    ("20160314T015900Z", False),
    ("2016-03-14T01Z", False),
])
def test_timestamps_follow_rfc3339_as_the_spec_restricts_it(stamp: str, valid: bool) -> None:
    assert holds({"Variable": "$.t", "IsTimestamp": True}, {"t": stamp}) is valid
    assert (choice.parse_timestamp(stamp) is not None) is valid


@pytest.mark.parametrize(("pattern", "value", "expected"), [
    ("foo*.log", "foo23.log", True), ("*.log", "zebra.log", True),
    ("foo*.*", "foobar.zebra", True), ("foo*.log", "foo23.txt", False),
    ("*", "", True), ("log-*-end", "log--end", True), ("a.c", "abc", False),
    ("[ab]?", "[ab]?", True), ("^x$", "^x$", True),
    ("literal\\*star", "literal*star", True), ("literal\\*star", "literalXstar", False),
    ("back\\\\slash*", "back\\slash-and-more", True),
    ("multi*\nline", "multi-\nline", True),
])
def test_string_matches(pattern: str, value: str, expected: bool) -> None:
    assert holds({"Variable": "$.s", "StringMatches": pattern}, {"s": value}) is expected


def test_string_matches_on_a_non_string_is_false() -> None:
    assert holds({"Variable": "$.s", "StringMatches": "*"}, {"s": 1}) is False


def test_and_or_not_nest() -> None:
    data = {"n": 5, "s": "beta"}
    five = {"Variable": "$.n", "NumericEquals": 5}
    beta = {"Variable": "$.s", "StringEquals": "beta"}
    alpha = {"Variable": "$.s", "StringEquals": "alpha"}
    assert holds({"And": [five, beta]}, data) is True
    assert holds({"And": [five, alpha]}, data) is False
    assert holds({"Or": [alpha, five]}, data) is True
    assert holds({"Or": [alpha, {"Not": five}]}, data) is False
    assert holds({"Not": {"And": [five, alpha]}}, data) is True
    assert holds({"And": [{"Or": [alpha, beta]}, {"Not": alpha}]}, data) is True


def test_the_spec_example_rule() -> None:
    # "Not": {"Variable": "$.type", "StringEquals": "Private"}, and a numeric range.
    rule = {"And": [{"Not": {"Variable": "$.type", "StringEquals": "Private"}},
                    {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                    {"Variable": "$.value", "NumericLessThan": 30}]}
    assert holds(rule, {"type": "Public", "value": 25}) is True
    assert holds(rule, {"type": "Private", "value": 25}) is False
    assert holds(rule, {"type": "Public", "value": 30}) is False


def test_variables_and_context_can_be_compared() -> None:
    assert holds({"Variable": "$limit", "NumericGreaterThanPath": "$.n"}, {"n": 1}, limit=2)
    assert holds({"Variable": "$.n", "NumericLessThanPath": "$limit"}, {"n": 1}, limit=2)
    assert holds({"Variable": "$$.Execution.Name", "StringEquals": "run-1"}, {})


def test_a_missing_variable_is_a_runtime_error() -> None:
    error = fails("States.Runtime", holds, {"Variable": "$.x", "NumericEquals": 1}, {})
    assert error.cause == ("Invalid path '$.x': The choice state's condition path references"
                           " an invalid value.")
    fails("States.Runtime", holds, {"Variable": "$.x", "IsNull": True}, {})


def test_a_missing_path_operand_is_a_runtime_error() -> None:
    fails("States.Runtime", holds, {"Variable": "$.n", "NumericEqualsPath": "$.nope"}, {"n": 1})


def test_choose_rule_takes_the_first_rule_that_holds_after_input_path() -> None:
    sd = {"InputPath": "$.attributes",
          "Choices": [{"Variable": "$.n", "NumericLessThan": 0, "Next": "Neg"},
                      {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Pos"},
                      {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}]}
    rule = dataflow.choose_rule(sd, {"attributes": {"n": 5}}, scope(), P)
    assert rule is not None and rule["Next"] == "Pos"
    assert dataflow.choose_rule(sd, {"attributes": {"n": 0}}, scope(), P) is None
