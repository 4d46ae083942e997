"""The JSONPath side of the States Language, from the specification's and the developer
guide's examples: paths, reference paths, payload templates, intrinsics, Choice rules."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import choice, dataflow, intrinsics, jsonpath
from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonpath import Sources

P = "JSONPath"
CONTEXT = {"Execution": {"Id": "arn:x", "Name": "run-1"}, "State": {"Name": "S"}}
# The specification's example input ("Input and Output Processing").
SPEC = {"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}


def _scope(**variables: Any) -> dataflow.Scope:
    return dataflow.Scope(dict(CONTEXT), variables)


def _src(data: Any, **variables: Any) -> Sources:
    return Sources(data, dict(CONTEXT), variables)


# -- paths and the five fields -----------------------------------------------------

def test_the_specs_input_and_output_example() -> None:
    sd = {"InputPath": "$.numbers", "ResultPath": "$.sum", "OutputPath": "$"}
    effective = dataflow.state_input(sd, SPEC, _scope(), P)
    assert effective == {"val1": 3, "val2": 4}
    out, _ = dataflow.state_output(sd, SPEC, 7, _scope(), P)
    assert out == {**SPEC, "sum": 7}


def test_null_paths() -> None:
    assert dataflow.state_input({"InputPath": None}, SPEC, _scope(), P) == {}
    out, _ = dataflow.state_output({"ResultPath": None}, SPEC, 7, _scope(), P)
    assert out == SPEC
    out, _ = dataflow.state_output({"OutputPath": None}, SPEC, 7, _scope(), P)
    assert out == {}


def test_parameters_with_paths_context_variables_and_intrinsics() -> None:
    sd = {"Parameters": {"flagged": True, "parts": {"first.$": "$.numbers.val1"},
                         "run.$": "$$.Execution.Name", "who.$": "$user",
                         "msg.$": "States.Format('{} plus {}', $.numbers.val1, $.numbers.val2)",
                         "list": [{"x.$": "$.title"}]}}
    out = dataflow.state_input(sd, SPEC, _scope(user="ana"), P)
    assert out == {"flagged": True, "parts": {"first": 3}, "run": "run-1", "who": "ana",
                   "msg": "3 plus 4", "list": [{"x": "Numbers to add"}]}


def test_result_selector_then_result_path() -> None:
    sd = {"ResultSelector": {"code.$": "$.StatusCode"}, "ResultPath": "$.taskresult"}
    out, _ = dataflow.state_output(sd, {"in": 1}, {"StatusCode": 200, "Body": "x"}, _scope(), P)
    assert out == {"in": 1, "taskresult": {"code": 200}}


def test_result_path_creates_nested_fields_and_copies() -> None:
    raw = {"a": {"keep": 1}}
    out = jsonpath.set_result(raw, "$.a.b.c", 5)
    assert out == {"a": {"keep": 1, "b": {"c": 5}}}
    assert raw == {"a": {"keep": 1}}  # the input is not changed in place


def test_result_path_through_a_non_object_is_a_match_failure() -> None:
    with pytest.raises(StatesError) as exc:
        jsonpath.set_result({"a": 1}, "$.a.b", 5)
    assert exc.value.error == "States.ResultPathMatchFailure"
    with pytest.raises(StatesError):
        jsonpath.set_result([1], "$.x", 5)


def test_a_path_that_selects_nothing_is_a_runtime_error() -> None:
    with pytest.raises(StatesError) as exc:
        dataflow.state_input({"InputPath": "$.missing"}, SPEC, _scope(), P)
    assert exc.value.error == "States.Runtime"
    assert "$.missing" in exc.value.cause


def test_wildcards_filters_and_indexes() -> None:
    data = {"items": [{"n": 1, "ok": True}, {"n": 2, "ok": False}, {"n": 3, "ok": True}]}
    assert jsonpath.select("$.items[*].n", _src(data)) == [1, 2, 3]
    assert jsonpath.select("$.items[?(@.ok == true)].n", _src(data)) == [1, 3]
    assert jsonpath.select("$.items[1]", _src(data)) == {"n": 2, "ok": False}
    assert jsonpath.select("$..n", _src(data)) == [1, 2, 3]
    assert jsonpath.select("$['items'][0]['n']", _src(data)) == 1


def test_assign_sees_the_result_and_the_old_variables() -> None:
    sd = {"Assign": {"total.$": "$.sum", "before.$": "$count", "fixed": "x"}}
    out, assigned = dataflow.state_output(sd, {"in": 1}, {"sum": 9}, _scope(count=1), P)
    assert assigned == {"total": 9, "before": 1, "fixed": "x"}
    assert out == {"sum": 9}


def test_catch_puts_error_and_cause_at_its_result_path() -> None:
    out, _ = dataflow.error_output({}, {"in": 1}, "E", "why", {"ResultPath": "$.error"},
                                   _scope(), P)
    assert out == {"in": 1, "error": {"Error": "E", "Cause": "why"}}
    out, _ = dataflow.error_output({}, {"in": 1}, "E", "why", {}, _scope(), P)
    assert out == {"Error": "E", "Cause": "why"}


# -- intrinsics ---------------------------------------------------------------------

def _call(text: str, data: Any = None) -> Any:
    return intrinsics.evaluate(text, _src(data if data is not None else {}))


@pytest.mark.parametrize(("text", "expected"), [
    ("States.Format('Hello, {}!', $.name)", "Hello, Ana!"),
    ("States.Format('{} \\{literal\\} \\'q\\'', 1)", "1 {literal} 'q'"),
    ("States.StringToJson('{\"a\": [1, 2]}')", {"a": [1, 2]}),
    ("States.JsonToString($.obj)", '{"k":1}'),
    ("States.Array(1, 'two', $.name)", [1, "two", "Ana"]),
    ("States.ArrayPartition(States.Array(1, 2, 3, 4, 5), 2)", [[1, 2], [3, 4], [5]]),
    ("States.ArrayContains(States.Array(1, 2), 2)", True),
    ("States.ArrayContains(States.Array(1, 2), 3)", False),
    ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
    ("States.ArrayGetItem(States.Array('a', 'b'), 1)", "b"),
    ("States.ArrayLength(States.Array(1, 2, 3))", 3),
    ("States.ArrayUnique(States.Array(1, 2, 1, 'a', 'a'))", [1, 2, "a"]),
    ("States.Base64Encode('Data to encode')", base64.b64encode(b"Data to encode").decode()),
    ("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "Data to encode"),
    ("States.Hash('input data', 'SHA-1')", hashlib.sha1(b"input data").hexdigest()),
    ("States.JsonMerge($.a, $.b, false)", {"x": 1, "y": {"z": 2}}),
    ("States.MathAdd(111, -1)", 110),
    ("States.StringSplit('1,2,3', ',')", ["1", "2", "3"]),
    ("States.ArrayLength(States.StringSplit(States.Format('{}-{}', 1, 2), '-'))", 2),
])
def test_intrinsics(text: str, expected: Any) -> None:
    data = {"name": "Ana", "obj": {"k": 1}, "a": {"x": 1, "y": {"w": 0}}, "b": {"y": {"z": 2}}}
    assert _call(text, data) == expected


def test_random_and_uuid() -> None:
    assert 1 <= _call("States.MathRandom(1, 10)") < 10
    assert _call("States.MathRandom(1, 100, 7)") == _call("States.MathRandom(1, 100, 7)")
    uuid = _call("States.UUID()")
    assert len(uuid) == 36 and uuid[14] == "4"


@pytest.mark.parametrize("text", [
    "States.Format('{} {}', 1)", "States.StringToJson('{')", "States.ArrayPartition(1, 2)",
    "States.ArrayPartition(States.Array(1), 0)", "States.ArrayRange(1, 5, 0)",
    "States.ArrayGetItem(States.Array(1), 5)", "States.Base64Decode('***')",
    "States.Hash('x', 'SHA-3')", "States.MathAdd('a', 1)", "States.JsonMerge($.a, $.b, true)",
    "States.ArrayLength(1)", "States.ArrayRange(1, 20000, 1)",
])
def test_bad_arguments_are_intrinsic_failures(text: str) -> None:
    with pytest.raises(StatesError) as exc:
        _call(text, {"a": {}, "b": {}})
    assert exc.value.error == "States.IntrinsicFailure"


# -- Choice rules -----------------------------------------------------------------------

DATA = {"n": 5, "s": "beta", "t": "2026-01-02T03:04:05Z", "b": True, "z": None,
        "other": 5, "later": "2026-06-01T00:00:00+02:00", "pattern": "log-2026.txt"}


@pytest.mark.parametrize(("rule", "holds"), [
    ({"Variable": "$.n", "NumericEquals": 5}, True),
    ({"Variable": "$.n", "NumericLessThan": 5}, False),
    ({"Variable": "$.n", "NumericGreaterThanEquals": 5}, True),
    ({"Variable": "$.n", "NumericLessThanEqualsPath": "$.other"}, True),
    ({"Variable": "$.n", "NumericGreaterThanPath": "$.other"}, False),
    ({"Variable": "$.s", "StringEquals": "beta"}, True),
    ({"Variable": "$.s", "StringLessThan": "alpha"}, False),
    ({"Variable": "$.s", "StringGreaterThanEquals": "beta"}, True),
    ({"Variable": "$.s", "StringEqualsPath": "$.s"}, True),
    ({"Variable": "$.pattern", "StringMatches": "log-*.txt"}, True),
    ({"Variable": "$.pattern", "StringMatches": "log-\\*.txt"}, False),
    ({"Variable": "$.b", "BooleanEquals": True}, True),
    ({"Variable": "$.b", "BooleanEqualsPath": "$.b"}, True),
    ({"Variable": "$.t", "TimestampEquals": "2026-01-02T03:04:05Z"}, True),
    ({"Variable": "$.t", "TimestampLessThanPath": "$.later"}, True),
    ({"Variable": "$.later", "TimestampGreaterThan": "2026-05-31T21:59:59Z"}, True),
    ({"Variable": "$.n", "IsNumeric": True}, True),
    ({"Variable": "$.s", "IsString": True}, True),
    ({"Variable": "$.b", "IsBoolean": True}, True),
    ({"Variable": "$.z", "IsNull": True}, True),
    ({"Variable": "$.t", "IsTimestamp": True}, True),
    ({"Variable": "$.s", "IsTimestamp": True}, False),
    ({"Variable": "$.nope", "IsPresent": False}, True),
    ({"Variable": "$.n", "IsPresent": True}, True),
    ({"Variable": "$.s", "NumericEquals": 5}, False),  # a type mismatch is false, not an error
    ({"And": [{"Variable": "$.n", "NumericEquals": 5}, {"Variable": "$.b",
                                                        "BooleanEquals": True}]}, True),
    ({"Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.s",
                                                       "StringEquals": "beta"}]}, True),
    ({"Not": {"Variable": "$.n", "NumericEquals": 5}}, False),
])
def test_choice_rules(rule: dict[str, Any], holds: bool) -> None:
    assert choice.matches(rule, _src(DATA)) is holds


def test_choice_picks_the_first_rule_that_holds() -> None:
    sd = {"Choices": [{"Variable": "$.n", "NumericLessThan": 0, "Next": "Neg"},
                      {"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Pos"},
                      {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}]}
    rule = dataflow.choose_rule(sd, DATA, _scope(), P)
    assert rule is not None and rule["Next"] == "Pos"
    assert dataflow.choose_rule(sd, {"n": 0}, _scope(), P) is None


def test_wait_fields() -> None:
    assert dataflow.wait_until({"Seconds": 10}, {}, _scope(), P, 100.0) == 110.0
    assert dataflow.wait_until({"SecondsPath": "$.s"}, {"s": 5}, _scope(), P, 100.0) == 105.0
    assert dataflow.wait_until({"TimestampPath": "$.t"}, DATA, _scope(), P, 0.0) == (
        choice.parse_timestamp(DATA["t"]).timestamp())
    with pytest.raises(StatesError):
        dataflow.wait_until({"SecondsPath": "$.s"}, {"s": -1}, _scope(), P, 0.0)


def test_fail_fields_and_their_paths() -> None:
    assert dataflow.fail_fields({"Error": "E", "Cause": "c"}, {}, _scope(), P) == ("E", "c")
    assert dataflow.fail_fields({"ErrorPath": "$.e", "CausePath": "States.Format('{}!', $.c)"},
                                {"e": "Bad", "c": "why"}, _scope(), P) == ("Bad", "why!")


def test_map_items_path_and_item_selector() -> None:
    sd = {"ItemsPath": "$.list", "ItemSelector": {"v.$": "$$.Map.Item.Value",
                                                  "i.$": "$$.Map.Item.Index", "k.$": "$.k"}}
    raw = {"list": ["a", "b"], "k": 1}
    assert dataflow.items(sd, raw, _scope(), P) == ["a", "b"]
    assert dataflow.item_input(sd, "b", 1, raw, _scope(), P) == {"v": "b", "i": 1, "k": 1}
    with pytest.raises(StatesError):
        dataflow.items({"ItemsPath": "$.k"}, raw, _scope(), P)
