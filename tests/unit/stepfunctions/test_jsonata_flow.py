"""JSONata data flow as pure functions: templates, undefined, variables, the added
functions' argument errors."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import dataflow
from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonata_eval import UNDEFINED, evaluate

J = "JSONata"


def _scope(**variables: Any) -> dataflow.Scope:
    return dataflow.Scope({"State": {"Name": "S"}, "Execution": {"Name": "e"}}, variables)


def test_templates_evaluate_at_any_depth_and_drop_undefined() -> None:
    sd = {"Arguments": {"a": ["{% $states.input.x %}", "{% $nothing %}", 3],
                        "b": {"c": "{% $v %}", "d": "{% $states.input.none %}"},
                        "text": "not {% an expression"}}
    out = dataflow.state_input(sd, {"x": 1}, _scope(v="var"), J)
    assert out == {"a": [1, 3], "b": {"c": "var"}, "text": "not {% an expression"}


def test_a_whole_field_that_is_undefined_is_an_error() -> None:
    with pytest.raises(StatesError) as exc:
        dataflow.state_output({"Output": "{% $states.input.none %}"}, {}, {}, _scope(), J)
    assert exc.value.error == "States.QueryEvaluationError"


def test_output_defaults_and_assign_sees_the_old_variables() -> None:
    out, assigned = dataflow.state_output(
        {"Assign": {"n": "{% $n + 1 %}", "r": "{% $states.result %}"}}, {"in": 1}, {"res": 2},
        _scope(n=1), J)
    assert out == {"res": 2} and assigned == {"n": 2, "r": {"res": 2}}


def test_catch_output_defaults_to_the_error_output() -> None:
    out, _ = dataflow.error_output({}, {"in": 1}, "E", "c", {"Next": "X"}, _scope(), J)
    assert out == {"Error": "E", "Cause": "c"}


@pytest.mark.parametrize("expression", [
    "$partition([1], 0)", "$partition('x', 1)", "$range(0, 5, 0)", "$range(0, 5000, 1)",
    "$hash('x', 'SHA-999')", "$hash(1, 'MD5')", "$parse('{')", "$uuid(1)", "$eval('1')"])
def test_added_functions_reject_bad_arguments(expression: str) -> None:
    with pytest.raises(StatesError) as exc:
        dataflow.state_output({"Output": "{% " + expression + " %}"}, {}, {}, _scope(), J)
    assert exc.value.error == "States.QueryEvaluationError"


def test_seeded_random_repeats_and_null_is_a_value() -> None:
    assert evaluate("$random(7)", {}) == evaluate("$random(7)", {})
    assert evaluate("$states.input.a", {"states": {"input": {"a": None}}}) is None
    assert evaluate("$states.input.b", {"states": {"input": {"a": None}}}) is UNDEFINED


def test_wait_timestamp_and_seconds_fields() -> None:
    until = dataflow.wait_until({"Timestamp": "{% $states.input.t %}"},
                                {"t": "2030-01-01T00:00:00Z"}, _scope(), J, 0.0)
    assert until == 1893456000.0
    assert dataflow.seconds_field({"TimeoutSeconds": "{% 2 * 3 %}"}, "TimeoutSeconds", {},
                                  _scope(), J) == 6.0
    with pytest.raises(StatesError):
        dataflow.seconds_field({"TimeoutSeconds": "{% 'x' %}"}, "TimeoutSeconds", {},
                               _scope(), J)
