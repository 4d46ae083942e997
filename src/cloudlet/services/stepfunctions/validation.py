"""Static checks of an Amazon States Language definition, as AWS's validator reports them.

``check(text)`` answers a list of ``Diagnostic`` (severity, code, message, location as
ValidateStateMachineDefinition returns them); Create/UpdateStateMachine refuse a
definition with any ERROR, with ``definition_error``'s message
(``Invalid State Machine Definition: 'CODE: message at /States/X, ...'``).

Checked: JSON syntax; StartAt/States; the fields each state type allows, per query
language (a JSONPath field in a JSONata state is an error, and the other way round);
required fields; Next/Default/Catch targets exist; Next and End exclusive; a terminal
state exists; Retry/Catch shapes; Choice rules; Parallel branches and Map
ItemProcessor/Iterator recursively; unreachable states.

https://states-language.net/spec.html
https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ERROR = "ERROR"
WARNING = "WARNING"

_COMMON = {"Type", "Comment", "QueryLanguage"}
_JSONPATH_IO = {"InputPath", "OutputPath"}
_JSONPATH_TASKLIKE = {"Parameters", "ResultPath", "ResultSelector"}
_JSONATA = {"Output", "Arguments"}
_FLOW = {"Next", "End"}
_ERRORS = {"Retry", "Catch"}

# The fields of each state type: (allowed in both languages, JSONPath only, JSONata only).
_FIELDS: dict[str, tuple[set[str], set[str], set[str]]] = {
    "Pass": (_FLOW | {"Assign"}, _JSONPATH_IO | {"Parameters", "ResultPath", "Result"},
             {"Output"}),
    "Task": (_FLOW | _ERRORS | {"Assign", "Resource", "TimeoutSeconds", "HeartbeatSeconds",
                                "Credentials"},
             _JSONPATH_IO | _JSONPATH_TASKLIKE | {"TimeoutSecondsPath", "HeartbeatSecondsPath"},
             _JSONATA),
    "Choice": ({"Choices", "Default", "Assign"}, _JSONPATH_IO, {"Output"}),
    "Wait": (_FLOW | {"Assign", "Seconds", "Timestamp"},
             _JSONPATH_IO | {"SecondsPath", "TimestampPath"}, {"Output"}),
    "Succeed": (set(), _JSONPATH_IO, {"Output"}),
    "Fail": ({"Error", "Cause"}, {"ErrorPath", "CausePath"}, set()),
    "Parallel": (_FLOW | _ERRORS | {"Assign", "Branches"},
                 _JSONPATH_IO | _JSONPATH_TASKLIKE, _JSONATA),
    "Map": (_FLOW | _ERRORS | {"Assign", "ItemProcessor", "Iterator", "ItemSelector",
                               "MaxConcurrency", "ItemReader", "ItemBatcher", "ResultWriter",
                               "ToleratedFailureCount", "ToleratedFailurePercentage", "Label"},
            _JSONPATH_IO | _JSONPATH_TASKLIKE | {"ItemsPath", "MaxConcurrencyPath",
                                                 "ToleratedFailureCountPath",
                                                 "ToleratedFailurePercentagePath"},
            {"Output", "Items"}),
}
_REQUIRED: dict[str, list[str]] = {
    "Task": ["Resource"], "Choice": ["Choices"], "Parallel": ["Branches"],
}
_TOP = {"StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"}
_RETRY = {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
          "JitterStrategy", "Comment"}
_CATCH_BOTH = {"ErrorEquals", "Next", "Assign", "Comment"}
_COMPARISONS = {
    f"{kind}{op}{suffix}"
    for kind in ("String", "Numeric", "Timestamp")
    for op in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
    for suffix in ("", "Path")
} | {"BooleanEquals", "BooleanEqualsPath", "StringMatches", "IsNull", "IsPresent",
     "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"}
_LANGS = {"JSONPath", "JSONata"}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str
    code: str
    message: str
    location: str | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"severity": self.severity, "code": self.code, "message": self.message}
        if self.location is not None:
            out["location"] = self.location
        return out

    def text(self) -> str:
        where = f" at {self.location}" if self.location is not None else ""
        return f"{self.code}: {self.message}{where}"


def definition_error(diagnostics: list[Diagnostic]) -> str | None:
    """The InvalidDefinition message for the errors in ``diagnostics``, None if none."""
    found = [d.text() for d in diagnostics if d.severity == ERROR]
    if not found:
        return None
    return "Invalid State Machine Definition: '" + ", ".join(found) + "'"


class _Checker:
    def __init__(self, machine_type: str) -> None:
        self.machine_type = machine_type
        self.found: list[Diagnostic] = []
        # State names are unique across the whole definition, nested machines included.
        self.names: set[str] = set()

    def error(self, code: str, message: str, location: str | None) -> None:
        self.found.append(Diagnostic(ERROR, code, message, location))

    def schema(self, message: str, location: str) -> None:
        self.error("SCHEMA_VALIDATION_FAILED", message, location)

    # -- a state machine (top level, a branch, an item processor) --------------------

    def machine(self, doc: Any, at: str, lang: str, allowed: set[str], top: bool) -> None:
        if not isinstance(doc, dict):
            self.schema("Value is not an object", at or "/")
            return
        for key in doc:
            if key not in allowed:
                self.schema(f"The field '{key}' is not supported by Step Functions",
                            at or "/")
        if "QueryLanguage" in doc:
            if doc["QueryLanguage"] not in _LANGS:
                self.schema("Value is not a valid query language", f"{at}/QueryLanguage")
            elif not top and lang == "JSONata" and doc["QueryLanguage"] == "JSONPath":
                self.schema("A JSONPath state cannot be used in a JSONata state machine",
                            f"{at}/QueryLanguage")
            else:
                lang = doc["QueryLanguage"]
        missing = [k for k in ("StartAt", "States") if k not in doc]
        if missing:
            self.schema(f"These fields are required: [{', '.join(missing)}]", at or "/")
            return
        states = doc["States"]
        if not isinstance(states, dict) or not states:
            self.schema("Value is not a non-empty object", f"{at}/States")
            return
        start = doc["StartAt"]
        if not isinstance(start, str) or start not in states:
            self.error("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {start}",
                       f"{at}/StartAt")
        terminal = False
        for name, state in states.items():
            where = f"{at}/States/{name}"
            if len(name) > 80:
                self.error("INVALID_STATE_NAME", "State name is too long", where)
            if name in self.names:
                self.error("DUPLICATE_STATE_NAME", f"Duplicate State name: {name}", where)
            self.names.add(name)
            if self.state(name, state, where, lang, set(states)):
                terminal = True
        if not terminal:
            self.error("MISSING_END_STATE", "Workflow has no terminal state", at or "/")
        self.reachability(states, start, at)

    def reachability(self, states: dict[str, Any], start: Any, at: str) -> None:
        seen: set[str] = set()
        todo = [start] if isinstance(start, str) else []
        while todo:
            name = todo.pop()
            if name in seen or name not in states:
                continue
            seen.add(name)
            todo.extend(targets(states[name]))
        for name in states:
            if name not in seen:
                self.error("MISSING_TRANSITION_TARGET", f'State "{name}" is not reachable.',
                           f"{at}/States/{name}")

    # -- one state --------------------------------------------------------------------

    def state(self, name: str, state: Any, at: str, lang: str, names: set[str]) -> bool:
        """Check one state; True when it ends its machine (End, Succeed, Fail)."""
        if not isinstance(state, dict):
            self.schema("Value is not an object", at)
            return False
        kind = state.get("Type")
        if kind is None:
            self.schema("These fields are required: [Type]", at)
            return False
        if kind not in _FIELDS:
            self.schema("Value is not a valid state type", f"{at}/Type")
            return False
        own = state.get("QueryLanguage", lang)
        if own not in _LANGS:
            self.schema("Value is not a valid query language", f"{at}/QueryLanguage")
            own = lang
        elif lang == "JSONata" and own == "JSONPath":
            self.schema("A JSONPath state cannot be used in a JSONata state machine",
                        f"{at}/QueryLanguage")
        both, jsonpath, jsonata = _FIELDS[kind]
        allowed = _COMMON | both | (jsonpath if own == "JSONPath" else jsonata)
        for key in state:
            if key in allowed:
                continue
            if key in jsonpath or key in jsonata:
                self.schema(f"The field '{key}' is not supported for {own} query language",
                            at)
            else:
                self.schema(f"The field '{key}' is not supported by Step Functions", at)
        missing = [k for k in _REQUIRED.get(kind, []) if k not in state]
        if kind == "Map" and "ItemProcessor" not in state and "Iterator" not in state:
            missing.append("ItemProcessor")
        if missing:
            self.schema(f"These fields are required: [{', '.join(missing)}]", at)
        terminal = kind in ("Succeed", "Fail")
        if kind not in ("Choice", "Succeed", "Fail"):
            has_next, has_end = "Next" in state, state.get("End") is True
            if "End" in state and not isinstance(state["End"], bool):
                self.schema("Value is not a boolean", f"{at}/End")
            if has_next and has_end:
                self.schema("Only one of 'Next' or 'End' is allowed", at)
            elif not has_next and not has_end:
                self.schema("These fields are required: [Next|End]", at)
            if has_next:
                self.target(state["Next"], names, f"{at}/Next")
            terminal = has_end
        if kind == "Task":
            self.resource(state.get("Resource"), f"{at}/Resource")
        if own == "JSONPath":
            for key in ("Parameters", "ResultSelector", "ItemSelector"):
                if isinstance(state.get(key), dict):
                    self.dollars(state[key], f"{at}/{key}")
            if kind == "Pass" and _has_path(state.get("Result")):
                self.found.append(Diagnostic(
                    WARNING, "PASS_RESULT_IS_STATIC",
                    "The Result field of a Pass state is static: paths in it are not"
                    " evaluated", f"{at}/Result"))
        if kind == "Choice":
            self.choice(state, at, own, names)
        if kind == "Wait":
            waits = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")
                     if k in state]
            if len(waits) != 1:
                self.schema("Exactly one of 'Seconds', 'Timestamp', 'SecondsPath' or"
                            " 'TimestampPath' is required", at)
        if "Retry" in state:
            self.retries(state["Retry"], f"{at}/Retry")
        if "Catch" in state:
            self.catchers(state["Catch"], f"{at}/Catch", own, names)
        if kind == "Parallel":
            branches = state.get("Branches")
            if not isinstance(branches, list) or not branches:
                if "Branches" in state:
                    self.schema("Value is not a non-empty array", f"{at}/Branches")
            else:
                for i, branch in enumerate(branches):
                    self.machine(branch, f"{at}/Branches[{i}]", own,
                                 {"StartAt", "States", "Comment", "QueryLanguage"}, False)
        if kind == "Map":
            key = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
            if key in state:
                self.machine(state[key], f"{at}/{key}", own,
                             {"StartAt", "States", "Comment", "ProcessorConfig",
                              "QueryLanguage"}, False)
        return terminal

    def resource(self, resource: Any, at: str) -> None:
        if resource is None:
            return
        if not isinstance(resource, str) or not resource.startswith("arn:"):
            self.error("INVALID_RESOURCE", f"Resource is not a valid ARN: {resource}", at)
            return
        if self.machine_type != "EXPRESS":
            return
        if ":activity:" in resource:
            self.schema("Express state machine does not support Activity ARN", at)
        for suffix in (".sync", ".waitForTaskToken"):
            if suffix in resource:
                self.schema(f"Express state machine does not support '{suffix}' service"
                            " integration", at)

    def dollars(self, template: dict[str, Any], at: str) -> None:
        """NO_DOLLAR: a payload template value that looks like a path or an intrinsic
        under a key without ``.$`` (it stays a literal string)."""
        for key, value in template.items():
            if isinstance(value, dict):
                self.dollars(value, f"{at}/{key}")
            elif (isinstance(value, str) and not key.endswith(".$")
                  and (value.startswith("$.") or value.startswith("States."))):
                self.found.append(Diagnostic(
                    WARNING, "NO_DOLLAR",
                    f"The value of field '{key}' looks like a path or an intrinsic function,"
                    " but the field name does not end with '.$'", f"{at}/{key}"))

    def target(self, value: Any, names: set[str], at: str) -> None:
        if not isinstance(value, str) or value not in names:
            self.error("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {value}", at)

    def rules(self, value: Any, at: str, allowed: set[str] | frozenset[str]
              ) -> Iterator[tuple[dict[str, Any], str]]:
        """Each Retry/Catch rule that is an object (its fields and ErrorEquals checked),
        with where it is."""
        if not isinstance(value, list):
            self.schema("Value is not an array", at)
            return
        for i, rule in enumerate(value):
            where = f"{at}[{i}]"
            if not isinstance(rule, dict):
                self.schema("Value is not an object", where)
                continue
            for key in rule:
                if key not in allowed:
                    self.schema(f"The field '{key}' is not supported by Step Functions", where)
            self.error_equals(rule, where)
            self.all_last(rule, i, len(value), where)
            yield rule, where

    def retries(self, value: Any, at: str) -> None:
        for rule, where in self.rules(value, at, _RETRY):
            for key, low in (("IntervalSeconds", 1), ("MaxAttempts", 0),
                             ("MaxDelaySeconds", 1)):
                v = rule.get(key)
                if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < low):
                    self.schema(f"Value must be an integer >= {low}", f"{where}/{key}")
            rate = rule.get("BackoffRate")
            if rate is not None and (not isinstance(rate, (int, float)) or rate < 1.0):
                self.schema("Value must be a number >= 1.0", f"{where}/BackoffRate")
            jitter = rule.get("JitterStrategy")
            if jitter is not None and jitter not in ("FULL", "NONE"):
                self.schema("Value is not a valid enum value: [FULL, NONE]",
                            f"{where}/JitterStrategy")

    def catchers(self, value: Any, at: str, lang: str, names: set[str]) -> None:
        allowed = _CATCH_BOTH | ({"ResultPath"} if lang == "JSONPath" else {"Output"})
        for rule, where in self.rules(value, at, allowed):
            if "Next" not in rule:
                self.schema("These fields are required: [Next]", where)
            else:
                self.target(rule["Next"], names, f"{where}/Next")

    def all_last(self, rule: dict[str, Any], index: int, count: int, at: str) -> None:
        names = rule.get("ErrorEquals")
        if isinstance(names, list) and "States.ALL" in names and index != count - 1:
            self.schema("States.ALL must appear in the last retrier or catcher",
                        f"{at}/ErrorEquals")

    def error_equals(self, rule: dict[str, Any], at: str) -> None:
        names = rule.get("ErrorEquals")
        if names is None:
            self.schema("These fields are required: [ErrorEquals]", at)
        elif (not isinstance(names, list) or not names
              or not all(isinstance(n, str) for n in names)):
            self.schema("Value is not a non-empty array of strings", f"{at}/ErrorEquals")
        elif "States.ALL" in names and len(names) > 1:
            self.schema("States.ALL must appear alone in ErrorEquals", f"{at}/ErrorEquals")

    def choice(self, state: dict[str, Any], at: str, lang: str, names: set[str]) -> None:
        if "Default" in state:
            self.target(state["Default"], names, f"{at}/Default")
        rules = state.get("Choices")
        if rules is None:
            return
        if not isinstance(rules, list) or not rules:
            self.schema("Value is not a non-empty array", f"{at}/Choices")
            return
        for i, rule in enumerate(rules):
            where = f"{at}/Choices[{i}]"
            if not isinstance(rule, dict):
                self.schema("Value is not an object", where)
                continue
            if "Next" not in rule:
                self.schema("These fields are required: [Next]", where)
            else:
                self.target(rule["Next"], names, f"{where}/Next")
            if lang == "JSONata":
                for key in rule:
                    if key not in ("Condition", "Next", "Assign", "Output", "Comment"):
                        self.schema(f"The field '{key}' is not supported for JSONata query"
                                    " language", where)
                if "Condition" not in rule:
                    self.schema("These fields are required: [Condition]", where)
            else:
                self.rule(rule, where, top=True)

    def rule(self, rule: Any, at: str, *, top: bool) -> None:
        if not isinstance(rule, dict):
            self.schema("Value is not an object", at)
            return
        extra = {"Next", "Assign", "Comment"} if top else {"Comment"}
        ops = [k for k in rule if k in _COMPARISONS or k in ("And", "Or", "Not")]
        for key in rule:
            if key not in extra and key != "Variable" and key not in ops:
                self.schema(f"The field '{key}' is not supported by Step Functions", at)
        if len(ops) != 1:
            self.schema("A choice rule must have exactly one comparison operator", at)
            return
        op = ops[0]
        if op in ("And", "Or"):
            subs = rule[op]
            if not isinstance(subs, list) or not subs:
                self.schema("Value is not a non-empty array", f"{at}/{op}")
                return
            for j, sub in enumerate(subs):
                self.rule(sub, f"{at}/{op}[{j}]", top=False)
        elif op == "Not":
            self.rule(rule[op], f"{at}/Not", top=False)
        elif "Variable" not in rule:
            self.schema("These fields are required: [Variable]", at)


def targets(state: Any) -> list[str]:
    """The names of the states ``state`` can go to."""
    if not isinstance(state, dict):
        return []
    out = [state["Next"]] if isinstance(state.get("Next"), str) else []
    if isinstance(state.get("Default"), str):
        out.append(state["Default"])
    for key in ("Choices", "Catch"):
        rules = state.get(key)
        if isinstance(rules, list):
            out.extend(r["Next"] for r in rules
                       if isinstance(r, dict) and isinstance(r.get("Next"), str))
    return out


def _has_path(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("$.") or value == "$"
    if isinstance(value, dict):
        return any(k.endswith(".$") or _has_path(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_path(v) for v in value)
    return False


def check(definition_text: str | None, machine_type: str = "STANDARD") -> list[Diagnostic]:
    """Every problem of the definition (an empty list: valid). ``machine_type`` EXPRESS
    also refuses what Express workflows cannot run (activities, ``.sync``,
    ``.waitForTaskToken``)."""
    if definition_text is None or not definition_text.strip():
        return [Diagnostic(ERROR, "MISSING_DESCRIPTION", "Definition is empty", None)]
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out and isinstance(value, dict) and "Type" in value:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        doc = json.loads(definition_text, object_pairs_hook=pairs)
    except ValueError as exc:
        return [Diagnostic(ERROR, "INVALID_JSON_DESCRIPTION", str(exc), None)]
    checker = _Checker(machine_type)
    for name in duplicates:
        checker.error("DUPLICATE_STATE_NAME", f"Duplicate State name: {name}", None)
    lang = doc.get("QueryLanguage", "JSONPath") if isinstance(doc, dict) else "JSONPath"
    checker.machine(doc, "", lang if lang in _LANGS else "JSONPath", _TOP, True)
    return sorted(checker.found, key=lambda d: d.severity != ERROR)
