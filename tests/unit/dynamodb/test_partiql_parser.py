"""partiql/tokens.py and partiql/parser.py: statements into condition and update nodes."""

from __future__ import annotations

import pytest

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import conditions as c
from cloudlet.services.dynamodb.expressions.ast import Arithmetic, ListAppend, ValueOperand
from cloudlet.services.dynamodb.partiql import Delete, Insert, Select, UpdateStatement, parse
from cloudlet.services.dynamodb.partiql.tokens import MALFORMED, tokenize


def test_tokens_skip_comments_and_a_final_semicolon() -> None:
    kinds = [t.kind for t in tokenize('SELECT /* x */ * -- y\n FROM "t";')]
    assert kinds == ["NAME", "OP", "NAME", "QUOTED", "EOF"]


def test_quoted_names_and_strings_unescape() -> None:
    tokens = tokenize("\"a\"\"b\" 'it''s'")
    assert [t.value for t in tokens[:2]] == ['a"b', "it's"]


def test_select_star_from_table_and_index() -> None:
    stmt = parse('SELECT * FROM "t"."i"')
    assert isinstance(stmt, Select)
    assert (stmt.table, stmt.index, stmt.projection, stmt.where) == ("t", "i", None, None)


def test_select_projection_paths() -> None:
    stmt = parse('select a, b.c, d[2]."e" from t')
    assert isinstance(stmt, Select)
    assert stmt.projection == [("a",), ("b", "c"), ("d", 2, "e")]


def test_where_becomes_condition_nodes_evaluating_items() -> None:
    stmt = parse("SELECT * FROM t WHERE pk = ? AND (n > 1 OR NOT s IN ['x', 'y'])",
                 [{"S": "k"}])
    assert isinstance(stmt, Select) and isinstance(stmt.where, c.And)
    item = {"pk": {"S": "k"}, "n": {"N": "0"}, "s": {"S": "z"}}
    assert stmt.where.evaluate(item)
    assert not stmt.where.evaluate({**item, "s": {"S": "x"}})


@pytest.mark.parametrize(("where", "expected"), [
    ("a IS MISSING", False),
    ("zz IS MISSING", True),
    ("a IS NOT MISSING", True),
    ("z IS NULL", True),
    ("a BETWEEN 1 AND 3", True),
    ("a NOT BETWEEN 1 AND 3", False),
    ("begins_with(s, 'ab')", True),
    ("contains(s, 'bc')", True),
    ("attribute_type(a, 'N')", True),
    ("size(s) = 3", True),
    ("a != 2", False),
    ("m.l[1] = 'y'", True),
    ("m = {'l': ['x', 'y']}", True),
])
def test_predicates(where: str, expected: bool) -> None:
    item = {"a": {"N": "2"}, "s": {"S": "abc"}, "z": {"NULL": True},
            "m": {"M": {"l": {"L": [{"S": "x"}, {"S": "y"}]}}}}
    stmt = parse(f"SELECT * FROM t WHERE {where}")
    assert isinstance(stmt, Select) and stmt.where is not None
    assert stmt.where.evaluate(item) is expected


def test_literals_of_every_type() -> None:
    stmt = parse("INSERT INTO t VALUE {'s': 'x', 'n': 1.50, 'neg': -2, 'b': true, 'z': null, "
                 "'l': [1, 'a'], 'm': {'k': ?}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>}",
                 [{"BOOL": False}])
    assert isinstance(stmt, Insert)
    assert stmt.item == {
        "s": {"S": "x"}, "n": {"N": "1.5"}, "neg": {"N": "-2"}, "b": {"BOOL": True},
        "z": {"NULL": True}, "l": {"L": [{"N": "1"}, {"S": "a"}]},
        "m": {"M": {"k": {"BOOL": False}}}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}}


def test_update_clauses_become_an_update() -> None:
    stmt = parse("UPDATE t SET a = a + 1, l = list_append(l, [2]) SET s = set_add(s, <<'x'>>) "
                 "REMOVE r WHERE pk = 'k' RETURNING MODIFIED NEW *")
    assert isinstance(stmt, UpdateStatement)
    update = stmt.update
    assert isinstance(update.sets[0][1], Arithmetic)
    assert isinstance(update.sets[1][1], ListAppend)
    assert update.adds[0][0] == ("s",) and isinstance(update.adds[0][1], ValueOperand)
    assert update.removes == [("r",)]
    assert stmt.returning == "UPDATED_NEW"
    new = update.apply({"a": {"N": "1"}, "l": {"L": []}, "r": {"S": "x"}})
    assert new == {"a": {"N": "2"}, "l": {"L": [{"N": "2"}]}, "s": {"SS": ["x"]}}


def test_delete_returning_all_old() -> None:
    stmt = parse("DELETE FROM t WHERE pk = 1 RETURNING ALL OLD *")
    assert isinstance(stmt, Delete) and stmt.returning == "ALL_OLD"


@pytest.mark.parametrize("text", [
    "", "SELECT", "SELECT * FROM", "SELECT * FROM t WHERE", "SELECT * t",
    "SELECT * FROM t WHERE a = 'x", "INSERT INTO t VALUE [1]", "UPDATE t WHERE a = 1",
    "DELETE FROM t WHERE a = 1 RETURNING ALL NEW *", "SELECT * FROM t extra",
    "SELECT * FROM t WHERE a = 1 ORDER", "UPSERT INTO t VALUE {'a': 1}", "SELECT * FROM t #",
])
def test_syntax_errors(text: str) -> None:
    with pytest.raises(ValidationException) as err:
        parse(text)
    assert err.value.message.startswith(MALFORMED)


@pytest.mark.parametrize("params", [[], [{"S": "a"}, {"S": "b"}]])
def test_parameter_count_must_match(params: list[dict[str, str]]) -> None:
    with pytest.raises(ValidationException) as err:
        parse("SELECT * FROM t WHERE a = ?", params)
    assert err.value.message == "Number of parameters in request and statement don't match."


def test_bags_must_hold_one_scalar_type() -> None:
    with pytest.raises(ValidationException):
        parse("INSERT INTO t VALUE {'s': <<1, 'a'>>}")
    with pytest.raises(ValidationException):
        parse("INSERT INTO t VALUE {'s': <<>>}")
