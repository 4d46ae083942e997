"""The JSONata query language in real executions: Arguments, Output, Assign and variables
(with AWS's scoping), ``$states``, Choice Conditions, Map Items and ItemSelector, Wait,
Fail, Catch with ``$states.errorOutput``, and the functions Step Functions adds."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.e2e.stepfunctions.conftest import run_standard, run_sync


def _machine(states: dict[str, Any], start: str) -> dict[str, Any]:
    return {"QueryLanguage": "JSONata", "StartAt": start, "States": states}


def test_output_and_arguments(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({
        "Shape": {"Type": "Pass", "Next": "Done",
                  "Output": {"total": "{% $sum($states.input.items.price) %}",
                             "names": "{% $states.input.items.name %}",
                             "literal": 7, "missing": "{% $states.input.nothing %}",
                             "execution": "{% $states.context.Execution.Name %}"}},
        "Done": {"Type": "Succeed"}}, "Shape"),
        {"items": [{"name": "a", "price": 1.5}, {"name": "b", "price": 2}]})
    assert out["status"] == "SUCCEEDED", out
    result = out["output"]
    assert result["total"] == 3.5 and result["names"] == ["a", "b"] and result["literal"] == 7
    assert "missing" not in result
    assert result["execution"] == out["name"]


def test_variables_are_seen_by_later_states_only(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({
        "First": {"Type": "Pass", "Next": "Second",
                  "Assign": {"tally": "{% $states.input.n %}", "seen": "first"},
                  "Output": {"before": "{% $exists($tally) %}"}},
        "Second": {"Type": "Pass", "End": True,
                   "Assign": {"tally": "{% $tally + 1 %}"},
                   "Output": {"tally": "{% $tally %}", "seen": "{% $seen %}",
                              "before": "{% $states.input.before %}"}}}, "First"), {"n": 41})
    assert out["output"] == {"tally": 41, "seen": "first", "before": False}


def test_choice_conditions_and_default(sfn: Any, unique_name: str) -> None:
    definition = _machine({
        "Pick": {"Type": "Choice", "Default": "Cold", "Choices": [
            {"Condition": "{% $states.input.celsius > 30 %}", "Next": "Hot",
             "Output": {"label": "hot"}}]},
        "Hot": {"Type": "Succeed"},
        "Cold": {"Type": "Pass", "Output": {"label": "cold"}, "End": True}}, "Pick")
    assert run_sync(sfn, unique_name, definition, {"celsius": 35})["output"] == {"label": "hot"}
    assert run_sync(sfn, unique_name + "b", definition, {"celsius": 5})["output"] == {
        "label": "cold"}


def test_a_condition_that_is_not_boolean_fails(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({
        "Pick": {"Type": "Choice", "Default": "End", "Choices": [
            {"Condition": "{% $states.input.celsius %}", "Next": "End"}]},
        "End": {"Type": "Succeed"}}, "Pick"), {"celsius": 3})
    assert (out["status"], out["error"]) == ("FAILED", "States.QueryEvaluationError")


def test_map_items_and_item_selector(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({
        "Each": {"Type": "Map", "Items": "{% $states.input.values %}", "End": True,
                 "ItemSelector": {"v": "{% $states.context.Map.Item.Value * 10 %}",
                                  "i": "{% $states.context.Map.Item.Index %}"},
                 "ItemProcessor": {"StartAt": "Keep", "States": {
                     "Keep": {"Type": "Pass", "End": True}}},
                 "Output": "{% $states.result %}"}}, "Each"), {"values": [1, 2, 3]})
    assert out["output"] == [{"v": 10, "i": 0}, {"v": 20, "i": 1}, {"v": 30, "i": 2}]


def test_fail_and_catch_with_error_output(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({
        "Work": {"Type": "Parallel", "Next": "Done",
                 "Branches": [{"StartAt": "Boom", "States": {"Boom": {
                     "Type": "Fail", "Error": "{% 'Too' & 'Hot' %}",
                     "Cause": "{% 'at ' & $string($states.input.celsius) %}"}}}],
                 "Catch": [{"ErrorEquals": ["TooHot"], "Next": "Handled",
                            "Assign": {"why": "{% $states.errorOutput.Cause %}"},
                            "Output": {"error": "{% $states.errorOutput.Error %}"}}]},
        "Handled": {"Type": "Pass", "Output": {"error": "{% $states.input.error %}",
                                               "why": "{% $why %}"}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}, "Work"), {"celsius": 99})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == {"error": "TooHot", "why": "at 99"}


def test_the_functions_step_functions_adds(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({"F": {"Type": "Pass", "End": True, "Output": {
        "partition": "{% $partition([1, 2, 3, 4, 5], 2) %}",
        "range": "{% $range(0, 10, 5) %}",
        "hash": "{% $hash('cloudlet', 'SHA-256') %}",
        "random": "{% $random() %}",
        "uuid": "{% $uuid() %}",
        "parse": "{% $parse('{\"a\": [1, null]}') %}"}}}, "F"))
    result = out["output"]
    assert result["partition"] == [[1, 2], [3, 4], [5]]
    assert result["range"] == [0, 5, 10]
    assert result["hash"] == hashlib.sha256(b"cloudlet").hexdigest()
    assert 0 <= result["random"] < 1
    assert len(result["uuid"]) == 36 and result["uuid"][14] == "4"
    assert result["parse"] == {"a": [1, None]}


def test_a_bad_expression_fails_the_state(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({"F": {
        "Type": "Pass", "End": True, "Output": "{% $states.input.x.$unknown() %}"}}, "F"))
    assert (out["status"], out["error"]) == ("FAILED", "States.QueryEvaluationError")
    assert "'F'" in out["cause"] and "Output" in out["cause"]


def test_wait_seconds_from_an_expression_and_history(sfn: Any, unique_name: str) -> None:
    out, events = run_standard(sfn, unique_name, _machine({
        "W": {"Type": "Wait", "Seconds": "{% $states.input.pause %}", "Next": "P",
              "Assign": {"waited": "{% $states.input.pause %}"}},
        "P": {"Type": "Pass", "Output": "{% $waited %}", "End": True}}, "W"), {"pause": 0})
    assert (out["status"], out["output"]) == ("SUCCEEDED", 0)
    exited = next(e for e in events if e["type"] == "WaitStateExited")
    assert exited["stateExitedEventDetails"]["assignedVariables"] == {"waited": "0"}


def test_max_concurrency_from_an_expression(sfn: Any, unique_name: str) -> None:
    out = run_sync(sfn, unique_name, _machine({
        "Each": {"Type": "Map", "Items": "{% $states.input.values %}", "End": True,
                 "MaxConcurrency": "{% $states.input.width %}",
                 "ItemProcessor": {"StartAt": "Keep", "States": {
                     "Keep": {"Type": "Pass", "End": True}}}}}, "Each"),
        {"values": [1, 2, 3], "width": 2})
    assert (out["status"], out["output"]) == ("SUCCEEDED", [1, 2, 3])
