"""ConditionExpression / FilterExpression.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
"""

import base64
import time
from typing import Any

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import (
    ExpressionContext,
    Parser,
    compile_condition,
    compile_filter,
)

ITEM: dict[str, Any] = {
    "pk": {"S": "k"},
    "n": {"N": "5"},
    "s": {"S": "hello"},
    "b": {"B": base64.b64encode(b"\x01\x02\x03").decode()},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
    "l": {"L": [{"S": "x"}, {"N": "7"}, {"M": {"deep": {"S": "d"}}}]},
    "m": {"M": {"inr": {"N": "3"}, "name.with.dot": {"S": "dot"}}},
    "t": {"BOOL": True},
    "z": {"NULL": True},
}
VALUES: dict[str, Any] = {
    ":n5": {"N": "5.0"},
    ":n1": {"N": "1"},
    ":n9": {"N": "9"},
    ":s": {"S": "hello"},
    ":he": {"S": "he"},
    ":a": {"S": "a"},
    ":x": {"S": "x"},
    ":S": {"S": "S"},
    ":SS": {"S": "SS"},
    ":b12": {"B": base64.b64encode(b"\x01\x02").decode()},
    ":l": {"L": [{"S": "x"}]},
    ":t": {"BOOL": True},
    ":m": {"M": {"k": {"S": "v"}}},
}


def check(
    text: str, item: dict[str, Any] | None = ITEM, names: dict[str, str] | None = None
) -> bool:
    ctx = ExpressionContext(names, VALUES)
    return compile_condition(text, ctx).evaluate(item)


def error(text: str, kind: str = "ConditionExpression", names: dict[str, str] | None = None) -> str:
    with pytest.raises(ValidationException) as err:
        compile_condition(text, ExpressionContext(names, VALUES), kind)
    return err.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("n = :n5", True),
        ("n <> :n5", False),
        ("n < :n9", True),
        ("n <= :n5", True),
        ("n > :n1", True),
        ("n >= :n9", False),
        ("s = :s", True),
        ("s > :he", True),
        ("n = :s", False),
        ("n <> :s", True),
        ("absent = :n5", False),
        ("absent <> :n5", True),
        ("absent < :n5", False),
        ("n BETWEEN :n1 AND :n9", True),
        ("n BETWEEN :n1 AND :n1", False),
        ("s BETWEEN :n1 AND :n9", False),
        ("n IN (:n1, :n5)", True),
        ("n IN (:n1, :n9)", False),
        ("absent IN (:n1)", False),
        ("l[0] = :x", True),
        ("l[2].deep = :x", False),
        ("m.inr = :n1", False),
        ("l = :l", False),
        ("t = :t", True),
        ("ss = ss", True),
    ],
)
def test_comparisons(text: str, expected: bool) -> None:
    assert check(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("attribute_exists(n)", True),
        ("attribute_exists(absent)", False),
        ("attribute_not_exists(absent)", True),
        ("attribute_exists(l[2].deep)", True),
        ("attribute_exists(l[3])", False),
        ("attribute_exists(m.inr)", True),
        ("attribute_type(n, :S)", False),
        ("attribute_type(s, :S)", True),
        ("attribute_type(ss, :SS)", True),
        ("begins_with(s, :he)", True),
        ("begins_with(s, :a)", False),
        ("begins_with(b, :b12)", True),
        ("begins_with(n, :he)", False),
        ("contains(s, :he)", True),
        ("contains(ss, :a)", True),
        ("contains(ns, :n1)", True),
        ("contains(ns, :a)", False),
        ("contains(l, :x)", True),
        ("contains(l, :a)", False),
        ("contains(b, :b12)", True),
        ("size(s) = :n5", True),
        ("size(ss) < :n5", True),
        ("size(n) = :n1", False),
        ("size(absent) = :n1", False),
    ],
)
def test_functions(text: str, expected: bool) -> None:
    assert check(text) is expected


def test_boolean_precedence_not_and_or() -> None:
    assert check("n = :n1 OR n = :n5 AND s = :s")
    assert not check("(n = :n1 OR n = :n5) AND s = :a")
    assert check("NOT n = :n1 AND s = :s")
    assert not check("NOT (n = :n5 AND s = :s)")
    assert check("n = :n1 or n = :n5")  # keywords are case-insensitive
    assert check("n bEtWeEn :n1 aNd :n9")


def test_no_item() -> None:
    assert check("attribute_not_exists(pk)", None)
    assert not check("attribute_exists(pk)", None)
    assert not check("n = :n5", None)


def test_names_with_dots_use_placeholders() -> None:
    assert check("#m.#d = #m.#d", names={"#m": "m", "#d": "name.with.dot"})
    assert check("attribute_exists(#m.#d)", names={"#m": "m", "#d": "name.with.dot"})
    assert not check("attribute_exists(#m)", names={"#m": "m.inr"})


def test_syntax_errors() -> None:
    assert (
        error("a = = b") == 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = b"'
    )
    assert error("a-b") == 'Invalid ConditionExpression: Syntax error; token: "-", near: "a-b"'
    assert error("n = ") == 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'
    assert (
        error("n != :n1") == 'Invalid ConditionExpression: Syntax error; token: "!", near: "n !="'
    )
    assert error("a-b", "FilterExpression").startswith("Invalid FilterExpression: Syntax error")


def test_empty_expression() -> None:
    assert error("  ") == "Invalid ConditionExpression: The expression can not be empty;"


def test_reserved_word() -> None:
    assert error("status = :n1") == (
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"
    )
    assert check("#s = :s", names={"#s": "s"})


def test_undefined_placeholders() -> None:
    assert error("#x = :n1") == (
        "Invalid ConditionExpression: An expression attribute name used in the document path "
        "is not defined; attribute name: #x"
    )
    assert error("n = :v") == (
        "Invalid ConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :v"
    )


def test_error_order_syntax_then_reserved_then_names_then_values() -> None:
    assert "Syntax error" in error("status = :v =")
    assert "reserved keyword" in error("#x = :v AND status = :n1")
    assert "attribute name: #x" in error("n = :v AND #x = :n1")


def test_operand_type_errors() -> None:
    assert error("begins_with(s, :n1)") == (
        "Invalid ConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: begins_with, operand type: N"
    )
    assert error("n < :m") == (
        "Invalid ConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: <, operand type: M"
    )
    assert "operator or function: attribute_type, operand type: N" in error(
        "attribute_type(n, :n1)"
    )
    assert "Invalid attribute type name found in type function; type: hello" in error(
        "attribute_type(n, :s)"
    )


def test_between_bounds() -> None:
    values = {":n5": {"N": "5"}, ":n1": {"N": "1"}, ":s": {"S": "a"}}
    with pytest.raises(ValidationException) as err:
        compile_condition("n BETWEEN :n5 AND :n1", ExpressionContext(None, values))
    assert err.value.message == (
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
        "than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, "
        "upper bound operand: AttributeValue: {N:1}"
    )
    with pytest.raises(ValidationException, match="requires same data type"):
        compile_condition("n BETWEEN :n1 AND :s", ExpressionContext(None, values))


def test_function_errors() -> None:
    assert error("dog(n)") == "Invalid ConditionExpression: Invalid function name; function: dog"
    assert error("BEGINS_WITH(s, :he)") == (
        "Invalid ConditionExpression: Invalid function name; function: BEGINS_WITH"
    )
    assert error("begins_with(s)") == (
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
        "operator or function: begins_with, number of operands: 1"
    )
    assert error("attribute_exists(:n1)") == (
        "Invalid ConditionExpression: Operator or function requires a document path; "
        "operator or function: attribute_exists"
    )
    assert error("size(:s) = :n1") == (
        "Invalid ConditionExpression: Operator or function requires a document path; "
        "operator or function: size"
    )
    assert error("list_append(l, :l) = :l") == (
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: list_append"
    )


def test_in_limit_and_redundant_parentheses() -> None:
    values = {f":v{i}": {"N": str(i)} for i in range(101)}
    ctx = ExpressionContext(None, values)
    text = "n IN (" + ", ".join(values) + ")"
    with pytest.raises(ValidationException) as err:
        compile_condition(text, ctx)
    assert err.value.message == (
        "Invalid ConditionExpression: The IN operator is provided with too many operands; "
        "number of operands: 101"
    )
    assert compile_condition("n IN (" + ", ".join(list(values)[:100]) + ")", ctx)
    assert (
        error("((n = :n1))")
        == "Invalid ConditionExpression: The expression has redundant parentheses;"
    )
    assert check("(n = :n5) AND (s = :s)")


def test_expression_size_limit() -> None:
    assert "Expression size has exceeded the maximum allowed size" in error("n = :n1 " + " " * 4100)


def test_filter_over_many_items_is_fast() -> None:
    ctx = ExpressionContext(None, {":lo": {"N": "100"}, ":p": {"S": "ab"}})
    cond = compile_filter("n > :lo AND begins_with(s, :p) OR attribute_not_exists(n)", ctx)
    items = [{"n": {"N": str(i)}, "s": {"S": f"ab{i}"}} for i in range(10_000)]
    start = time.perf_counter()
    matched = sum(1 for item in items if cond.evaluate(item))
    assert matched == 9_899
    assert time.perf_counter() - start < 1.0


def test_parser_records_the_paths_a_condition_reads() -> None:
    ctx = ExpressionContext({"#k": "sk"}, {":v": {"N": "1"}})
    parser = Parser("a.b[0] = :v AND attribute_exists(#k)", ctx, "FilterExpression")
    parser.parse_condition()
    assert parser.paths == [("a", "b", 0), ("sk",)]
