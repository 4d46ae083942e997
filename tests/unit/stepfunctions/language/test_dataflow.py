"""How a state's data flows (``language/dataflow.py``): InputPath, Parameters,
ResultSelector, ResultPath, OutputPath, Assign, Catch output, Wait, Fail, Map and the
``...SecondsPath`` fields.

https://states-language.net/spec.html#filters
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-example.html
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import dataflow, limits
from tests.unit.stepfunctions.language.support import P, fails, scope

SPEC = {"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}
# The developer guide's "InputPath, ResultPath and OutputPath" example.
GUIDE_INPUT = {"comment": "An input comment.", "data": {"val1": 23, "val2": 17},
               "extra": "foo", "lambda": {"who": "AWS Step Functions"}}
GUIDE_STATE = {"InputPath": "$.lambda", "ResultPath": "$.data.lambdaresult",
               "OutputPath": "$.data"}


def run(sd: dict[str, Any], raw: Any, result: Any, **variables: Any) -> tuple[Any, Any]:
    """The effective input and the output of a state whose work gives ``result``."""
    effective = dataflow.state_input(sd, raw, scope(**variables), P)
    out, _ = dataflow.state_output(sd, raw, result, scope(**variables), P)
    return effective, out


def test_the_specs_input_and_output_example() -> None:
    sd = {"InputPath": "$.numbers", "ResultPath": "$.sum", "OutputPath": "$"}
    assert run(sd, SPEC, 7) == ({"val1": 3, "val2": 4}, {**SPEC, "sum": 7})


def test_the_guides_input_result_and_output_path_example() -> None:
    effective, out = run(GUIDE_STATE, GUIDE_INPUT, "Hello, AWS Step Functions!")
    assert effective == {"who": "AWS Step Functions"}
    assert out == {"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}


def test_defaults_pass_the_input_in_and_the_result_out() -> None:
    assert run({}, SPEC, {"r": 1}) == (SPEC, {"r": 1})


def test_null_input_path_gives_an_empty_object() -> None:
    assert dataflow.state_input({"InputPath": None}, SPEC, scope(), P) == {}


def test_null_result_path_keeps_the_input_and_drops_the_result() -> None:
    assert run({"ResultPath": None}, SPEC, 7)[1] == SPEC


def test_null_output_path_gives_an_empty_object() -> None:
    assert run({"OutputPath": None}, SPEC, 7)[1] == {}


def test_result_path_reads_the_raw_input_not_the_input_path_selection() -> None:
    _, out = run({"InputPath": "$.numbers", "ResultPath": "$.sum"}, SPEC, 7)
    assert out == {**SPEC, "sum": 7}


def test_parameters_build_the_effective_input_from_the_input_path_selection() -> None:
    sd = {"InputPath": "$.numbers",
          "Parameters": {"flagged": True, "parts": {"first.$": "$.val1"},
                         "run.$": "$$.Execution.Name", "who.$": "$user",
                         "sum.$": "States.MathAdd($.val1, $.val2)",
                         "list": [{"x.$": "$.val2"}]}}
    assert dataflow.state_input(sd, SPEC, scope(user="ana"), P) == {
        "flagged": True, "parts": {"first": 3}, "run": "run-1", "who": "ana", "sum": 7,
        "list": [{"x": 4}]}


def test_result_selector_shapes_the_result_before_result_path() -> None:
    # The guide's ResultSelector example: keep two fields of a Lambda invocation result.
    result = {"ExecutedVersion": "$LATEST", "Payload": {"foo": "bar"}, "StatusCode": 200,
              "SdkHttpMetadata": {"HttpStatusCode": 200}}
    sd = {"ResultSelector": {"ClusterId.$": "$.Payload.foo", "status.$": "$.StatusCode",
                             "fixed": "x"},
          "ResultPath": "$.EMROutput"}
    _, out = run(sd, {"in": 1}, result)
    assert out == {"in": 1, "EMROutput": {"ClusterId": "bar", "status": 200, "fixed": "x"}}


def test_missing_paths_fail_with_aws_wording_per_field() -> None:
    error = fails("States.Runtime", dataflow.state_input, {"InputPath": "$.NoSuchInputPath"},
                  {}, scope(), P)
    assert error.cause == "Invalid path '$.NoSuchInputPath' : No results for path:" \
                          " $['NoSuchInputPath']"
    error = fails("States.Runtime", dataflow.state_output, {"OutputPath": "$.missing"}, {},
                  {"r": 1}, scope(), P)
    assert error.cause.startswith("Invalid path '$.missing' : ")
    error = fails("States.Runtime", dataflow.state_input, {"Parameters": {"v.$": "$.nope"}},
                  {"a": 1}, scope(), P)
    assert error.cause == "The JSONPath '$.nope' specified for the field 'v.$' could not be" \
                          " found in the input '{\"a\":1}'"
    error = fails("States.Runtime", dataflow.state_output,
                  {"ResultSelector": {"code.$": "$.Status"}}, {}, {"StatusCode": 1}, scope(), P)
    assert "for the field 'code.$'" in error.cause and '{"StatusCode":1}' in error.cause


def test_result_path_into_a_non_object_is_a_match_failure() -> None:
    fails("States.ResultPathMatchFailure", dataflow.state_output, {"ResultPath": "$.x.y"},
          {"x": "text"}, 1, scope(), P)


def test_assign_sees_the_result_the_context_and_the_old_variables() -> None:
    sd = {"ResultSelector": {"sum.$": "$.total"}, "ResultPath": "$.r",
          "Assign": {"total.$": "$.sum", "before.$": "$count", "fixed": "x",
                     "name.$": "$$.Execution.Name", "nested": {"n.$": "$.sum"},
                     "msg.$": "States.Format('{} items', $.sum)"}}
    out, assigned = dataflow.state_output(sd, {"in": 1}, {"total": 9}, scope(count=1), P)
    assert assigned == {"total": 9, "before": 1, "fixed": "x", "name": "run-1",
                        "nested": {"n": 9}, "msg": "9 items"}
    assert out == {"in": 1, "r": {"sum": 9}}


def test_without_assign_no_variables_change() -> None:
    assert dataflow.state_output({}, {}, 1, scope(), P) == (1, {})


def test_catch_puts_error_and_cause_at_its_result_path() -> None:
    out, _ = dataflow.error_output({}, {"in": 1}, "E", "why", {"ResultPath": "$.error"},
                                   scope(), P)
    assert out == {"in": 1, "error": {"Error": "E", "Cause": "why"}}
    out, _ = dataflow.error_output({}, {"in": 1}, "E", "why", {}, scope(), P)
    assert out == {"Error": "E", "Cause": "why"}
    out, _ = dataflow.error_output({}, {"in": 1}, "E", "why", {"ResultPath": None}, scope(), P)
    assert out == {"in": 1}


def test_catch_assign_sees_the_error_output() -> None:
    catcher = {"Assign": {"failed.$": "$.Error", "why.$": "$.Cause"}}
    _, assigned = dataflow.error_output({}, {}, "States.Timeout", "slow", catcher, scope(), P)
    assert assigned == {"failed": "States.Timeout", "why": "slow"}


def test_wait_seconds_and_timestamps() -> None:
    assert dataflow.wait_until({"Seconds": 10}, {}, scope(), P, 100.0) == 110.0
    assert dataflow.wait_until({"SecondsPath": "$.s"}, {"s": 5}, scope(), P, 100.0) == 105.0
    assert dataflow.wait_until({"SecondsPath": "$.s"}, {"s": 0}, scope(), P, 100.0) == 100.0
    assert dataflow.wait_until({"Timestamp": "1970-01-01T00:01:00Z"}, {}, scope(), P, 0) == 60
    assert dataflow.wait_until({"TimestampPath": "$.t"}, {"t": "1970-01-01T01:00:00+01:00"},
                               scope(), P, 0.0) == 0.0
    assert dataflow.wait_until({"InputPath": "$.w", "SecondsPath": "$.s"}, {"w": {"s": 2}},
                               scope(), P, 0.0) == 2.0


@pytest.mark.parametrize(("sd", "data", "cause"), [
    ({"SecondsPath": "$.input.waitSeconds"}, {"input": {}},
     "The SecondsPath parameter does not reference an input value: $.input.waitSeconds"),
    ({"SecondsPath": "$.s"}, {"s": -1},
     "The SecondsPath parameter references a negative value: $.s == -1"),
    ({"SecondsPath": "$.s"}, {"s": 1.5},
     "The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5"),
    ({"SecondsPath": "$.s"}, {"s": -1.5},
     "The SecondsPath parameter cannot be parsed as a long value: $.s == -1.5"),
    ({"SecondsPath": "$.s"}, {"s": "5"},
     "The SecondsPath parameter cannot be parsed as a long value: $.s == 5"),
    ({"TimestampPath": "$.t"}, {"t": "2016-12-05T21:29:29"},
     "The TimestampPath parameter does not reference a valid ISO-8601 extended offset"
     " date-time format string: $.t == 2016-12-05T21:29:29"),
    ({"TimestampPath": "$.t"}, {"t": "2016-13-05T21:29:29Z"},
     "The TimestampPath parameter does not reference a valid ISO-8601 extended offset"
     " date-time format string: $.t == 2016-13-05T21:29:29Z"),
    ({"Timestamp": "2016-12-05 21:29:29Z"}, {},
     "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format"
     " string: 2016-12-05 21:29:29Z"),
    ({"Timestamp": "2100-01-01T00:00:00Z"}, {}, "Wait state delay is too long."),
])
def test_wait_failures_use_aws_wording(sd: dict[str, Any], data: Any, cause: str) -> None:
    assert fails("States.Runtime", dataflow.wait_until, sd, data, scope(), P, 0.0).cause == cause


def test_a_wait_just_under_the_limit_is_allowed() -> None:
    assert dataflow.wait_until({"Seconds": 2**31 - 1}, {}, scope(), P, 0.0) == 2**31 - 1


def test_fail_fields_and_their_paths() -> None:
    assert dataflow.fail_fields({"Error": "E", "Cause": "c"}, {}, scope(), P) == ("E", "c")
    assert dataflow.fail_fields({}, {}, scope(), P) == (None, None)
    assert dataflow.fail_fields({"ErrorPath": "$.e", "CausePath": "States.Format('{}!', $.c)"},
                                {"e": "Bad", "c": "why"}, scope(), P) == ("Bad", "why!")
    assert dataflow.fail_fields({"ErrorPath": "$$.State.Name"}, {}, scope(), P) == ("S", None)
    error = fails("States.Runtime", dataflow.fail_fields, {"ErrorPath": "$.ErrorX"}, {"a": 1},
                  scope(), P)
    assert error.cause == "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could" \
                          " not be found in the input '{\"a\":1}'"


def test_map_items_path_and_item_selector() -> None:
    sd = {"ItemsPath": "$.list", "ItemSelector": {"v.$": "$$.Map.Item.Value",
                                                  "i.$": "$$.Map.Item.Index", "k.$": "$.k",
                                                  "run.$": "$$.Execution.Name"}}
    raw = {"list": ["a", "b"], "k": 1}
    assert dataflow.items(sd, raw, scope(), P) == ["a", "b"]
    assert dataflow.item_input(sd, "b", 1, raw, scope(), P) == {"v": "b", "i": 1, "k": 1,
                                                               "run": "run-1"}
    assert dataflow.item_input({}, "b", 1, raw, scope(), P) == "b"
    assert dataflow.items({}, [1, 2], scope(), P) == [1, 2]
    legacy = {"Parameters": {"v.$": "$$.Map.Item.Value"}}
    assert dataflow.item_input(legacy, 3, 0, raw, scope(), P) == {"v": 3}


def test_map_items_that_are_not_an_array() -> None:
    error = fails("States.Runtime", dataflow.items, {"ItemsPath": "$.k"}, {"k": 1}, scope(), P)
    assert error.cause == 'Reference path "$.k" must point to array.'
    error = fails("States.Runtime", dataflow.items, {}, {"k": 1}, scope(), P)
    assert error.cause == 'Reference path "$" must point to array.'
    fails("States.Runtime", dataflow.items, {"ItemsPath": "$.nope"}, {}, scope(), P)


def test_timeout_and_heartbeat_seconds_and_their_paths() -> None:
    assert dataflow.seconds_field({"TimeoutSeconds": 30}, "TimeoutSeconds", {}, scope(),
                                  P) == 30.0
    assert dataflow.seconds_field({"HeartbeatSecondsPath": "$.h"}, "HeartbeatSeconds",
                                  {"h": 5}, scope(), P) == 5.0
    assert dataflow.seconds_field({}, "TimeoutSeconds", {}, scope(), P) is None
    fails("States.Runtime", dataflow.seconds_field, {"TimeoutSecondsPath": "$.t"},
          "TimeoutSeconds", {"t": 0}, scope(), P)
    error = fails("States.Runtime", dataflow.seconds_field,
                  {"TimeoutSecondsPath": "$.NoSuchTimeoutSecondsPath"}, "TimeoutSeconds", {},
                  scope(), P)
    assert error.cause == "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path:" \
                          " $['NoSuchTimeoutSecondsPath']"


def test_query_language_comes_from_the_state_then_the_machine() -> None:
    assert dataflow.query_language({}, {}) == "JSONPath"
    assert dataflow.query_language({}, {"QueryLanguage": "JSONata"}) == "JSONata"
    assert dataflow.query_language({"QueryLanguage": "JSONPath"},
                                   {"QueryLanguage": "JSONata"}) == "JSONPath"


def test_context_timestamps_are_utc_with_milliseconds() -> None:
    assert dataflow.now_iso(0.5) == "1970-01-01T00:00:00.500Z"


def test_payloads_over_256_kib_exceed_the_data_limit() -> None:
    limits.check_size("x" * (limits.MAX_PAYLOAD - 2), "output")  # the quotes make it 256 KiB
    error = fails("States.DataLimitExceeded", limits.check_size,
                  "x" * (limits.MAX_PAYLOAD - 1), "output")
    assert "exceeds the maximum number of bytes service limit of 262144 bytes" in error.cause
