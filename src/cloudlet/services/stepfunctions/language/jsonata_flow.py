"""How data flows through a state whose query language is JSONata (the same functions as
``dataflow``, which hands JSONata states here).

https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
- A field's value is JSON in which any string written wholly as ``{% expression %}`` is
  replaced by the expression's value (at any depth); other values are literals. An
  expression that selects nothing leaves its key out of an object (and its item out of an
  array); a whole field that selects nothing is a States.QueryEvaluationError.
- ``$states`` holds ``input`` (the state's input), ``context`` (the context object),
  ``result`` (a Task's, Parallel's or Map's result, in Output and Assign) and
  ``errorOutput`` (``{Error, Cause}``, in a Catch's Output and Assign); every workflow
  variable is ``$name``. Output and Assign see the variables as they were before the
  state: what a state assigns is seen by the states after it.
- ``Arguments`` is a Task's input (default: the state's input); ``Output`` the state's
  output (default: the result, or the input for Pass, Choice, Wait and Succeed); a Choice
  rule's ``Condition`` must be a boolean; Map takes ``Items`` (an array) and
  ``ItemSelector``; Wait ``Seconds`` or ``Timestamp``; Fail ``Error`` and ``Cause``;
  ``TimeoutSeconds``/``HeartbeatSeconds`` may be expressions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.stepfunctions.language import choice
from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonata_eval import (
    UNDEFINED,
    EvaluationError,
    evaluate,
)

if TYPE_CHECKING:
    from cloudlet.services.stepfunctions.language.dataflow import Scope

QUERY_ERROR = "States.QueryEvaluationError"


def _expression(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("{%") and value.endswith("%}"):
        return value[2:-2].strip()
    return None


def _bindings(raw: Any, scope: Scope, **extra: Any) -> dict[str, Any]:
    states: dict[str, Any] = {"input": raw, "context": scope.context}
    states.update(extra)
    return {**scope.variables, "states": states}


def _state_name(scope: Scope) -> str:
    return str((scope.context.get("State") or {}).get("Name", ""))


def _evaluate(text: str, bindings: dict[str, Any], field: str, scope: Scope) -> Any:
    try:
        return evaluate(text, bindings)
    except EvaluationError as err:
        raise StatesError(QUERY_ERROR, f"An error occurred while executing the state"
                                       f" '{_state_name(scope)}'. The JSONata expression"
                                       f" '{text}' specified for the field '{field}' threw an"
                                       f" error during evaluation. {err}") from None


def _walk(value: Any, bindings: dict[str, Any], field: str, scope: Scope) -> Any:
    text = _expression(value)
    if text is not None:
        return _evaluate(text, bindings, field, scope)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            found = _walk(item, bindings, field, scope)
            if found is not UNDEFINED:
                out[key] = found
        return out
    if isinstance(value, list):
        return [v for v in (_walk(i, bindings, field, scope) for i in value)
                if v is not UNDEFINED]
    return value


def template(value: Any, bindings: dict[str, Any], field: str, scope: Scope) -> Any:
    """``value`` with its expressions evaluated; a field that selects nothing is an error."""
    found = _walk(value, bindings, field, scope)
    if found is UNDEFINED:
        raise StatesError(QUERY_ERROR, f"An error occurred while executing the state"
                                       f" '{_state_name(scope)}'. The JSONata expression"
                                       f" specified for the field '{field}' returned nothing"
                                       f" (undefined)")
    return found


def _assign(assign: Any, bindings: dict[str, Any], scope: Scope) -> dict[str, Any]:
    if not assign:
        return {}
    if not isinstance(assign, dict):
        raise StatesError(QUERY_ERROR, "Assign must be an object")
    return {name: template(value, bindings, f"Assign.{name}", scope)
            for name, value in assign.items()}


def state_input(sd: dict[str, Any], raw: Any, scope: Scope, lang: str) -> Any:
    if "Arguments" not in sd or sd.get("Type") == "Map":
        return raw
    return template(sd["Arguments"], _bindings(raw, scope), "Arguments", scope)


def state_output(sd: dict[str, Any], raw: Any, result: Any, scope: Scope,
                 lang: str) -> tuple[Any, dict[str, Any]]:
    bindings = _bindings(raw, scope, result=result)
    assigned = _assign(sd.get("Assign"), bindings, scope)
    if "Output" not in sd:
        return result, assigned
    return template(sd["Output"], bindings, "Output", scope), assigned


def error_output(sd: dict[str, Any], raw: Any, error: str, cause: str,
                 catcher: dict[str, Any], scope: Scope, lang: str) -> tuple[Any, dict[str, Any]]:
    failure = {"Error": error, "Cause": cause}
    bindings = _bindings(raw, scope, errorOutput=failure)
    assigned = _assign(catcher.get("Assign"), bindings, scope)
    if "Output" not in catcher:
        return failure, assigned
    return template(catcher["Output"], bindings, "Output", scope), assigned


def choose_rule(sd: dict[str, Any], raw: Any, scope: Scope,
                lang: str) -> dict[str, Any] | None:
    bindings = _bindings(raw, scope)
    for rule in sd.get("Choices") or []:
        holds = template(rule.get("Condition"), bindings, "Condition", scope)
        if not isinstance(holds, bool):
            raise StatesError(QUERY_ERROR, f"An error occurred while executing the state"
                                           f" '{_state_name(scope)}'. The Condition"
                                           f" '{rule.get('Condition')}' must evaluate to a"
                                           f" boolean value, not {holds!r}")
        if holds:
            return dict(rule)
    return None


def _number(sd: dict[str, Any], name: str, raw: Any, scope: Scope) -> float:
    value = template(sd[name], _bindings(raw, scope), name, scope)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise StatesError(QUERY_ERROR, f"The {name} field must evaluate to a non-negative"
                                       f" number, not {value!r}")
    return float(value)


def wait_until(sd: dict[str, Any], raw: Any, scope: Scope, lang: str, now: float) -> float:
    if "Seconds" in sd:
        return now + _number(sd, "Seconds", raw, scope)
    if "Timestamp" in sd:
        value = template(sd["Timestamp"], _bindings(raw, scope), "Timestamp", scope)
        stamp = choice.parse_timestamp(value)
        if stamp is None:
            raise StatesError(QUERY_ERROR, f"The Timestamp value '{value}' is not a valid"
                                           " RFC3339 timestamp")
        return stamp.timestamp()
    return now


def fail_fields(sd: dict[str, Any], raw: Any, scope: Scope,
                lang: str) -> tuple[str | None, str | None]:
    bindings = _bindings(raw, scope)
    out: list[str | None] = []
    for name in ("Error", "Cause"):
        if name not in sd:
            out.append(None)
            continue
        value = template(sd[name], bindings, name, scope)
        out.append(value if isinstance(value, str) else str(value))
    return out[0], out[1]


def items(sd: dict[str, Any], raw: Any, scope: Scope, lang: str) -> list[Any]:
    value = (template(sd["Items"], _bindings(raw, scope), "Items", scope)
             if "Items" in sd else raw)
    if not isinstance(value, list):
        raise StatesError(QUERY_ERROR, "The Items field must evaluate to an array (or the"
                                       " Map state's input be one)")
    return value


def item_input(sd: dict[str, Any], item: Any, index: int, raw: Any, scope: Scope,
               lang: str) -> Any:
    if "ItemSelector" not in sd:
        return item
    context = {**scope.context, "Map": {"Item": {"Index": index, "Value": item}}}
    bindings = {**scope.variables, "states": {"input": raw, "context": context}}
    return template(sd["ItemSelector"], bindings, "ItemSelector", scope)


def seconds_field(sd: dict[str, Any], name: str, raw: Any, scope: Scope,
                  lang: str) -> float | None:
    if name not in sd:
        return None
    seconds = _number(sd, name, raw, scope)
    if seconds <= 0:
        raise StatesError(QUERY_ERROR, f"The {name} field must be a positive number")
    return seconds
