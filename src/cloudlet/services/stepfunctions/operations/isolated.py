"""TestState: one state run on its own, with its input, variables, context and an optional
mocked task result, answering what it would do.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html
https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
- ``definition`` is a state (checked as the only state of a machine), or a whole machine
  with ``stateName`` naming the state.
- ``status``: SUCCEEDED (with ``output`` and ``nextState``), FAILED (``error``, ``cause``),
  RETRIABLE (a retrier matches: nothing waits), CAUGHT_ERROR (a catcher matches: its
  output and ``nextState``). A Wait does not wait.
- ``mock.result`` (JSON text) or ``mock.errorOutput`` stands in for the Task's call.
- ``inspectionLevel`` DEBUG/TRACE adds ``inspectionData``: input, afterInputPath,
  afterParameters (JSONPath) or afterArguments (JSONata), result, afterResultSelector,
  afterResultPath, variables.
Map and Parallel states are not supported here.
"""

from __future__ import annotations

from typing import Any

import orjson

from cloudlet.server.context import RequestContext
from cloudlet.services.stepfunctions import errors, validation
from cloudlet.services.stepfunctions.engine import states
from cloudlet.services.stepfunctions.engine.interpreter import (
    Failure,
    Run,
    catcher_for,
    dumps,
    error_of,
    retry_delay,
)
from cloudlet.services.stepfunctions.language import dataflow
from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.operations.common import require
from cloudlet.services.stepfunctions.registry import service


def _json(text: Any, what: str, default: Any) -> Any:
    if text is None:
        return default
    try:
        return orjson.loads(str(text))
    except orjson.JSONDecodeError:
        raise errors.ValidationException(f"The {what} is not valid JSON") from None


def _machine(req: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The definition as a machine, and the name of the state under test."""
    definition = _json(req["definition"], "definition", None)
    if not isinstance(definition, dict):
        raise errors.InvalidDefinition("Invalid State Machine Definition: 'definition must"
                                       " be a JSON object'")
    if "States" in definition:
        name = req.get("stateName")
        if not name or name not in definition["States"]:
            raise errors.ValidationException(
                f"State '{name}' is not defined in the state machine definition")
        machine = definition
    else:
        name = "TestState"
        # The states it goes to are the caller's: stand-ins, for the check only.
        stand_ins = {target: {"Type": "Succeed"} for target in validation.targets(definition)}
        machine = {"StartAt": name, "States": {**stand_ins, name: definition}}
        if "QueryLanguage" in definition:
            machine["QueryLanguage"] = definition["QueryLanguage"]
    message = validation.definition_error(validation.check(dumps(machine)))
    if message is not None:
        raise errors.InvalidDefinition(message)
    return machine, str(name)


@service.operation("TestState")
async def run_test_state(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    require(req, "definition")
    machine, name = _machine(req)
    sd: dict[str, Any] = machine["States"][name]
    kind = str(sd.get("Type"))
    if kind in ("Map", "Parallel"):
        raise errors.ValidationException(f"not supported: TestState of a {kind} state")
    raw = _json(req.get("input"), "input", {})
    variables = _json(req.get("variables"), "variables", {})
    run = Run(ctx.state, "arn:aws:states:::execution:TestState:TestState", "TestState",
              "", "TestState", machine, str(req.get("roleArn") or ""), dumps(raw),
              ctx.state.clock.now(), ctx.account, ctx.region, ctx.caller, None)
    context = run.context(name, run.started, 0)
    context.update(_json(req.get("context"), "context", {}))
    scope = dataflow.Scope(context, dict(variables))
    lang = dataflow.query_language(sd, machine)
    debug = req.get("inspectionLevel") in ("DEBUG", "TRACE")
    inspection: dict[str, Any] = {"input": dumps(raw)}
    if variables:
        inspection["variables"] = dumps(variables)
    try:
        output, nxt, _ = await _run(run, name, sd, raw, scope, lang, req.get("mock"),
                                    inspection)
    except (Failure, StatesError) as exc:
        error, cause = error_of(exc)
        out = _failed(sd, raw, error, cause, scope, lang)
    else:
        out = {"status": "SUCCEEDED", "output": dumps(output)}
        if nxt is not None:
            out["nextState"] = nxt
    if debug:
        out["inspectionData"] = inspection
    return out


def _failed(sd: dict[str, Any], raw: Any, error: str, cause: str, scope: Any,
            lang: str) -> dict[str, Any]:
    if sd.get("Type") != "Fail" and retry_delay(sd, error, {}) is not None:
        return {"status": "RETRIABLE", "error": error, "cause": cause}
    catcher = catcher_for(sd, error)
    if catcher is None:
        return {"status": "FAILED", "error": error, "cause": cause}
    output, _ = dataflow.error_output(sd, raw, error, cause, catcher, scope, lang)
    return {"status": "CAUGHT_ERROR", "error": error, "cause": cause,
            "output": dumps(output), "nextState": str(catcher["Next"])}


async def _run(run: Run, name: str, sd: dict[str, Any], raw: Any, scope: Any, lang: str,
               mock: dict[str, Any] | None, inspection: dict[str, Any]
               ) -> tuple[Any, str | None, dict[str, Any]]:
    kind = str(sd.get("Type"))
    nxt: str | None = None if sd.get("End") else sd.get("Next")
    if kind == "Wait":
        out, assigned = states.passthrough(sd, raw, scope, lang)
        return out, nxt, assigned
    if kind != "Task" or not mock:
        if kind == "Task" or kind == "Pass":
            _inspect_input(sd, raw, scope, lang, inspection)
        out, target, assigned, _ = await run.execute(kind, name, sd, raw, scope, lang, 0,
                                                    None, None, {"States": {}})
        return out, target, assigned
    _inspect_input(sd, raw, scope, lang, inspection)
    if mock.get("errorOutput"):
        failure = mock["errorOutput"]
        raise Failure(str(failure.get("error") or ""), str(failure.get("cause") or ""))
    result = _json(mock.get("result"), "mock result", None)
    inspection["result"] = dumps(result)
    out, assigned = dataflow.state_output(sd, raw, result, scope, lang)
    inspection["afterResultPath"] = dumps(out)
    return out, nxt, assigned


def _inspect_input(sd: dict[str, Any], raw: Any, scope: Any, lang: str,
                   inspection: dict[str, Any]) -> None:
    effective = dataflow.state_input(sd, raw, scope, lang)
    inspection["afterArguments" if lang == "JSONata" else "afterParameters"] = dumps(effective)
