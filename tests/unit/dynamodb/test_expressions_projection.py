"""ProjectionExpression: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html"""

from typing import Any

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import ExpressionContext, compile_projection

ITEM: dict[str, Any] = {
    "a": {"S": "1"},
    "b": {"M": {"c": {"N": "2"}, "d": {"S": "3"}, "e": {"L": [{"S": "x"}, {"S": "y"}]}}},
    "l": {"L": [{"S": "p"}, {"M": {"q": {"S": "r"}, "s": {"S": "t"}}}, {"S": "u"}]},
    "dotted.name": {"S": "v"},
}


def project(text: str, names: dict[str, str] | None = None) -> dict[str, Any]:
    return compile_projection(text, ExpressionContext(names, None)).apply(ITEM)


def test_top_level_and_nested() -> None:
    assert project("a") == {"a": {"S": "1"}}
    assert project("a, b.c") == {"a": {"S": "1"}, "b": {"M": {"c": {"N": "2"}}}}
    assert project("b.e[1]") == {"b": {"M": {"e": {"L": [{"S": "y"}]}}}}


def test_list_indexes_keep_index_order() -> None:
    assert project("l[2], l[0]") == {"l": {"L": [{"S": "p"}, {"S": "u"}]}}
    assert project("l[1].s") == {"l": {"L": [{"M": {"s": {"S": "t"}}}]}}
    assert project("l[9]") == {}


def test_missing_parts_are_left_out() -> None:
    assert project("absent, b.zz, a.x, l.x") == {}


def test_placeholders_and_top_level_names() -> None:
    assert project("#d", {"#d": "dotted.name"}) == {"dotted.name": {"S": "v"}}
    projection = compile_projection("a, b.c, l[0]", ExpressionContext(None, None))
    assert projection.top_level_names == {"a", "b", "l"}


def test_result_is_a_copy() -> None:
    out = project("b")
    out["b"]["M"]["c"] = {"N": "9"}
    assert ITEM["b"]["M"]["c"] == {"N": "2"}


def test_errors() -> None:
    def error(text: str) -> str:
        with pytest.raises(ValidationException) as err:
            compile_projection(text, ExpressionContext(None, None))
        return err.value.message

    assert error("a, a.b") == (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
        "or rewrite one of these paths; path one: [a], path two: [a, b]"
    )
    assert "Two document paths conflict" in error("a[0], a.b")
    assert error("a,") == 'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","'
    assert error("!!") == 'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'
    assert error("name") == (
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name"
    )
    assert error("") == "Invalid ProjectionExpression: The expression can not be empty;"
