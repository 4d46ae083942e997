"""The JSONata query language of Step Functions, through ``dataflow`` with lang "JSONata":
each field, the functions AWS adds, variables and evaluation errors.

https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import dataflow
from cloudlet.services.stepfunctions.language.dataflow import Scope
from cloudlet.services.stepfunctions.language.errors import StatesError

L = "JSONata"
QE = "States.QueryEvaluationError"


def scope(**variables: Any) -> Scope:
    return Scope({"State": {"Name": "S"}, "Execution": {"Name": "run-1"}}, variables)


def output(sd: dict[str, Any], raw: Any = None, result: Any = None, **variables: Any) -> Any:
    return dataflow.state_output(sd, raw, result, scope(**variables), L)[0]


def value(expr: str, raw: Any = None, **variables: Any) -> Any:
    """What one expression evaluates to, as a Pass state's Output."""
    return output({"Type": "Pass", "Output": "{% " + expr + " %}"}, raw, **variables)


def query_error(fn: Any, *args: Any) -> StatesError:
    with pytest.raises(StatesError) as exc:
        fn(*args)
    assert exc.value.error == QE
    return exc.value


# -- templates ------------------------------------------------------------------------


def test_literals_pass_through_unchanged() -> None:
    sd = {"Type": "Pass", "Output": {"a": "$.x", "b": [1, "{ % no % }"], "c": None}}
    assert output(sd, {"x": 1}) == {"a": "$.x", "b": [1, "{ % no % }"], "c": None}


def test_expressions_are_evaluated_inside_objects_and_arrays() -> None:
    sd = {"Type": "Pass", "Output": {"t": "{% $states.input.title %}",
                                     "l": [1, "{%$states.input.n * 2%}"],
                                     "deep": {"name": "{% $who %}"}}}
    got = output(sd, {"title": "Doctor", "n": 4}, who="Jo")
    assert got == {"t": "Doctor", "l": [1, 8], "deep": {"name": "Jo"}}


def test_null_is_a_value() -> None:
    assert value("null") is None
    assert value("$states.input.a", {"a": None}) is None
    assert value("$v", v=None) is None
    assert value("[$v, 1]", v=None) == [None, 1]


def test_undefined_leaves_keys_and_items_out() -> None:
    sd = {"Type": "Pass", "Output": {"k": "{% $states.input.nope %}", "kept": 1,
                                     "l": [1, "{% $nope %}", {"x": "{% $nope %}"}]}}
    assert output(sd, {}) == {"kept": 1, "l": [1, {}]}


def test_a_whole_field_that_is_undefined_is_an_error() -> None:
    err = query_error(output, {"Type": "Pass", "Output": "{% $states.input.nope %}"}, {})
    assert "'$states.input.nope'" in err.cause and "'Output'" in err.cause
    assert "returned nothing (undefined)" in err.cause and "state 'S'" in err.cause
    query_error(dataflow.state_input, {"Type": "Task", "Arguments": "{% $nope %}"}, {},
                scope(), L)


def test_errors_name_the_nested_field() -> None:
    err = query_error(output, {"Type": "Pass", "Output": {"a": ["{% 1 + 'x' %}"]}}, {})
    assert "'Output/a[0]'" in err.cause


def test_evaluation_and_syntax_errors_are_query_errors() -> None:
    err = query_error(value, "$states.input.a + 1", {"a": "x"})
    assert "threw an error during evaluation" in err.cause
    query_error(value, "1 +")
    query_error(value, "$nosuch(1)")


def test_functions_are_not_json() -> None:
    query_error(value, "function($x) { $x }")


def test_numbers_print_as_json() -> None:
    assert value("2 * 1.5") == 3 and isinstance(value("2 * 1.5"), int)
    assert value("3 / 2") == 1.5
    assert json.dumps(value("$sum([1, 2.0])")) == "3"


def test_builtin_functions_work() -> None:
    assert value("$uppercase($states.input.s)", {"s": "ab"}) == "AB"
    assert value("$merge([$states.input, {'b': 2}])", {"a": 1}) == {"a": 1, "b": 2}
    assert value("$states.input.xs[$ > 1]", {"xs": [1, 2, 3]}) == [2, 3]


# -- $states and variables ------------------------------------------------------------


def test_states_context_and_input_document() -> None:
    assert value("$states.context.Execution.Name") == "run-1"
    assert value("title", {"title": "Dr"}) == "Dr"


def test_task_output_defaults_to_result_and_sees_it() -> None:
    task = {"Type": "Task"}
    assert output(task, {"in": 1}, {"r": 2}) == {"r": 2}
    sd = {"Type": "Task", "Output": {"i": "{% $states.input.in %}", "r": "{% $states.result.r %}"}}
    assert output(sd, {"in": 1}, {"r": 2}) == {"i": 1, "r": 2}


def test_pass_and_passthrough_states_default_to_input() -> None:
    for kind in ("Pass", "Wait", "Succeed", "Choice"):
        assert output({"Type": kind}, {"in": 1}, {"in": 1}) == {"in": 1}
    query_error(output, {"Type": "Pass", "Output": "{% $states.result %}"}, {}, {})


def test_assign_sees_variables_before_the_state() -> None:
    sd = {"Type": "Task", "Assign": {"count": "{% $count + 1 %}", "r": "{% $states.result %}",
                                     "lit": [1]},
          "Output": {"seen": "{% $count %}"}}
    out, assigned = dataflow.state_output(sd, {}, "R", scope(count=1), L)
    assert out == {"seen": 1}
    assert assigned == {"count": 2, "r": "R", "lit": [1]}


def test_assign_must_be_an_object() -> None:
    query_error(dataflow.state_output, {"Type": "Pass", "Assign": "{% 1 %}"}, {}, {},
                scope(), L)


def test_arguments_give_the_effective_input() -> None:
    sd = {"Type": "Task", "Arguments": {"Payload": "{% $states.input %}", "x": "{% $v %}"}}
    assert dataflow.state_input(sd, {"a": 1}, scope(v=2), L) == {"Payload": {"a": 1}, "x": 2}
    assert dataflow.state_input({"Type": "Task"}, {"a": 1}, scope(), L) == {"a": 1}
    assert dataflow.state_input({"Type": "Task", "Arguments": "{% $states.input.a %}"},
                                {"a": [1]}, scope(), L) == [1]


def test_catch_output_defaults_to_error_output() -> None:
    out, assigned = dataflow.error_output({"Type": "Task"}, {"in": 1}, "E", "C", {"Next": "X"},
                                          scope(), L)
    assert out == {"Error": "E", "Cause": "C"} and assigned == {}
    catcher = {"Next": "X", "Output": {"in": "{% $states.input.in %}",
                                       "err": "{% $states.errorOutput.Error %}"},
               "Assign": {"why": "{% $states.errorOutput.Cause %}"}}
    out, assigned = dataflow.error_output({"Type": "Task"}, {"in": 1}, "E", "C", catcher,
                                          scope(), L)
    assert out == {"in": 1, "err": "E"} and assigned == {"why": "C"}


# -- Choice, Wait, Fail, Map, Task timeouts ----------------------------------------------


def test_choice_picks_first_true_condition() -> None:
    sd = {"Type": "Choice", "Choices": [
        {"Condition": "{% $states.input.n > 10 %}", "Next": "Big"},
        {"Condition": "{% $states.input.n > 1 and $limit = 5 %}", "Next": "Mid",
         "Assign": {"a": 1}},
        {"Condition": True, "Next": "Always"}]}
    rule = dataflow.choose_rule(sd, {"n": 3}, scope(limit=5), L)
    assert rule is not None and rule["Next"] == "Mid" and rule["Assign"] == {"a": 1}
    found = dataflow.choose_rule(sd, {"n": 0}, scope(limit=5), L)
    assert found is not None and found["Next"] == "Always"
    assert dataflow.choose_rule({"Choices": sd["Choices"][:1]}, {"n": 0}, scope(), L) is None


def test_choice_condition_must_be_boolean() -> None:
    sd = {"Choices": [{"Condition": "{% $states.input.n %}", "Next": "X"}]}
    err = query_error(dataflow.choose_rule, sd, {"n": 1}, scope(), L)
    assert "'Condition'" in err.cause and "a boolean" in err.cause


def test_wait_seconds_and_timestamp() -> None:
    s = scope(delay=7)
    assert dataflow.wait_until({"Seconds": 5}, {}, s, L, 100.0) == 105.0
    assert dataflow.wait_until({"Seconds": "{% $delay %}"}, {}, s, L, 100.0) == 107.0
    ts = {"Timestamp": "{% $states.input.at %}"}
    assert dataflow.wait_until(ts, {"at": "1970-01-01T00:01:00Z"}, s, L, 0.0) == 60.0
    query_error(dataflow.wait_until, {"Seconds": "{% -1 %}"}, {}, s, L, 0.0)
    query_error(dataflow.wait_until, {"Seconds": "{% 'x' %}"}, {}, s, L, 0.0)
    query_error(dataflow.wait_until, ts, {"at": "yesterday"}, s, L, 0.0)


def test_fail_error_and_cause() -> None:
    sd = {"Error": "{% 'Bad.' & $states.input.kind %}", "Cause": "{% $why %}"}
    assert dataflow.fail_fields(sd, {"kind": "Input"}, scope(why="w"), L) == ("Bad.Input", "w")
    assert dataflow.fail_fields({"Error": "E"}, {}, scope(), L) == ("E", None)
    query_error(dataflow.fail_fields, {"Cause": "{% 42 %}"}, {}, scope(), L)


def test_map_items_and_item_selector() -> None:
    sd = {"Type": "Map", "Items": "{% $states.input.xs %}",
          "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}",
                           "i": "{% $states.context.Map.Item.Index %}",
                           "tag": "{% $states.input.tag %}"}}
    raw = {"xs": ["a", "b"], "tag": "t"}
    assert dataflow.items(sd, raw, scope(), L) == ["a", "b"]
    assert dataflow.item_input(sd, "b", 1, raw, scope(), L) == {"v": "b", "i": 1, "tag": "t"}
    assert dataflow.items({"Type": "Map"}, [1, 2], scope(), L) == [1, 2]
    assert dataflow.items({"Type": "Map", "Items": [3]}, {}, scope(), L) == [3]
    assert dataflow.item_input({"Type": "Map"}, "x", 0, raw, scope(), L) == "x"


def test_map_items_must_be_an_array() -> None:
    err = query_error(dataflow.items, {"Items": "{% $states.input %}"}, {"a": 1}, scope(), L)
    assert "an array" in err.cause
    with pytest.raises(StatesError):
        dataflow.items({"Type": "Map"}, {"a": 1}, scope(), L)


def test_task_timeout_and_heartbeat_seconds() -> None:
    sd = {"TimeoutSeconds": "{% $states.input.t %}", "HeartbeatSeconds": 3}
    assert dataflow.seconds_field(sd, "TimeoutSeconds", {"t": 9}, scope(), L) == 9.0
    assert dataflow.seconds_field(sd, "HeartbeatSeconds", {}, scope(), L) == 3.0
    assert dataflow.seconds_field({}, "TimeoutSeconds", {}, scope(), L) is None
    query_error(dataflow.seconds_field, sd, "TimeoutSeconds", {"t": 0}, scope(), L)
    query_error(dataflow.seconds_field, sd, "TimeoutSeconds", {"t": "9"}, scope(), L)


# -- functions Step Functions adds ---------------------------------------------------------


def test_partition() -> None:
    assert value("$partition([1, 2, 3, 4, 5], 2)") == [[1, 2], [3, 4], [5]]
    assert value("$partition([], 3)") == []
    query_error(value, "$partition([1], 0)")
    query_error(value, "$partition('abc', 1)")


def test_range_includes_both_ends() -> None:
    assert value("$range(0, 10, 2)") == [0, 2, 4, 6, 8, 10]
    assert value("$range(5, 1, -2)") == [5, 3, 1]
    assert value("$range(1, 0, 1)") == []
    query_error(value, "$range(0, 10, 0)")
    query_error(value, "$range(0, 5000, 1)")


@pytest.mark.parametrize(("name", "algo"), [("MD5", "md5"), ("SHA-1", "sha1"),
                                            ("SHA-256", "sha256"), ("SHA-384", "sha384"),
                                            ("SHA-512", "sha512")])
def test_hash(name: str, algo: str) -> None:
    assert value(f"$hash('input data', '{name}')") == hashlib.new(algo, b"input data").hexdigest()


def test_hash_rejects_unknown_algorithm() -> None:
    err = query_error(value, "$hash('x', 'SHA-3')")
    assert "SHA-256" in err.cause


def test_random() -> None:
    n = value("$random()")
    assert isinstance(n, float) and 0 <= n < 1
    assert value("$random(7)") == value("$random(7)")
    assert value("$random(7)") != value("$random(8)")


def test_uuid() -> None:
    text = value("$uuid()")
    assert uuid.UUID(text).version == 4 and text != value("$uuid()")


def test_parse() -> None:
    assert value("$parse($states.input.s)", {"s": '{"a": [1, null]}'}) == {"a": [1, None]}
    assert value("$parse('null')") is None
    query_error(value, "$parse('{oops')")


def test_eval_is_not_available() -> None:
    err = query_error(value, "$eval('1 + 1')")
    assert "$parse" in err.cause
