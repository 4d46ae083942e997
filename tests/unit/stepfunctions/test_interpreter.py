"""The interpreter in-process (EXPRESS-style, no store, no server): control flow,
Parallel, Map and history event names."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import orjson

from cloudlet.clock import Clock
from cloudlet.server.context import Principal
from cloudlet.services.stepfunctions.engine import drive
from cloudlet.services.stepfunctions.engine.interpreter import Run


def _run(definition: dict[str, Any], value: Any) -> tuple[dict[str, Any], list[str]]:
    async def go() -> tuple[dict[str, Any], list[str]]:
        run = Run(SimpleNamespace(clock=Clock()), "arn:x", "x", "arn:m", "m",  # type: ignore[arg-type]
                  definition, "arn:aws:iam::000000000000:role/r", orjson.dumps(value).decode(),
                  0.0, "000000000000", "us-east-1", Principal.root("000000000000"), None)
        end = await drive(run, definition["StartAt"], value, {}, 0, None)
        return end, [e["type"] for e in run.events]
    return asyncio.run(go())


def test_pass_chain_succeeds() -> None:
    end, types_ = _run({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "End": True}}}, {})
    assert end["status"] == "SUCCEEDED" and orjson.loads(end["output"]) == {"x": 1}
    assert types_ == ["PassStateEntered", "PassStateExited", "PassStateEntered",
                      "PassStateExited", "ExecutionSucceeded"]


def test_fail_and_choice() -> None:
    end, _ = _run({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1,
                                             "Next": "Bad"}], "Default": "Ok"},
        "Ok": {"Type": "Succeed"},
        "Bad": {"Type": "Fail", "Error": "E", "Cause": "c"}}}, {"n": 1})
    assert (end["status"], end["error"], end["cause"]) == ("FAILED", "E", "c")
    end, _ = _run({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1,
                                             "Next": "C"}]}}}, {"n": 2})
    assert end["error"] == "States.NoChoiceMatched"


def test_parallel_and_map() -> None:
    end, types_ = _run({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "M", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": True}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": True}}}]},
        "M": {"Type": "Map", "End": True, "MaxConcurrency": 1, "ItemProcessor": {
            "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 0, "End": True}}}}}},
        {})
    assert end["status"] == "SUCCEEDED" and orjson.loads(end["output"]) == [1, 2]
    assert "ParallelStateSucceeded" in types_ and types_.count("MapIterationSucceeded") == 2


def test_parallel_branch_failure_fails_the_state() -> None:
    end, types_ = _run({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Fail", "Error": "X"}}}]}}}, {})
    assert end["error"] == "X" and "ParallelStateFailed" in types_
