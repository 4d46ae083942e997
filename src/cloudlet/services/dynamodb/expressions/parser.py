"""The one parser for condition, filter, key-condition, projection and update expressions.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Syntax
Grammar (keywords case-insensitive, function names case-sensitive)::

    condition  := or
    or         := and (OR and)*
    and        := not (AND not)*
    not        := NOT not | '(' condition ')' | function | comparison
    comparison := operand (comparator operand | BETWEEN operand AND operand
                           | IN '(' operand (',' operand)* ')')
    operand    := path | :value | function
    path       := (name | #name) ('.' (name | #name) | '[' integer ']')*
    projection := path (',' path)*
    update     := (SET set (',' set)* | REMOVE path (',' path)*
                   | ADD path :value (',' ...)* | DELETE path :value (',' ...)*)+
    set        := path '=' operand (('+' | '-') operand)?

Errors follow DynamoDB's order: syntax first, then reserved words used as names, then
undefined ``#names``, then undefined ``:values``, then other checks; each message starts
with "Invalid <kind>: ".
"""

from __future__ import annotations

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions import conditions as c
from cloudlet.services.dynamodb.expressions.ast import (
    Arithmetic,
    IfNotExists,
    ListAppend,
    Operand,
    PathOperand,
    SizeOperand,
    ValueOperand,
)
from cloudlet.services.dynamodb.expressions.context import ExpressionContext
from cloudlet.services.dynamodb.expressions.paths import Path, check_paths_disjoint
from cloudlet.services.dynamodb.expressions.reserved import is_reserved
from cloudlet.services.dynamodb.expressions.tokens import (
    EOF,
    NAME,
    NAME_REF,
    NUMBER,
    VALUE_REF,
    Token,
    syntax_error,
    tokenize,
)
from cloudlet.services.dynamodb.expressions.update import Update
from cloudlet.services.dynamodb.values import (
    SCALAR_TYPES,
    SET_TYPES,
    compare_values,
    format_value,
    type_of,
)

MAX_EXPRESSION_LENGTH = 4096
MAX_IN_OPERANDS = 100
COMPARATORS = ("=", "<>", "<", "<=", ">", ">=")
CONDITION_FUNCTIONS = frozenset(
    {"attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"}
)
UPDATE_FUNCTIONS = frozenset({"if_not_exists", "list_append"})
ALL_FUNCTIONS = CONDITION_FUNCTIONS | UPDATE_FUNCTIONS | {"size"}
ATTRIBUTE_TYPES = ("B", "BOOL", "BS", "L", "M", "N", "NS", "NULL", "S", "SS")
UPDATE_TYPE_NAMES = {
    "S": "STRING",
    "N": "NUMBER",
    "B": "BINARY",
    "BOOL": "BOOLEAN",
    "NULL": "NULL",
    "M": "MAP",
    "L": "LIST",
    "SS": "STRING_SET",
    "NS": "NUMBER_SET",
    "BS": "BINARY_SET",
}
CLAUSES = ("SET", "REMOVE", "ADD", "DELETE")

# Deferred error priorities (lower is reported first).
RESERVED, UNDEFINED_NAME, UNDEFINED_VALUE, SEMANTIC = range(4)


class _Call:
    """A parsed function call, before it becomes a condition or an operand."""

    __slots__ = ("name", "args")

    def __init__(self, name: str, args: list[Operand | _Call]) -> None:
        self.name = name
        self.args = args


class Parser:
    """Parses one expression of one kind against a request's placeholders."""

    def __init__(self, text: str, ctx: ExpressionContext, kind: str) -> None:
        self.text = text
        self.ctx = ctx
        self.kind = kind
        if not text.strip():
            raise self.error("The expression can not be empty;")
        if len(text.encode("utf-8")) > MAX_EXPRESSION_LENGTH:
            raise self.error(
                "Expression size has exceeded the maximum allowed size; "
                f"expression size: {len(text.encode('utf-8'))}"
            )
        self.tokens = tokenize(text)
        self.pos = 0
        self.deferred: list[tuple[int, int, str]] = []
        self.paths: list[Path] = []  # every document path read, in order

    # -- helpers ----------------------------------------------------------------

    def error(self, detail: str) -> ValidationException:
        return ValidationException(f"Invalid {self.kind}: {detail}")

    def defer(self, priority: int, detail: str) -> None:
        self.deferred.append((priority, len(self.deferred), detail))

    def raise_deferred(self) -> None:
        if self.deferred:
            raise self.error(min(self.deferred)[2])

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.pos + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != EOF:
            self.pos += 1
        return token

    def fail(self) -> ValidationException:
        return syntax_error(self.kind, self.text, self.tokens, self.pos)

    def expect_op(self, text: str) -> None:
        if not self.tok.is_op(text):
            raise self.fail()
        self.advance()

    def expect_end(self) -> None:
        if self.tok.kind != EOF:
            raise self.fail()

    # -- paths and operands -------------------------------------------------------

    def name_element(self) -> str:
        token = self.tok
        if token.kind == NAME:
            self.advance()
            if is_reserved(token.text):
                self.defer(
                    RESERVED,
                    f"Attribute name is a reserved keyword; reserved keyword: {token.text}",
                )
            return token.text
        if token.kind == NAME_REF:
            self.advance()
            name = self.ctx.name(token.text)
            if name is None:
                self.defer(
                    UNDEFINED_NAME,
                    "An expression attribute name used in the document path is not defined; "
                    f"attribute name: {token.text}",
                )
                return token.text
            return name
        raise self.fail()

    def path(self) -> Path:
        elements: list[str | int] = [self.name_element()]
        while True:
            if self.tok.is_op("."):
                self.advance()
                elements.append(self.name_element())
            elif self.tok.is_op("["):
                self.advance()
                if self.tok.kind != NUMBER:
                    raise self.fail()
                elements.append(int(self.advance().text))
                self.expect_op("]")
            else:
                path = tuple(elements)
                self.paths.append(path)
                return path

    def value(self) -> ValueOperand:
        token = self.advance()
        found = self.ctx.value(token.text)
        if found is None:
            self.defer(
                UNDEFINED_VALUE,
                "An expression attribute value used in expression is not defined; "
                f"attribute value: {token.text}",
            )
        return ValueOperand(token.text, found)

    def call(self) -> _Call:
        name = self.advance().text
        if name not in ALL_FUNCTIONS:
            self.defer(SEMANTIC, f"Invalid function name; function: {name}")
        self.expect_op("(")
        args: list[Operand | _Call] = []
        if not self.tok.is_op(")"):
            args.append(self.raw_operand())
            while self.tok.is_op(","):
                self.advance()
                args.append(self.raw_operand())
        self.expect_op(")")
        return _Call(name, args)

    def raw_operand(self) -> Operand | _Call:
        token = self.tok
        if token.kind == NAME and self.peek().is_op("("):
            return self.call()
        if token.kind == VALUE_REF:
            return self.value()
        if token.kind in (NAME, NAME_REF):
            return PathOperand(self.path())
        raise self.fail()

    def operand(self, allow_update_functions: bool = False) -> Operand:
        raw = self.raw_operand()
        return raw if isinstance(raw, Operand) else self.call_operand(raw, allow_update_functions)

    def call_operand(self, call: _Call, allow_update: bool) -> Operand:
        """A function used where a value is expected: size, if_not_exists, list_append."""
        if call.name not in ALL_FUNCTIONS:
            return ValueOperand(call.name, None)
        if call.name == "size" and not allow_update:
            self.arity(call, 1)
            return SizeOperand(self.path_arg(call, 0))
        if call.name in UPDATE_FUNCTIONS and allow_update:
            self.arity(call, 2)
            if call.name == "if_not_exists":
                return IfNotExists(self.path_arg(call, 0), self.sub_operand(call, 1))
            first, second = self.sub_operand(call, 0), self.sub_operand(call, 1)
            for operand in (first, second):
                self.require_type(operand, ("L",), call.name)
            return ListAppend(first, second)
        self.defer(
            SEMANTIC,
            f"The function is not allowed to be used this way in an expression; function: {call.name}",
        )
        return ValueOperand(call.name, None)

    def sub_operand(self, call: _Call, index: int) -> Operand:
        if index >= len(call.args):
            return ValueOperand("", None)
        arg = call.args[index]
        return arg if isinstance(arg, Operand) else self.call_operand(arg, True)

    def arity(self, call: _Call, count: int) -> bool:
        if len(call.args) != count:
            self.defer(
                SEMANTIC,
                "Incorrect number of operands for operator or function; "
                f"operator or function: {call.name}, number of operands: {len(call.args)}",
            )
            return False
        return True

    def path_arg(self, call: _Call, index: int) -> Path:
        arg = call.args[index] if index < len(call.args) else None
        if isinstance(arg, PathOperand):
            return arg.path
        self.defer(
            SEMANTIC,
            f"Operator or function requires a document path; operator or function: {call.name}",
        )
        return ("",)

    def require_type(self, operand: Operand, types: tuple[str, ...], function: str) -> None:
        if isinstance(operand, ValueOperand) and operand.value is not None:
            kind = type_of(operand.value)
            if kind not in types:
                self.defer(
                    SEMANTIC,
                    "Incorrect operand type for operator or function; "
                    f"operator or function: {function}, operand type: {kind}",
                )

    # -- conditions ---------------------------------------------------------------

    def parse_condition(self) -> c.Condition:
        node = self.or_expr()
        self.expect_end()
        self.raise_deferred()
        return node

    def or_expr(self) -> c.Condition:
        node = self.and_expr()
        while self.tok.is_word("OR"):
            self.advance()
            node = c.Or(node, self.and_expr())
        return node

    def and_expr(self) -> c.Condition:
        node = self.not_expr()
        while self.tok.is_word("AND"):
            self.advance()
            node = c.And(node, self.not_expr())
        return node

    def not_expr(self) -> c.Condition:
        if self.tok.is_word("NOT"):
            self.advance()
            return c.Not(self.not_expr())
        if self.tok.is_op("("):
            self.advance()
            inner = self.or_expr()
            self.expect_op(")")
            if inner.parenthesized:
                self.defer(SEMANTIC, "The expression has redundant parentheses;")
            inner.parenthesized = True
            return inner
        return self.predicate()

    def predicate(self) -> c.Condition:
        raw = self.raw_operand()
        if isinstance(raw, _Call) and raw.name in CONDITION_FUNCTIONS:
            return self.condition_function(raw)
        if isinstance(raw, _Call) and raw.name not in ALL_FUNCTIONS:
            raise self.error(f"Invalid function name; function: {raw.name}")
        left = raw if isinstance(raw, Operand) else self.call_operand(raw, False)
        token = self.tok
        if token.kind == "OP" and token.text in COMPARATORS:
            self.advance()
            right = self.operand()
            if token.text not in ("=", "<>"):
                for side in (left, right):
                    self.require_type(side, tuple(SCALAR_TYPES), token.text)
            return c.Comparison(token.text, left, right)
        if token.is_word("BETWEEN"):
            self.advance()
            low = self.operand()
            if not self.tok.is_word("AND"):
                raise self.fail()
            self.advance()
            high = self.operand()
            self.check_between(left, low, high)
            return c.Between(left, low, high)
        if token.is_word("IN"):
            self.advance()
            self.expect_op("(")
            options = [self.operand()]
            while self.tok.is_op(","):
                self.advance()
                options.append(self.operand())
            self.expect_op(")")
            if len(options) > MAX_IN_OPERANDS:
                self.defer(
                    SEMANTIC,
                    "The IN operator is provided with too many operands; "
                    f"number of operands: {len(options)}",
                )
            return c.In(left, options)
        raise self.fail()

    def check_between(self, target: Operand, low: Operand, high: Operand) -> None:
        for side in (target, low, high):
            self.require_type(side, tuple(SCALAR_TYPES), "BETWEEN")
        if not (isinstance(low, ValueOperand) and isinstance(high, ValueOperand)):
            return
        if low.value is None or high.value is None:
            return
        lt, ht = type_of(low.value), type_of(high.value)
        if lt not in SCALAR_TYPES or ht not in SCALAR_TYPES:
            return
        bounds = (
            f"lower bound operand: AttributeValue: {format_value(low.value)}, "
            f"upper bound operand: AttributeValue: {format_value(high.value)}"
        )
        if lt != ht:
            self.defer(
                SEMANTIC,
                f"The BETWEEN operator requires same data type for lower and upper bounds; {bounds}",
            )
            return
        if compare_values(low.value, high.value) == 1:
            self.defer(
                SEMANTIC,
                "The BETWEEN operator requires upper bound to be greater than or equal to "
                f"lower bound; {bounds}",
            )

    def condition_function(self, call: _Call) -> c.Condition:
        name = call.name
        if name in ("attribute_exists", "attribute_not_exists"):
            self.arity(call, 1)
            path = self.path_arg(call, 0)
            return (
                c.AttributeExists(path)
                if name == "attribute_exists"
                else c.AttributeNotExists(path)
            )
        if not self.arity(call, 2):
            return c.Constant(False)
        if name == "attribute_type":
            path = self.path_arg(call, 0)
            kind = self.sub_operand(call, 1)
            self.require_type(kind, ("S",), name)
            if (
                isinstance(kind, ValueOperand)
                and kind.value is not None
                and kind.value.get("S", "S") not in ATTRIBUTE_TYPES
            ):
                self.defer(
                    SEMANTIC,
                    "Invalid attribute type name found in type function; "
                    f"type: {kind.value['S']}, valid types: {{{','.join(ATTRIBUTE_TYPES)}}}",
                )
            return c.AttributeType(path, kind)
        first = self.sub_operand(call, 0)
        second = self.sub_operand(call, 1)
        if name == "begins_with":
            for operand in (first, second):
                self.require_type(operand, ("S", "B"), name)
            return c.BeginsWith(first, second)
        if not isinstance(first, PathOperand | SizeOperand):
            self.path_arg(call, 0)
        return c.Contains(first, second)

    # -- projection ---------------------------------------------------------------

    def parse_projection(self) -> list[Path]:
        paths = [self.path()]
        while self.tok.is_op(","):
            self.advance()
            paths.append(self.path())
        self.expect_end()
        self.raise_deferred()
        check_paths_disjoint(self.kind, paths)
        return paths

    # -- update -------------------------------------------------------------------

    def parse_update(self) -> Update:
        update = Update()
        seen: set[str] = set()
        while self.tok.kind != EOF:
            clause = self.tok.text.upper() if self.tok.kind == NAME else ""
            if clause not in CLAUSES:
                raise self.fail()
            if clause in seen:
                raise self.error(
                    f'The "{clause}" section can only be used once in an update expression;'
                )
            seen.add(clause)
            self.advance()
            while True:
                self.update_action(clause, update)
                if not self.tok.is_op(","):
                    break
                self.advance()
        self.raise_deferred()
        check_paths_disjoint(self.kind, update.updated_paths)
        return update

    def update_action(self, clause: str, update: Update) -> None:
        path = self.path()
        if clause == "REMOVE":
            update.removes.append(path)
            return
        if clause == "SET":
            self.expect_op("=")
            update.sets.append((path, self.set_value()))
            return
        if self.tok.kind != VALUE_REF:
            raise self.fail()
        operand = self.value()
        if operand.value is not None:
            kind = type_of(operand.value)
            allowed = ("N", *SET_TYPES) if clause == "ADD" else tuple(SET_TYPES)
            if kind not in allowed:
                self.defer(
                    SEMANTIC,
                    "Incorrect operand type for operator or function; "
                    f"operator: {clause}, operand type: {UPDATE_TYPE_NAMES[kind]}",
                )
        (update.adds if clause == "ADD" else update.deletes).append((path, operand))

    def set_value(self) -> Operand:
        left = self.operand(allow_update_functions=True)
        if self.tok.is_op("+") or self.tok.is_op("-"):
            op = self.advance().text
            right = self.operand(allow_update_functions=True)
            for side in (left, right):
                self.require_type(side, ("N",), op)
            return Arithmetic(op, left, right)
        return left
