"""The PartiQL parser: statements into ``statements.py`` objects.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.statements.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-operators.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-functions.html
Grammar (keywords case-insensitive)::

    statement := select | insert | update | delete
    select    := SELECT ('*' | path (',' path)*) FROM table ['.' name] [WHERE cond]
                 [ORDER BY name [ASC | DESC]]
    insert    := INSERT INTO table VALUE map
    update    := UPDATE table (SET assign (',' assign)* | REMOVE path (',' path)*)+
                 WHERE cond [RETURNING (ALL | MODIFIED) (OLD | NEW) '*']
    delete    := DELETE FROM table WHERE cond [RETURNING ALL OLD '*']
    cond      := and (OR and)* ; and := not (AND not)* ; not := NOT not | predicate
    predicate := '(' cond ')' | begins_with(..) | contains(..) | attribute_type(..)
               | operand (cmp operand | [NOT] BETWEEN operand AND operand
                          | [NOT] IN (list | '(' operand, ... ')') | IS [NOT] (MISSING | NULL))
    operand   := path | literal | '?' | size(path)
    literal   := 'string' | number | TRUE | FALSE | NULL | map | list | '<<' literal, ... '>>'
    assign    := path '=' term [('+' | '-') term]
    term      := operand | list_append(a, b) | set_add(path, v) | set_delete(path, v)

Parameters (``?``) are bound in order while parsing: every value in the result is a
plain AttributeValue, so WHERE becomes the ``expressions`` condition nodes and SET/REMOVE
an ``expressions.Update``.
"""

from __future__ import annotations

from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import Condition, Path, Update
from cloudlet.services.dynamodb.expressions import conditions as c
from cloudlet.services.dynamodb.expressions.ast import (
    Arithmetic,
    ListAppend,
    Operand,
    PathOperand,
    SizeOperand,
    ValueOperand,
)
from cloudlet.services.dynamodb.partiql.statements import (
    Delete,
    Insert,
    Select,
    Statement,
    UpdateStatement,
)
from cloudlet.services.dynamodb.partiql.tokens import (
    EOF,
    NAME,
    NUMBER,
    PARAM,
    QUOTED,
    STRING,
    Token,
    malformed,
    tokenize,
)
from cloudlet.services.dynamodb.values import AttributeValue, validate_value

PARAMETER_COUNT = "Number of parameters in request and statement don't match."
COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
KEYWORDS = frozenset({
    "ALL", "AND", "ASC", "BETWEEN", "BY", "DELETE", "DESC", "FALSE", "FROM", "IN", "INSERT",
    "INTO", "IS", "MISSING", "MODIFIED", "NEW", "NOT", "NULL", "OLD", "OR", "ORDER", "REMOVE",
    "RETURNING", "SELECT", "SET", "TRUE", "UPDATE", "VALUE", "VALUES", "WHERE",
})
RETURNING = {("ALL", "OLD"): "ALL_OLD", ("MODIFIED", "OLD"): "UPDATED_OLD",
             ("ALL", "NEW"): "ALL_NEW", ("MODIFIED", "NEW"): "UPDATED_NEW"}
SET_KINDS = {"S": "SS", "N": "NS", "B": "BS"}


def parse(text: str, parameters: list[Any] | None = None) -> Statement:
    """Parse one statement, binding ``parameters`` to its ``?`` in order."""
    return _Parser(text, parameters or []).statement()


class _Parser:
    def __init__(self, text: str, parameters: list[Any]) -> None:
        self.tokens = tokenize(text)
        self.pos = 0
        self.parameters = parameters
        self.used = 0

    # -- tokens --------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != EOF:
            self.pos += 1
        return token

    def fail(self) -> ValidationException:
        token = self.tok
        if token.kind == EOF:
            return malformed("Unexpected end of statement")
        return malformed(f"Unexpected token: {token.text}")

    def expect_op(self, text: str) -> None:
        if not self.tok.is_op(text):
            raise self.fail()
        self.advance()

    def expect_word(self, *words: str) -> str:
        if not self.tok.is_word(*words):
            raise self.fail()
        return self.advance().text.upper()

    def accept_word(self, word: str) -> bool:
        if self.tok.is_word(word):
            self.advance()
            return True
        return False

    def name(self) -> str:
        token = self.tok
        if token.kind == QUOTED or (token.kind == NAME and token.text.upper() not in KEYWORDS):
            self.advance()
            return token.value
        raise self.fail()

    # -- statements ----------------------------------------------------------------

    def statement(self) -> Statement:
        word = self.expect_word("SELECT", "INSERT", "UPDATE", "DELETE")
        stmt: Statement
        if word == "SELECT":
            stmt = self.select()
        elif word == "INSERT":
            stmt = self.insert()
        elif word == "UPDATE":
            stmt = self.update()
        else:
            stmt = self.delete()
        if self.tok.kind != EOF:
            raise self.fail()
        if self.used != len(self.parameters):
            raise ValidationException(PARAMETER_COUNT)
        return stmt

    def select(self) -> Select:
        projection: list[Path] | None = None
        if self.tok.is_op("*"):
            self.advance()
        else:
            projection = [self.path()]
            while self.tok.is_op(","):
                self.advance()
                projection.append(self.path())
        self.expect_word("FROM")
        table = self.name()
        index = None
        if self.tok.is_op("."):
            self.advance()
            index = self.name()
        where = self.condition() if self.accept_word("WHERE") else None
        stmt = Select(table, index, projection, where)
        if self.accept_word("ORDER"):
            self.expect_word("BY")
            stmt.order_by = self.name()
            if self.tok.is_word("ASC", "DESC"):
                stmt.descending = self.advance().text.upper() == "DESC"
        return stmt

    def insert(self) -> Insert:
        self.expect_word("INTO")
        table = self.name()
        self.expect_word("VALUE")
        if not self.tok.is_op("{"):
            raise self.fail()
        value = self.literal()
        return Insert(table, dict(value["M"]))

    def update(self) -> UpdateStatement:
        table = self.name()
        update = Update()
        if not self.tok.is_word("SET", "REMOVE"):
            raise self.fail()
        while self.tok.is_word("SET", "REMOVE"):
            clause = self.advance().text.upper()
            while True:
                if clause == "SET":
                    self.assignment(update)
                else:
                    update.removes.append(self.path())
                if not self.tok.is_op(","):
                    break
                self.advance()
        self.expect_word("WHERE")
        where = self.condition()
        return UpdateStatement(table, update, where, self.returning())

    def delete(self) -> Delete:
        self.expect_word("FROM")
        table = self.name()
        self.expect_word("WHERE")
        where = self.condition()
        returning = self.returning()
        if returning not in (None, "ALL_OLD"):
            raise malformed("DELETE supports only RETURNING ALL OLD *")
        return Delete(table, where, returning)

    def returning(self) -> str | None:
        if not self.accept_word("RETURNING"):
            return None
        which = self.expect_word("ALL", "MODIFIED")
        when = self.expect_word("OLD", "NEW")
        self.expect_op("*")
        return RETURNING[(which, when)]

    def assignment(self, update: Update) -> None:
        target = self.path()
        self.expect_op("=")
        token = self.tok
        if token.is_word("SET_ADD", "SET_DELETE") and self.tokens[self.pos + 1].is_op("("):
            self.advance()
            self.advance()
            self.path()
            self.expect_op(",")
            value = ValueOperand("?", self.value())
            self.expect_op(")")
            (update.adds if token.is_word("SET_ADD") else update.deletes).append((target, value))
            return
        left = self.term()
        if self.tok.is_op("+") or self.tok.is_op("-"):
            op = self.advance().text
            left = Arithmetic(op, left, self.term())
        update.sets.append((target, left))

    def term(self) -> Operand:
        if self.tok.is_word("LIST_APPEND") and self.tokens[self.pos + 1].is_op("("):
            self.advance()
            self.advance()
            first = self.term()
            self.expect_op(",")
            second = self.term()
            self.expect_op(")")
            return ListAppend(first, second)
        return self.operand()

    # -- conditions ----------------------------------------------------------------

    def condition(self) -> Condition:
        node = self.and_expr()
        while self.accept_word("OR"):
            node = c.Or(node, self.and_expr())
        return node

    def and_expr(self) -> Condition:
        node = self.not_expr()
        while self.accept_word("AND"):
            node = c.And(node, self.not_expr())
        return node

    def not_expr(self) -> Condition:
        if self.accept_word("NOT"):
            return c.Not(self.not_expr())
        return self.predicate()

    def predicate(self) -> Condition:
        token = self.tok
        if token.is_op("("):
            self.advance()
            group = self.condition()
            self.expect_op(")")
            group.parenthesized = True
            return group
        if token.kind == NAME and self.tokens[self.pos + 1].is_op("("):
            function = token.text.lower()
            if function in ("begins_with", "contains", "attribute_type"):
                return self.function(function)
        left = self.operand()
        token = self.tok
        if token.kind == "OP" and token.text in COMPARATORS:
            self.advance()
            return c.Comparison(COMPARATORS[token.text], left, self.operand())
        negate = self.accept_word("NOT")
        node: Condition
        if self.accept_word("BETWEEN"):
            low = self.operand()
            self.expect_word("AND")
            node = c.Between(left, low, self.operand())
        elif self.accept_word("IN"):
            node = c.In(left, self.in_list())
        elif not negate and self.accept_word("IS"):
            negate = self.accept_word("NOT")
            node = self.is_test(left)
        else:
            raise self.fail()
        return c.Not(node) if negate else node

    def is_test(self, operand: Operand) -> Condition:
        word = self.expect_word("MISSING", "NULL")
        if not isinstance(operand, PathOperand):
            raise malformed(f"IS {word} needs an attribute path")
        if word == "MISSING":
            return c.AttributeNotExists(operand.path)
        is_null = c.AttributeType(operand.path, ValueOperand("NULL", {"S": "NULL"}))
        return c.Or(c.AttributeNotExists(operand.path), is_null)

    def in_list(self) -> list[Operand]:
        close = {"(": ")", "[": "]"}.get(self.tok.text if self.tok.kind == "OP" else "")
        if close is None:
            raise self.fail()
        self.advance()
        options = [self.operand()]
        while self.tok.is_op(","):
            self.advance()
            options.append(self.operand())
        self.expect_op(close)
        return options

    def function(self, name: str) -> Condition:
        self.advance()
        self.expect_op("(")
        target = self.operand()
        self.expect_op(",")
        argument = self.operand()
        self.expect_op(")")
        if name == "begins_with":
            return c.BeginsWith(target, argument)
        if name == "contains":
            return c.Contains(target, argument)
        if not isinstance(target, PathOperand):
            raise malformed("attribute_type needs an attribute path")
        return c.AttributeType(target.path, argument)

    # -- operands ------------------------------------------------------------------

    def operand(self) -> Operand:
        token = self.tok
        if token.is_word("SIZE") and self.tokens[self.pos + 1].is_op("("):
            self.advance()
            self.advance()
            path = self.path()
            self.expect_op(")")
            return SizeOperand(path)
        if token.kind == QUOTED or (token.kind == NAME and token.text.upper() not in KEYWORDS):
            return PathOperand(self.path())
        return ValueOperand("?" if token.kind == PARAM else token.text, self.value())

    def path(self) -> Path:
        elements: list[str | int] = [self.name()]
        while True:
            if self.tok.is_op("."):
                self.advance()
                elements.append(self.name())
            elif self.tok.is_op("["):
                self.advance()
                if self.tok.kind != NUMBER or not self.tok.text.isdigit():
                    raise self.fail()
                elements.append(int(self.advance().text))
                self.expect_op("]")
            else:
                return tuple(elements)

    def value(self) -> AttributeValue:
        """A literal or a bound parameter."""
        if self.tok.kind == PARAM:
            self.advance()
            index = self.used
            self.used += 1
            if index >= len(self.parameters):
                raise ValidationException(PARAMETER_COUNT)
            return validate_value(self.parameters[index])
        return self.literal()

    def literal(self) -> AttributeValue:
        token = self.advance()
        if token.kind == STRING:
            return {"S": token.value}
        if token.kind == NUMBER:
            return validate_value({"N": token.text})
        if token.is_op("-") and self.tok.kind == NUMBER:
            return validate_value({"N": "-" + self.advance().text})
        if token.is_word("TRUE", "FALSE"):
            return {"BOOL": token.text.upper() == "TRUE"}
        if token.is_word("NULL"):
            return {"NULL": True}
        if token.is_op("{"):
            return {"M": self.members()}
        if token.is_op("["):
            return {"L": self.elements("]")}
        if token.is_op("<<"):
            return self.bag()
        self.pos -= 1
        raise self.fail()

    def members(self) -> dict[str, AttributeValue]:
        members: dict[str, AttributeValue] = {}
        while not self.tok.is_op("}"):
            if members:
                self.expect_op(",")
            key = self.advance()
            if key.kind not in (STRING, QUOTED):
                self.pos -= 1
                raise self.fail()
            self.expect_op(":")
            members[key.value] = self.value()
        self.advance()
        return members

    def elements(self, close: str) -> list[AttributeValue]:
        elements: list[AttributeValue] = []
        while not self.tok.is_op(close):
            if elements:
                self.expect_op(",")
            elements.append(self.value())
        self.advance()
        return elements

    def bag(self) -> AttributeValue:
        elements = self.elements(">>")
        if not elements:
            raise ValidationException("Empty bags are not supported")
        kinds = {next(iter(e)) for e in elements}
        if len(kinds) != 1 or next(iter(kinds)) not in SET_KINDS:
            raise ValidationException(
                "DynamoDB only supports either numbers or strings in bags")
        kind = next(iter(kinds))
        return validate_value({SET_KINDS[kind]: [e[kind] for e in elements]})
