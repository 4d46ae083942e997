"""How each state's data flows, in both query languages: what the engine calls.

https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html

JSONPath (the default): the raw input goes through ``InputPath`` (``null``: ``{}``), then
``Parameters`` (a payload template) to become the effective input; the result goes through
``ResultSelector``, is placed into the raw input at ``ResultPath`` (``null``: the input is
kept, the result dropped), and ``OutputPath`` picks the output. ``Assign`` sees the result
(``$``), the context (``$$``) and the variables as they were before the state. A Catch puts
``{"Error", "Cause"}`` at the catcher's ``ResultPath``.

Wait and Map fail with AWS's words: "The SecondsPath parameter references a negative value:
$.s == -1", "The TimestampPath parameter does not reference a valid ISO-8601 extended offset
date-time format string: $.t == ...", "Wait state delay is too long." (over 2^31 - 1 seconds),
"Reference path \"$.items\" must point to array.".

States whose ``QueryLanguage`` (their own, else the machine's) is JSONata are handed to
``jsonata_flow``, which has the same functions.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from cloudlet.services.stepfunctions.language import choice, jsonpath
from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonpath import Sources

JSONATA = "JSONata"


@dataclass
class Scope:
    """What expressions can see while a state runs."""

    context: dict[str, Any]
    variables: dict[str, Any]


def query_language(state_def: dict[str, Any], top: dict[str, Any]) -> str:
    return str(state_def.get("QueryLanguage") or top.get("QueryLanguage") or "JSONPath")


def _jsonata() -> Any:
    try:
        return importlib.import_module("cloudlet.services.stepfunctions.language.jsonata_flow")
    except ImportError:
        raise StatesError("States.Runtime", "not supported: JSONata") from None


def _sources(data: Any, scope: Scope) -> Sources:
    return Sources(data, scope.context, scope.variables)


def _path(state_def: dict[str, Any], name: str, data: Any, scope: Scope) -> Any:
    """``data`` through the path field ``name`` (absent: ``$``; ``null``: ``{}``)."""
    if name not in state_def:
        return data
    path = state_def[name]
    if path is None:
        return {}
    return jsonpath.select(str(path), _sources(data, scope), name)


def _effective(state_def: dict[str, Any], raw: Any, scope: Scope) -> Any:
    return _path(state_def, "InputPath", raw, scope)


def state_input(state_def: dict[str, Any], raw: Any, scope: Scope, lang: str) -> Any:
    if lang == JSONATA:
        return _jsonata().state_input(state_def, raw, scope, lang)
    value = _effective(state_def, raw, scope)
    if "Parameters" in state_def and state_def.get("Type") != "Map":
        value = jsonpath.template(state_def["Parameters"], _sources(value, scope), "Parameters")
    return value


def _assign(assign: Any, data: Any, scope: Scope) -> dict[str, Any]:
    if not assign:
        return {}
    values = jsonpath.template(assign, _sources(data, scope), "Assign")
    if not isinstance(values, dict):
        raise StatesError("States.Runtime", "Assign must be an object")
    return values


def state_output(state_def: dict[str, Any], raw: Any, result: Any, scope: Scope,
                 lang: str) -> tuple[Any, dict[str, Any]]:
    if lang == JSONATA:
        out: tuple[Any, dict[str, Any]] = _jsonata().state_output(state_def, raw, result,
                                                                  scope, lang)
        return out
    if "ResultSelector" in state_def:
        result = jsonpath.template(state_def["ResultSelector"], _sources(result, scope),
                                   "ResultSelector")
    assigned = _assign(state_def.get("Assign"), result, scope)
    if "ResultPath" in state_def:
        path = state_def["ResultPath"]
        merged = raw if path is None else jsonpath.set_result(raw, str(path), result)
    else:
        merged = result
    return _path(state_def, "OutputPath", merged, scope), assigned


def error_output(state_def: dict[str, Any], raw: Any, error: str, cause: str,
                 catcher: dict[str, Any], scope: Scope, lang: str) -> tuple[Any, dict[str, Any]]:
    if lang == JSONATA:
        out: tuple[Any, dict[str, Any]] = _jsonata().error_output(
            state_def, raw, error, cause, catcher, scope, lang)
        return out
    failure = {"Error": error, "Cause": cause}
    assigned = _assign(catcher.get("Assign"), failure, scope)
    path = catcher.get("ResultPath", "$")
    merged = raw if path is None else jsonpath.set_result(raw, str(path), failure)
    return merged, assigned


def choose_rule(state_def: dict[str, Any], raw: Any, scope: Scope,
                lang: str) -> dict[str, Any] | None:
    """The first Choice rule that holds (its dict, with ``Next``), or None."""
    if lang == JSONATA:
        found: dict[str, Any] | None = _jsonata().choose_rule(state_def, raw, scope, lang)
        return found
    src = _sources(_effective(state_def, raw, scope), scope)
    for rule in state_def.get("Choices") or []:
        if choice.matches(rule, src):
            return dict(rule)
    return None


_MAX_DELAY = 2**31 - 1
_ISO = "ISO-8601 extended offset date-time format string"


def _parameter(state_def: dict[str, Any], field: str, src: Sources) -> tuple[str, Any]:
    """A Wait ``...Path`` field's path and the value it selects."""
    path = str(state_def[field])
    value = jsonpath.lookup(path, src)
    if value is jsonpath.MISSING:
        raise StatesError("States.Runtime", f"The {field} parameter does not reference an"
                                            f" input value: {path}")
    return path, value


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def _wait_target(state_def: dict[str, Any], src: Sources, now: float) -> float:
    if "Seconds" in state_def:
        return now + float(state_def["Seconds"])
    if "Timestamp" in state_def:
        stamp = choice.parse_timestamp(state_def["Timestamp"])
        if stamp is None:
            raise StatesError("States.Runtime", "The Timestamp field cannot be parsed as an"
                                                f" {_ISO}: {state_def['Timestamp']}")
        return stamp.timestamp()
    if "SecondsPath" in state_def:
        path, seconds = _parameter(state_def, "SecondsPath", src)
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) \
                or int(seconds) != seconds:
            raise StatesError("States.Runtime", "The SecondsPath parameter cannot be parsed as"
                                                f" a long value: {path} == {_shown(seconds)}")
        if seconds < 0:
            raise StatesError("States.Runtime", "The SecondsPath parameter references a"
                                                f" negative value: {path} == {_shown(seconds)}")
        return now + float(seconds)
    if "TimestampPath" in state_def:
        path, value = _parameter(state_def, "TimestampPath", src)
        stamp = choice.parse_timestamp(value)
        if stamp is None:
            raise StatesError("States.Runtime", f"The TimestampPath parameter does not reference"
                                                f" a valid {_ISO}: {path} == {_shown(value)}")
        return stamp.timestamp()
    return now


def wait_until(state_def: dict[str, Any], raw: Any, scope: Scope, lang: str,
               now: float) -> float:
    if lang == JSONATA:
        until: float = _jsonata().wait_until(state_def, raw, scope, lang, now)
        return until
    target = _wait_target(state_def, _sources(_effective(state_def, raw, scope), scope), now)
    if target - now > _MAX_DELAY:
        raise StatesError("States.Runtime", "Wait state delay is too long.")
    return target


def fail_fields(state_def: dict[str, Any], raw: Any, scope: Scope,
                lang: str) -> tuple[str | None, str | None]:
    if lang == JSONATA:
        fields: tuple[str | None, str | None] = _jsonata().fail_fields(state_def, raw, scope,
                                                                       lang)
        return fields
    src = _sources(raw, scope)
    out: list[str | None] = []
    for name in ("Error", "Cause"):
        if f"{name}Path" in state_def:
            value = jsonpath.expression(str(state_def[f"{name}Path"]), src, f"{name}Path")
            out.append(value if isinstance(value, str) else None)
        else:
            value = state_def.get(name)
            out.append(None if value is None else str(value))
    return out[0], out[1]


def items(state_def: dict[str, Any], raw: Any, scope: Scope, lang: str) -> list[Any]:
    if lang == JSONATA:
        found: list[Any] = _jsonata().items(state_def, raw, scope, lang)
        return found
    value = _effective(state_def, raw, scope)
    path = str(state_def.get("ItemsPath", "$"))
    if "ItemsPath" in state_def:
        value = jsonpath.select(path, _sources(value, scope), "ItemsPath")
    if not isinstance(value, list):
        raise StatesError("States.Runtime", f"Reference path \"{path}\" must point to array.")
    return value


def item_input(state_def: dict[str, Any], item: Any, index: int, raw: Any, scope: Scope,
               lang: str) -> Any:
    """One Map iteration's input: the item, or ``ItemSelector`` (``Parameters``) with
    ``$$.Map.Item.Index`` and ``$$.Map.Item.Value`` set."""
    if lang == JSONATA:
        return _jsonata().item_input(state_def, item, index, raw, scope, lang)
    selector = state_def.get("ItemSelector", state_def.get("Parameters"))
    if selector is None:
        return item
    context = {**scope.context, "Map": {"Item": {"Index": index, "Value": item}}}
    src = Sources(_effective(state_def, raw, scope), context, scope.variables)
    return jsonpath.template(selector, src, "ItemSelector")


def seconds_field(state_def: dict[str, Any], name: str, raw: Any, scope: Scope,
                  lang: str) -> float | None:
    """``TimeoutSeconds``/``HeartbeatSeconds`` or its ``...Path`` form, or None."""
    if lang == JSONATA:
        found: float | None = _jsonata().seconds_field(state_def, name, raw, scope, lang)
        return found
    if name in state_def:
        return float(state_def[name])
    if f"{name}Path" in state_def:
        value = jsonpath.select(str(state_def[f"{name}Path"]),
                                _sources(_effective(state_def, raw, scope), scope), f"{name}Path")
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise StatesError("States.Runtime", f"The {name}Path value '{value}' is not a"
                                                " positive integer")
        return float(value)
    return None


def now_iso(epoch: float) -> str:
    """A context-object timestamp (``$$.State.EnteredTime``): ISO 8601, milliseconds, Z."""
    stamp = datetime.fromtimestamp(epoch, UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
