"""Paths, reference paths and payload templates (``language/jsonpath.py``).

https://states-language.net/spec.html#path
https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
"""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import jsonpath
from tests.unit.stepfunctions.language.support import fails, src

# The developer guide's reference-path example.
GUIDE = {"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": True}}


@pytest.mark.parametrize(("path", "expected"), [
    ("$", GUIDE),
    ("$.foo", 123),
    ("$.bar", ["a", "b", "c"]),
    ("$.car.cdr", True),
    ("$.bar[1]", "b"),
    ("$['car']['cdr']", True),
    ("$.bar[-1]", "c"),
])
def test_reference_paths_select_one_node(path: str, expected: Any) -> None:
    assert jsonpath.select(path, src(GUIDE)) == expected


def test_the_specs_slice_and_the_guides_range_select_lists() -> None:
    assert jsonpath.select("$.vals[3:]", src({"vals": [0, 10, 20, 30, 40, 50]})) == [30, 40, 50]
    assert jsonpath.select("$.a[0:2]", src({"a": [1, 2, 3, 4]})) == [1, 2]


def test_wildcards_filters_and_descent_give_every_match() -> None:
    data = {"items": [{"n": 1, "ok": True}, {"n": 2, "ok": False}, {"n": 3, "ok": True}]}
    assert jsonpath.select("$.items[*].n", src(data)) == [1, 2, 3]
    assert jsonpath.select("$.items[?(@.ok == true)].n", src(data)) == [1, 3]
    assert jsonpath.select("$..n", src(data)) == [1, 2, 3]
    assert jsonpath.select("$.items[?(@.n > 5)]", src(data)) == []


def test_names_with_dashes_and_spaces() -> None:
    data = {"a-b": 1, "with space": {"x": 2}}
    assert jsonpath.select("$.a-b", src(data)) == 1
    assert jsonpath.select("$['with space'].x", src(data)) == 2


def test_context_paths_read_the_context_object() -> None:
    assert jsonpath.select("$$.Execution.Name", src({})) == "run-1"
    assert jsonpath.select("$$.Execution.Input.order", src({})) == 7
    assert jsonpath.select("$$", src({}))["State"]["Name"] == "S"


def test_variable_paths_read_workflow_variables() -> None:
    data = src({"x": 0}, user={"name": "ana", "tags": ["a", "b"]}, n=3)
    assert jsonpath.select("$user", data) == {"name": "ana", "tags": ["a", "b"]}
    assert jsonpath.select("$user.name", data) == "ana"
    assert jsonpath.select("$user.tags[1]", data) == "b"
    assert jsonpath.select("$n", data) == 3
    fails("States.Runtime", jsonpath.select, "$nobody", data)


def test_a_path_field_that_selects_nothing_is_worded_as_jayway_words_it() -> None:
    # AWS: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"
    error = fails("States.Runtime", jsonpath.select, "$.NoSuchInputPath", src({}), "InputPath")
    assert error.cause == "Invalid path '$.NoSuchInputPath' : No results for path:" \
                          " $['NoSuchInputPath']"
    # AWS: "Invalid path '$.no.such.result.path' : Missing property in path $['no']"
    error = fails("States.Runtime", jsonpath.select, "$.no.such.result.path", src({}),
                  "OutputPath")
    assert error.cause == "Invalid path '$.no.such.result.path' : Missing property in path" \
                          " $['no']"
    error = fails("States.Runtime", jsonpath.select, "$.a.b[2]", src({"a": {"b": [1]}}),
                  "OutputPath")
    assert error.cause == "Invalid path '$.a.b[2]' : No results for path: $['a']['b'][2]"


def test_a_template_field_that_selects_nothing_names_the_field_and_the_input() -> None:
    # AWS: "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not
    # be found in the input '{"int-literal":0}'" - the state's input, also for $$ paths.
    for path in ("$.no_such_jsonpath", "$$.Execution.Input.no_such_jsonpath"):
        error = fails("States.Runtime", jsonpath.template, {"value.$": path},
                      src({"int-literal": 0}))
        assert error.cause == (f"The JSONPath '{path}' specified for the field 'value.$' could"
                               " not be found in the input '{\"int-literal\":0}'")


def test_payload_template_from_the_spec() -> None:
    template = {"flagged": True, "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[3:]"}}
    data = {"flagged": 7, "vals": [0, 10, 20, 30, 40, 50]}
    assert jsonpath.template(template, src(data)) == {
        "flagged": True, "parts": {"first": 0, "last3": [30, 40, 50]}}


def test_templates_walk_lists_keep_literals_and_take_intrinsics() -> None:
    template = {"list": [{"x.$": "$.a"}, "$.a", 1, None], "ctx.$": "$$.State.Name",
                "var.$": "$v", "call.$": "States.Format('{}!', $.a)", "plain": "$.a"}
    assert jsonpath.template(template, src({"a": "hi"}, v=[1])) == {
        "list": [{"x": "hi"}, "$.a", 1, None], "ctx": "S", "var": [1], "call": "hi!",
        "plain": "$.a"}


def test_result_path_dollar_replaces_the_input() -> None:
    assert jsonpath.set_result({"a": 1}, "$", {"r": 2}) == {"r": 2}


def test_result_path_adds_the_result_beside_the_input() -> None:
    # The developer guide's "ResultPath" example: the input keeps its fields.
    data = {"comment": "An input comment.", "data": {"val1": 23, "val2": 17}}
    assert jsonpath.set_result(data, "$.data.lambdaresult", "Hello, AWS Step Functions!") == {
        "comment": "An input comment.",
        "data": {"val1": 23, "val2": 17, "lambdaresult": "Hello, AWS Step Functions!"}}


def test_result_path_creates_missing_objects_and_does_not_change_the_input() -> None:
    raw = {"a": {"keep": 1}}
    assert jsonpath.set_result(raw, "$.a.b.c", 5) == {"a": {"keep": 1, "b": {"c": 5}}}
    assert jsonpath.set_result(raw, "$['x y'].z", 5) == {"a": {"keep": 1}, "x y": {"z": 5}}
    assert raw == {"a": {"keep": 1}}


def test_result_path_replaces_an_existing_field_and_an_array_element() -> None:
    assert jsonpath.set_result({"a": 1, "b": 2}, "$.a", [9]) == {"a": [9], "b": 2}
    raw = {"list": [{"v": 1}, {"v": 2}]}
    assert jsonpath.set_result(raw, "$.list[1].v", 7) == {"list": [{"v": 1}, {"v": 7}]}
    assert raw == {"list": [{"v": 1}, {"v": 2}]}


@pytest.mark.parametrize(("data", "path"), [
    ({"a": 1}, "$.a.b"),
    ("text", "$.x"),
    ([1], "$.x"),
    ({"list": [1]}, "$.list[3]"),
    (None, "$.x"),
])
def test_result_path_through_a_non_object_is_a_match_failure(data: Any, path: str) -> None:
    error = fails("States.ResultPathMatchFailure", jsonpath.set_result, data, path, 5)
    assert error.cause.startswith(f"Unable to apply ReferencePath {path} to input ")


def test_match_failure_shows_the_input_as_json() -> None:
    # AWS: Unable to apply ReferencePath $.partitioned to input "{\"min_size\":10000}"
    error = fails("States.ResultPathMatchFailure", jsonpath.set_result, '{"min_size":10000}',
                  "$.partitioned", 1)
    assert error.cause == 'Unable to apply ReferencePath $.partitioned to input' \
                          ' "{\\"min_size\\":10000}"'


@pytest.mark.parametrize("path", ["$.items[*]", "$..x", "$$.Execution"])
def test_result_path_must_be_a_reference_path(path: str) -> None:
    fails("States.Runtime", jsonpath.set_result, {}, path, 1)
