"""The intrinsic functions (``language/intrinsics.py``), with the developer guide's examples
and the results AWS gives for edge cases.

https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Any

import pytest

from cloudlet.services.stepfunctions.language import intrinsics, jsonpath
from tests.unit.stepfunctions.language.support import fails, src


def call(text: str, data: Any = None, **variables: Any) -> Any:
    return intrinsics.evaluate(text, src({} if data is None else data, **variables))


@pytest.mark.parametrize(("text", "expected"), [
    ("States.Format('Hello, my name is {}.', $.name)", "Hello, my name is Ana."),
    ("States.Format('{} and {}', 1, 'two')", "1 and two"),
    ("States.Format('no placeholders')", "no placeholders"),
    ("States.Format('{}|{}|{}|{}', $.none, $.num, $.flag, $.text)", "null|1.1|true|"),
    # Objects and arrays print as Java does, strings inside them unquoted.
    ("States.Format('{}', $.obj)", "{Arg1=1, Arg2=[]}"),
    ("States.Format('{}', $.mixed)", "[1, a, {k=v}]"),
    ("States.Format('{}', $$.StateMachine.Name)", "orders-v2-prod"),
    ("States.Format('{}', $v)", "from a variable"),
])
def test_format(text: str, expected: str) -> None:
    data = {"name": "Ana", "none": None, "num": 1.1, "flag": True, "text": "",
            "obj": {"Arg1": 1, "Arg2": []}, "mixed": [1, "a", {"k": "v"}]}
    assert call(text, data, v="from a variable") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("States.Format('\\\\{\\\\} is literal, {} is not', 1)", "{} is literal, 1 is not"),
    ("States.Format('it\\\\'s {}', 'mine')", "it's mine"),
    ("States.Format('a \\\\\\\\ b {}', 1)", "a \\ b 1"),
    ("States.Format('{}', 'commas, (parens) and \\\\'quotes\\\\'')",
     "commas, (parens) and 'quotes'"),
])
def test_format_escapes(text: str, expected: str) -> None:
    # As written in JSON: "States.Format('\\{\\} ...')" - a backslash before { } ' or \.
    assert call(text.replace("\\\\", "\\")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("States.StringToJson($.s)", {"Arg1": 1, "Arg2": []}),
    ("States.StringToJson('[1, 2, \"HelloWorld\"]')", [1, 2, "HelloWorld"]),
    ("States.StringToJson('\"HelloWorld\"')", "HelloWorld"),
    ("States.StringToJson('1.1')", 1.1),
    ("States.StringToJson('true')", True),
    ("States.StringToJson('null')", None),
    ("States.StringToJson('')", None),
    ("States.StringToJson(' ')", None),
    ("States.JsonToString($.o)", '{"Arg1":1,"Arg2":[]}'),
    ("States.JsonToString($.list)", '[1,2,"HelloWorld"]'),
    ("States.JsonToString($.text)", '"HelloWorld"'),
    ("States.JsonToString($.none)", "null"),
    ("States.JsonToString(1.1)", "1.1"),
])
def test_json_string_conversions(text: str, expected: Any) -> None:
    data = {"s": '{"Arg1": 1, "Arg2": []}', "o": {"Arg1": 1, "Arg2": []},
            "list": [1, 2, "HelloWorld"], "text": "HelloWorld", "none": None}
    assert call(text, data) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("States.Array()", []),
    ("States.Array($.Id)", [123456]),
    ("States.Array('a', 1, true, null, $.obj)", ["a", 1, True, None, {"k": 1}]),
    ("States.ArrayPartition($.nums, 4)", [[1, 2, 3, 4], [5, 6, 7, 8], [9]]),
    ("States.ArrayPartition($.empty, 2)", []),
    ("States.ArrayPartition($.nums, 20)", [[1, 2, 3, 4, 5, 6, 7, 8, 9]]),
    ("States.ArrayContains($.nums, 5)", True),
    ("States.ArrayContains($.nums, 10)", False),
    ("States.ArrayContains($.nested, $.obj)", True),
    ("States.ArrayContains($.nested, States.Array(1, 2))", True),
    ("States.ArrayContains($.flags, 1)", False),  # true is not 1
    ("States.ArrayContains($.ones, true)", False),
    ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
    ("States.ArrayRange(0, 10, 3)", [0, 3, 6, 9]),
    ("States.ArrayRange(1, 9, 9)", [1]),
    ("States.ArrayRange(5, 1, -2)", [5, 3, 1]),
    ("States.ArrayGetItem($.nums, 5)", 6),
    ("States.ArrayGetItem(States.Array('a', 'b'), 0)", "a"),
    ("States.ArrayLength($.nums)", 9),
    ("States.ArrayLength($.empty)", 0),
    ("States.ArrayUnique($.dupes)", [1, 2, 3, 4]),
    ("States.ArrayUnique($.mixed)", [None, True, 1, 1.1, "1", [], {"a": 1, "b": 2}]),
])
def test_array_functions(text: str, expected: Any) -> None:
    data = {"Id": 123456, "nums": [1, 2, 3, 4, 5, 6, 7, 8, 9], "empty": [], "obj": {"k": 1},
            "nested": [{"k": 1}, [1, 2]], "flags": [True], "ones": [1],
            "dupes": [1, 2, 2, 3, 3, 3, 4],
            "mixed": [None, None, True, 1, 1, 1.1, "1", [], [], {"a": 1, "b": 2},
                      {"b": 2, "a": 1}]}
    assert call(text, data) == expected


def test_encoding_and_hashing() -> None:
    assert call("States.Base64Encode('Data to encode')") == "RGF0YSB0byBlbmNvZGU="
    assert call("States.Base64Encode('')") == ""
    assert call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')") == "Data to encode"
    assert call("States.Base64Decode(States.Base64Encode('ünïcode'))") == "ünïcode"
    for name, algorithm in (("MD5", "md5"), ("SHA-1", "sha1"), ("SHA-256", "sha256"),
                            ("SHA-384", "sha384"), ("SHA-512", "sha512")):
        assert call(f"States.Hash($.d, '{name}')", {"d": "input data"}) == \
            hashlib.new(algorithm, b"input data").hexdigest()
    assert call("States.Hash('input data', 'MD5')") == "812f45842bc6d66ee14572ce20db8e86"


def test_json_merge_is_shallow_and_the_second_object_wins() -> None:
    data = {"a": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3},
            "b": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}}
    assert call("States.JsonMerge($.a, $.b, false)", data) == {
        "a": {"a3": 1, "a4": 2}, "b": 2, "c": 3, "d": 4}
    assert call("States.JsonMerge(States.StringToJson('{\"x\": \"false\"}'), $.b, false)",
                data)["x"] == "false"


@pytest.mark.parametrize(("a", "b", "total"), [
    (111, -1, 110), (-9, 3, -6), (1.49, 1.5, 3), (1.5, 1.51, 4), (-1.49, -1.5, -2),
    (-1.5, -1.51, -3), (0.5, 0, 1), (2.5, 0, 3), (-0.5, 0, 0), (-2.5, 0, -2),
])
def test_math_add_rounds_each_number_half_up(a: float, b: float, total: int) -> None:
    assert call("States.MathAdd($.a, $.b)", {"a": a, "b": b}) == total


def test_math_random_stays_in_range_and_a_seed_repeats() -> None:
    values = {call("States.MathRandom(1, 10)") for _ in range(200)}
    assert values <= set(range(1, 10)) and len(values) > 3
    assert 12 <= call("States.MathRandom($.a, $.b)", {"a": 12.5, "b": 44.51}) <= 45
    seeded = [call("States.MathRandom(0, 999, 3)") for _ in range(3)]
    assert len(set(seeded)) == 1


@pytest.mark.parametrize(("text", "delimiter", "parts"), [
    ("1,2,3,4,5", ",", ["1", "2", "3", "4", "5"]),
    ("This.is+a,test=string", ".+,=", ["This", "is", "a", "test", "string"]),
    ("split on T and \nnew line", "T\n", ["split on ", " and ", "new line"]),
    (" , ", ",", [" ", " "]),
    (", , ,", ",", [" ", " "]),
    (",,,,", ",", []),
    (" ", ",", [" "]),
])
def test_string_split(text: str, delimiter: str, parts: list[str]) -> None:
    assert call("States.StringSplit($.t, $.d)", {"t": text, "d": delimiter}) == parts


def test_uuid_is_a_fresh_version_4_uuid() -> None:
    first, second = call("States.UUID()"), call("States.UUID()")
    assert uuid.UUID(first).version == 4 and first != second


def test_nested_calls_from_the_guide() -> None:
    # The guide's nine-deep example: take the version out of an image recipe ARN.
    arn = "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/my-recipe/1.0.2"
    text = ("States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit("
            "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), "
            "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
            "$.ImageRecipe.Arn, '/'), 2), '.'), 1), States.ArrayGetItem(States.StringSplit("
            "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 2))")
    assert call(text, {"ImageRecipe": {"Arn": arn}}) == "1.0.2"
    last = ("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd("
            "States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))")
    assert call(last) == "prod"


def test_path_arguments_may_hold_brackets_quotes_and_filters() -> None:
    data = {"a b": [{"n": 1, "ok": True}, {"n": 2, "ok": False}]}
    assert call("States.ArrayLength($['a b'])", data) == 2
    assert call("States.Array($['a b'][?(@.ok == true)].n)", data) == [[1]]
    assert call("States.JsonToString( $['a b'][1].n )", data) == "2"


def test_a_path_argument_that_selects_nothing_names_the_field() -> None:
    error = fails("States.Runtime", jsonpath.template,
                  {"msg.$": "States.Format('{}', $.missing)"}, src({"a": 1}))
    assert error.cause == "The JSONPath '$.missing' specified for the field 'msg.$' could not" \
                          " be found in the input '{\"a\":1}'"


@pytest.mark.parametrize("text", [
    "States.Format('{} {}', 1)", "States.Format('{}', 1, 2)", "States.Format(1)",
    "States.Format()", "States.StringToJson('{')", "States.StringToJson(1)",
    "States.JsonToString()", "States.ArrayPartition(1, 2)",
    "States.ArrayPartition(States.Array(1), 0)", "States.ArrayPartition(States.Array(1), 1.5)",
    "States.ArrayContains(1, 1)", "States.ArrayContains(States.Array(1))",
    "States.ArrayRange(1, 5, 0)", "States.ArrayRange(1, 5)", "States.ArrayRange(1, 20000, 1)",
    "States.ArrayRange('1', 5, 1)", "States.ArrayGetItem(States.Array(1), 5)",
    "States.ArrayGetItem(States.Array(1), -1)", "States.ArrayGetItem('ab', 0)",
    "States.ArrayLength(1)", "States.ArrayUnique('x')", "States.Base64Encode(1)",
    "States.Base64Decode('***')", "States.Hash('x', 'SHA-3')", "States.Hash('x')",
    "States.JsonMerge($.a, $.b, true)", "States.JsonMerge($.a, 1, false)",
    "States.JsonMerge($.a, $.b)", "States.MathAdd('a', 1)", "States.MathAdd(1)",
    "States.MathAdd(true, 1)", "States.MathRandom(5, 1)", "States.MathRandom(1)",
    "States.StringSplit(1, ',')", "States.StringSplit('a,b')", "States.UUID(1)",
])
def test_bad_arguments_are_intrinsic_failures(text: str) -> None:
    fails("States.IntrinsicFailure", call, text, {"a": {}, "b": {}})


def test_long_base64_input_is_an_intrinsic_failure() -> None:
    fails("States.IntrinsicFailure", call, "States.Base64Encode($.s)", {"s": "x" * 10_001})
    assert len(call("States.Base64Encode($.s)", {"s": "x" * 10_000})) > 10_000
    assert base64.b64decode(call("States.Base64Encode('ok')")) == b"ok"


@pytest.mark.parametrize("text", [
    "States.Nope(1)", "States.Format('x'", "States.Format('x') extra", "Format('x')",
    "States.Format('unterminated)",
])
def test_unknown_functions_and_bad_syntax_are_runtime_errors(text: str) -> None:
    fails("States.Runtime", call, text)
