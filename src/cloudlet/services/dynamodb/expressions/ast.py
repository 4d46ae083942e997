"""Operands shared by every expression kind.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html

An operand is a document path, a value placeholder, ``size(path)``, or (in SET)
``if_not_exists``, ``list_append`` and ``+``/``-``. ``resolve`` answers None when a
path is missing (conditions then compare false); ``update_value`` raises DynamoDB's
update-time errors instead.
"""

from __future__ import annotations

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions.paths import Path, get_path
from cloudlet.services.dynamodb.numbers import add_numbers, subtract_numbers
from cloudlet.services.dynamodb.values import AttributeValue, Item, size_function, type_of

MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item"
WRONG_TYPE = "An operand in the update expression has an incorrect data type"


class Operand:
    """Base class: something that yields an AttributeValue from an item."""

    __slots__ = ()

    def resolve(self, item: Item | None) -> AttributeValue | None:
        raise NotImplementedError

    def update_value(self, item: Item | None) -> AttributeValue:
        value = self.resolve(item)
        if value is None:
            raise ValidationException(MISSING_ATTRIBUTE)
        return value


class PathOperand(Operand):
    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        self.path = path

    def resolve(self, item: Item | None) -> AttributeValue | None:
        return get_path(item, self.path)

    def __repr__(self) -> str:
        return f"PathOperand({self.path!r})"


class ValueOperand(Operand):
    """An ExpressionAttributeValues placeholder (``value`` is None if undefined)."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: AttributeValue | None) -> None:
        self.name = name
        self.value = value

    def resolve(self, item: Item | None) -> AttributeValue | None:
        return self.value

    def __repr__(self) -> str:
        return f"ValueOperand({self.name!r}, {self.value!r})"


class SizeOperand(Operand):
    """``size(path)``: a number, or nothing where size is undefined."""

    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        self.path = path

    def resolve(self, item: Item | None) -> AttributeValue | None:
        size = size_function(get_path(item, self.path))
        return None if size is None else {"N": str(size)}


class IfNotExists(Operand):
    """``if_not_exists(path, operand)``: the value at path, else the operand."""

    __slots__ = ("path", "default")

    def __init__(self, path: Path, default: Operand) -> None:
        self.path = path
        self.default = default

    def resolve(self, item: Item | None) -> AttributeValue | None:
        current = get_path(item, self.path)
        return current if current is not None else self.default.resolve(item)

    def update_value(self, item: Item | None) -> AttributeValue:
        current = get_path(item, self.path)
        return current if current is not None else self.default.update_value(item)


class ListAppend(Operand):
    """``list_append(a, b)``: the elements of list a followed by those of list b."""

    __slots__ = ("first", "second")

    def __init__(self, first: Operand, second: Operand) -> None:
        self.first = first
        self.second = second

    def resolve(self, item: Item | None) -> AttributeValue | None:
        return self.update_value(item)

    def update_value(self, item: Item | None) -> AttributeValue:
        a = self.first.update_value(item)
        b = self.second.update_value(item)
        if "L" not in a or "L" not in b:
            raise ValidationException(WRONG_TYPE)
        return {"L": list(a["L"]) + list(b["L"])}


class Arithmetic(Operand):
    """``a + b`` or ``a - b`` on numbers, exact to 38 digits."""

    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Operand, right: Operand) -> None:
        self.op = op
        self.left = left
        self.right = right

    def resolve(self, item: Item | None) -> AttributeValue | None:
        return self.update_value(item)

    def update_value(self, item: Item | None) -> AttributeValue:
        a = self.left.update_value(item)
        b = self.right.update_value(item)
        if type_of(a) != "N" or type_of(b) != "N":
            raise ValidationException(WRONG_TYPE)
        if self.op == "+":
            return {"N": add_numbers(a["N"], b["N"])}
        return {"N": subtract_numbers(a["N"], b["N"])}
