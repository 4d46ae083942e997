"""UpdateExpression: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html"""

from typing import Any

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import ExpressionContext, compile_update

VALUES: dict[str, Any] = {
    ":one": {"N": "1"},
    ":big": {"N": "1e50"},
    ":s": {"S": "x"},
    ":l": {"L": [{"S": "z"}]},
    ":ss": {"SS": ["b", "c"]},
    ":ns": {"NS": ["2"]},
    ":m": {"M": {}},
}
ITEM: dict[str, Any] = {
    "pk": {"S": "k"},
    "n": {"N": "5"},
    "s": {"S": "str"},
    "l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]},
    "m": {"M": {"a": {"N": "1"}}},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2"]},
}


def apply(
    text: str, item: dict[str, Any] | None = None, names: dict[str, str] | None = None
) -> dict[str, Any]:
    update = compile_update(text, ExpressionContext(names, VALUES))
    return update.apply(ITEM if item is None else item)


def apply_error(text: str, item: dict[str, Any] | None = None) -> str:
    update = compile_update(text, ExpressionContext(None, VALUES))
    with pytest.raises(ValidationException) as err:
        update.apply(ITEM if item is None else item)
    return err.value.message


def compile_error(text: str) -> str:
    with pytest.raises(ValidationException) as err:
        compile_update(text, ExpressionContext(None, VALUES))
    return err.value.message


def test_set_values_and_arithmetic() -> None:
    out = apply("SET a = :s, n = n + :one, b = n - :one")
    assert out["a"] == {"S": "x"}
    assert out["n"] == {"N": "6"}
    assert out["b"] == {"N": "4"}  # right-hand sides read the old item


def test_input_is_not_mutated() -> None:
    before = repr(ITEM)
    apply("SET l[0] = :s, m.a = :s REMOVE n ADD ss :ss")
    assert repr(ITEM) == before


def test_if_not_exists_and_list_append() -> None:
    out = apply("SET c = if_not_exists(c, :one), n = if_not_exists(n, :one)")
    assert out["c"] == {"N": "1"} and out["n"] == {"N": "5"}
    out = apply("SET l = list_append(l, :l), k = list_append(:l, l)")
    assert [v["S"] for v in out["l"]["L"]] == ["a", "b", "c", "z"]
    assert [v["S"] for v in out["k"]["L"]] == ["z", "a", "b", "c"]
    out = apply("SET c = if_not_exists(c, :one) + :one")
    assert out["c"] == {"N": "2"}


def test_nested_set_and_list_index() -> None:
    out = apply("SET m.b = :s, l[1] = :s, l[10] = :one")
    assert out["m"]["M"]["b"] == {"S": "x"}
    assert out["l"]["L"][1] == {"S": "x"}
    assert out["l"]["L"][3] == {"N": "1"}  # past the end appends


def test_remove() -> None:
    out = apply("REMOVE n, m.a, l[0], l[2], absent, m.nothing")
    assert "n" not in out
    assert out["m"] == {"M": {}}
    assert out["l"] == {"L": [{"S": "b"}]}


def test_add() -> None:
    out = apply("ADD n :one, ss :ss, ns :ns, newn :one, newset :ss")
    assert out["n"] == {"N": "6"}
    assert out["ss"] == {"SS": ["a", "b", "c"]}
    assert out["ns"] == {"NS": ["1", "2"]}
    assert out["newn"] == {"N": "1"}
    assert out["newset"] == {"SS": ["b", "c"]}


def test_delete() -> None:
    out = apply("DELETE ss :ss, ns :ns, absent :ss")
    assert out["ss"] == {"SS": ["a"]}
    assert out["ns"] == {"NS": ["1"]}
    out = apply("DELETE ss :ss", {"ss": {"SS": ["b"]}})
    assert "ss" not in out


def test_all_clauses_and_names() -> None:
    out = apply("SET #a = :s REMOVE n ADD c :one DELETE ss :ss", names={"#a": "a.b"})
    assert out["a.b"] == {"S": "x"} and "n" not in out and out["c"] == {"N": "1"}
    assert out["ss"] == {"SS": ["a"]}


def test_clause_used_twice() -> None:
    assert compile_error("SET a = :s SET b = :s") == (
        'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'
    )
    assert 'The "REMOVE" section' in compile_error("REMOVE a remove b")


def test_overlapping_and_conflicting_paths() -> None:
    assert compile_error("SET a = :s, a.b = :s") == (
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
        "rewrite one of these paths; path one: [a], path two: [a, b]"
    )
    assert compile_error("SET a = :s REMOVE a") == (
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
        "rewrite one of these paths; path one: [a], path two: [a]"
    )
    assert compile_error("SET a[1] = :s REMOVE a.b") == (
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or "
        "rewrite one of these paths; path one: [a, [1]], path two: [a, b]"
    )


def test_syntax_and_reference_errors() -> None:
    assert compile_error("SET a = :s,") == (
        'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","'
    )
    assert compile_error("INVALID SYNTAX HERE") == (
        'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"'
    )
    assert compile_error("SET path = VALUE 1") == (
        'Invalid UpdateExpression: Syntax error; token: "1", near: "VALUE 1"'
    )
    assert compile_error("SET size = :s") == (
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: size"
    )
    assert "attribute value: :zz" in compile_error("SET a = :zz")
    assert compile_error("  ") == "Invalid UpdateExpression: The expression can not be empty;"
    assert (
        compile_error("SET a = foo(b)")
        == "Invalid UpdateExpression: Invalid function name; function: foo"
    )


def test_operand_types_checked_at_compile_time() -> None:
    assert compile_error("ADD a :s") == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        "operator: ADD, operand type: STRING"
    )
    assert compile_error("DELETE a :one") == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        "operator: DELETE, operand type: NUMBER"
    )
    assert "operator or function: +, operand type: S" in compile_error("SET a = b + :s")
    assert "operator or function: list_append, operand type: S" in compile_error(
        "SET a = list_append(a, :s)"
    )
    assert "requires a document path; operator or function: if_not_exists" in compile_error(
        "SET a = if_not_exists(:s, :s)"
    )
    assert "function: attribute_exists" in compile_error("SET a = attribute_exists(b)")


def test_apply_time_errors() -> None:
    wrong = "An operand in the update expression has an incorrect data type"
    assert apply_error("SET a = s + :one") == wrong
    assert apply_error("ADD s :one") == wrong
    assert apply_error("ADD ss :ns") == wrong
    assert apply_error("DELETE ns :ss") == wrong
    assert apply_error("SET a = list_append(s, :l)") == wrong
    missing = "The provided expression refers to an attribute that does not exist in the item"
    assert apply_error("SET a = absent") == missing
    assert apply_error("SET a = absent + :one") == missing
    invalid = "The document path provided in the update expression is invalid for update"
    assert apply_error("SET absent.b = :s") == invalid
    assert apply_error("SET s.b = :s") == invalid
    assert apply_error("SET m[0] = :s") == invalid
    assert apply_error("ADD absent.b :one") == invalid


def test_numbers_stay_within_38_digits() -> None:
    assert apply_error("SET a = :big + :one").startswith("Number overflow")
    assert apply("SET a = :one + :one", {}) == {"a": {"N": "2"}}


def test_updated_paths_and_names() -> None:
    update = compile_update(
        "SET m.b = :s REMOVE n ADD c :one DELETE ss :ss", ExpressionContext(None, VALUES)
    )
    assert update.updated_paths == [("m", "b"), ("n",), ("c",), ("ss",)]
    assert update.top_level_names == {"m", "n", "c", "ss"}
    new = update.apply(ITEM)
    assert update.updated_attributes(ITEM) == {
        "n": {"N": "5"},
        "ss": {"SS": ["a", "b"]},
    }
    assert update.updated_attributes(new) == {
        "m": {"M": {"b": {"S": "x"}}},
        "c": {"N": "1"},
        "ss": {"SS": ["a"]},
    }


def test_apply_to_no_item() -> None:
    update = compile_update("SET a = :s", ExpressionContext(None, {":s": {"S": "x"}}))
    assert update.apply(None) == {"a": {"S": "x"}}
