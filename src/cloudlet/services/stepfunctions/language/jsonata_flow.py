"""How a state's data flows in the JSONata query language (``dataflow`` delegates here).

https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html

- A field value is a literal, or a string wholly of the form ``{% expression %}``; objects
  and arrays are walked, so any member can be an expression.
- Expressions see ``$states`` (``input``: the raw state input; ``result``: a Task, Parallel
  or Map result; ``errorOutput``: ``{"Error", "Cause"}`` in a Catch; ``context``: the
  context object) and each workflow variable as ``$name``. The input document ``$`` is the
  raw state input too.
- ``Arguments`` gives a Task's or Parallel's input (default: the raw input). ``Output``
  gives the state output (default: the result for Task/Parallel/Map, the input for the
  others; in a Catch, the error output). ``Assign`` sees the same bindings as ``Output``,
  with the variables as they were before the state.
- Choice rules hold when their ``Condition`` is true; Map iterates ``Items`` (default: the
  input), each through ``ItemSelector`` with ``$states.context.Map.Item``; Wait reads
  ``Seconds``/``Timestamp``, Fail ``Error``/``Cause``, a Task ``TimeoutSeconds`` and
  ``HeartbeatSeconds``.
- An expression that returns nothing (undefined) leaves its key out of an object and its
  item out of an array; a whole field that returns nothing, an expression that fails, and
  a value of the wrong type for its field raise ``States.QueryEvaluationError``.

LIMITATIONS: the error cause does not give the event id the state was entered at.
"""

from __future__ import annotations

from typing import Any

from cloudlet.services.stepfunctions.language import jsonata_eval
from cloudlet.services.stepfunctions.language.choice import parse_timestamp
from cloudlet.services.stepfunctions.language.dataflow import Scope
from cloudlet.services.stepfunctions.language.errors import StatesError

QUERY_ERROR = "States.QueryEvaluationError"
_INPUT_STATES = {"Pass", "Choice", "Wait", "Succeed"}


def expression_of(value: Any) -> str | None:
    """The expression inside a ``{% ... %}`` string, else None (a literal)."""
    if isinstance(value, str) and len(value) >= 4 and value.startswith("{%") \
            and value.endswith("%}"):
        return value[2:-2].strip()
    return None


class _Fields:
    """Evaluates the fields of one state with one set of bindings."""

    def __init__(self, scope: Scope, raw: Any, **states: Any) -> None:
        self.state = str((scope.context.get("State") or {}).get("Name", ""))
        self.raw = raw
        self.bindings: dict[str, Any] = {
            **scope.variables,
            "states": {"input": raw, "context": scope.context, **states},
        }

    def error(self, field: str, text: str, what: str) -> StatesError:
        return StatesError(QUERY_ERROR, f"An error occurred while executing the state"
                                        f" '{self.state}'. The JSONata expression '{text}'"
                                        f" specified for the field '{field}' {what}.")

    def render(self, value: Any, field: str) -> Any:
        """``value`` with every ``{% %}`` string replaced by its result; a whole field that
        returns nothing is an error."""
        out = self._walk(value, field)
        if out is jsonata_eval.UNDEFINED:
            raise self.error(field, str(expression_of(value)), "returned nothing (undefined)")
        return out

    def _walk(self, value: Any, field: str) -> Any:
        """Like ``render``, but an expression that returns nothing is ``UNDEFINED``, and
        leaves its key out of an object (its item out of an array)."""
        text = expression_of(value)
        if text is not None:
            try:
                return jsonata_eval.evaluate(text, self.bindings, self.raw)
            except jsonata_eval.EvaluationError as exc:
                raise self.error(field, text, f"threw an error during evaluation: {exc}"
                                 ) from None
        if isinstance(value, dict):
            found = {k: self._walk(v, f"{field}/{k}") for k, v in value.items()}
            return {k: v for k, v in found.items() if v is not jsonata_eval.UNDEFINED}
        if isinstance(value, list):
            items = [self._walk(v, f"{field}[{i}]") for i, v in enumerate(value)]
            return [v for v in items if v is not jsonata_eval.UNDEFINED]
        return value

    def typed(self, state_def: dict[str, Any], field: str, kinds: type | tuple[type, ...],
              expected: str) -> Any:
        """Field ``field`` rendered, and checked to be of ``kinds`` (bool is not a number)."""
        value = self.render(state_def[field], field)
        wrong = isinstance(value, bool) and bool not in (
            kinds if isinstance(kinds, tuple) else (kinds,))
        if wrong or not isinstance(value, kinds):
            raise self.bad_value(state_def[field], field, value, expected)
        return value

    def bad_value(self, source: Any, field: str, value: Any, expected: str) -> StatesError:
        text = expression_of(source)
        if text is None:
            return StatesError(QUERY_ERROR, f"An error occurred while executing the state"
                                            f" '{self.state}'. The field '{field}' must be"
                                            f" {expected}, not {value!r}.")
        return self.error(field, text, f"returned {value!r}, but the field must be {expected}")

    def outcome(self, holder: dict[str, Any], default: Any) -> tuple[Any, dict[str, Any]]:
        """``Output`` (else ``default``) and ``Assign`` of ``holder``."""
        output = self.render(holder["Output"], "Output") if "Output" in holder else default
        return output, self.assign(holder)

    def assign(self, holder: dict[str, Any]) -> dict[str, Any]:
        if not holder.get("Assign"):
            return {}
        values = self.render(holder["Assign"], "Assign")
        if not isinstance(values, dict):
            raise self.bad_value(holder["Assign"], "Assign", values, "an object")
        return values


def state_input(state_def: dict[str, Any], raw: Any, scope: Scope, lang: str) -> Any:
    if "Arguments" not in state_def:
        return raw
    return _Fields(scope, raw).render(state_def["Arguments"], "Arguments")


def state_output(state_def: dict[str, Any], raw: Any, result: Any, scope: Scope,
                 lang: str) -> tuple[Any, dict[str, Any]]:
    if state_def.get("Type") in _INPUT_STATES:
        return _Fields(scope, raw).outcome(state_def, raw)
    return _Fields(scope, raw, result=result).outcome(state_def, result)


def error_output(state_def: dict[str, Any], raw: Any, error: str, cause: str,
                 catcher: dict[str, Any], scope: Scope, lang: str) -> tuple[Any, dict[str, Any]]:
    failure = {"Error": error, "Cause": cause}
    return _Fields(scope, raw, errorOutput=failure).outcome(catcher, failure)


def choose_rule(state_def: dict[str, Any], raw: Any, scope: Scope,
                lang: str) -> dict[str, Any] | None:
    """The first rule whose ``Condition`` is true (its dict, with ``Next``), or None."""
    fields = _Fields(scope, raw)
    for rule in state_def.get("Choices") or []:
        if fields.typed(rule, "Condition", bool, "a boolean"):
            return dict(rule)
    return None


def wait_until(state_def: dict[str, Any], raw: Any, scope: Scope, lang: str,
               now: float) -> float:
    fields = _Fields(scope, raw)
    if "Seconds" in state_def:
        seconds = fields.typed(state_def, "Seconds", (int, float), "a non-negative integer")
        if seconds < 0 or seconds != int(seconds):
            raise fields.bad_value(state_def["Seconds"], "Seconds", seconds,
                                   "a non-negative integer")
        return now + float(seconds)
    if "Timestamp" in state_def:
        value = fields.typed(state_def, "Timestamp", str, "an RFC3339 timestamp")
        stamp = parse_timestamp(value)
        if stamp is None:
            raise fields.bad_value(state_def["Timestamp"], "Timestamp", value,
                                   "an RFC3339 timestamp")
        return stamp.timestamp()
    return now


def fail_fields(state_def: dict[str, Any], raw: Any, scope: Scope,
                lang: str) -> tuple[str | None, str | None]:
    fields = _Fields(scope, raw)
    out = [fields.typed(state_def, name, str, "a string") if name in state_def else None
           for name in ("Error", "Cause")]
    return out[0], out[1]


def items(state_def: dict[str, Any], raw: Any, scope: Scope, lang: str) -> list[Any]:
    if "Items" not in state_def:
        if not isinstance(raw, list):
            raise StatesError("States.Runtime", "Map state input must be an array, or Items"
                                                " must give one")
        return raw
    found: list[Any] = _Fields(scope, raw).typed(state_def, "Items", list, "an array")
    return found


def item_input(state_def: dict[str, Any], item: Any, index: int, raw: Any, scope: Scope,
               lang: str) -> Any:
    """One Map iteration's input: the item, or ``ItemSelector`` rendered with
    ``$states.context.Map.Item`` (``Index``, ``Value``)."""
    if "ItemSelector" not in state_def:
        return item
    context = {**scope.context, "Map": {"Item": {"Index": index, "Value": item}}}
    fields = _Fields(Scope(context, scope.variables), raw)
    return fields.render(state_def["ItemSelector"], "ItemSelector")


def seconds_field(state_def: dict[str, Any], name: str, raw: Any, scope: Scope,
                  lang: str) -> float | None:
    """``TimeoutSeconds``/``HeartbeatSeconds`` (a positive integer), or None."""
    if name not in state_def:
        return None
    fields = _Fields(scope, raw)
    value = fields.typed(state_def, name, (int, float), "a positive integer")
    if value <= 0 or value != int(value):
        raise fields.bad_value(state_def[name], name, value, "a positive integer")
    return float(value)
