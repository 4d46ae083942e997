"""UpdateExpression: SET, REMOVE, ADD and DELETE.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
- Every right-hand side is computed from the item as it was before the update.
- SET: ``a = v``, ``a = b + c``, ``a = b - c``, ``if_not_exists(path, v)``,
  ``list_append(l1, l2)``. The parent of a nested path must exist; an index past
  the end of a list appends.
- REMOVE: attributes, nested members and list elements (later elements shift down);
  a missing path is ignored.
- ADD: adds to a number or unions a set; a missing attribute is created.
- DELETE: removes elements from a set; a set left empty is removed.
- An update that only removes (REMOVE, DELETE) does not create a missing item.
- Type mismatches at apply time raise "An operand in the update expression has an
  incorrect data type".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.expressions.ast import WRONG_TYPE, Operand
from cloudlet.services.dynamodb.expressions.paths import Path, get_path, remove_path, set_path
from cloudlet.services.dynamodb.expressions.projection import project
from cloudlet.services.dynamodb.numbers import add_numbers
from cloudlet.services.dynamodb.values import Item, binary_bytes, clone, type_of


def _member_key(kind: str, element: str) -> Any:
    if kind == "NS":
        return Decimal(element)
    if kind == "BS":
        return binary_bytes({"B": element})
    return element


class Update:
    """A compiled UpdateExpression (or legacy AttributeUpdates)."""

    __slots__ = ("sets", "removes", "adds", "deletes")

    def __init__(
        self,
        sets: list[tuple[Path, Operand]] | None = None,
        removes: list[Path] | None = None,
        adds: list[tuple[Path, Operand]] | None = None,
        deletes: list[tuple[Path, Operand]] | None = None,
    ) -> None:
        self.sets = sets or []
        self.removes = removes or []
        self.adds = adds or []
        self.deletes = deletes or []

    @property
    def updated_paths(self) -> list[Path]:
        """Every path the update writes or removes, in clause order."""
        return (
            [p for p, _ in self.sets]
            + list(self.removes)
            + [p for p, _ in self.adds]
            + [p for p, _ in self.deletes]
        )

    @property
    def only_removes(self) -> bool:
        """True when the update only removes attributes or set elements (REMOVE,
        DELETE, legacy DELETE): on a missing item DynamoDB then creates nothing."""
        return not self.sets and not self.adds and bool(self.removes or self.deletes)

    @property
    def top_level_names(self) -> set[str]:
        """Names of the top-level attributes the update touches."""
        return {str(path[0]) for path in self.updated_paths}

    def updated_attributes(self, item: Item | None) -> Item:
        """For ReturnValues UPDATED_OLD / UPDATED_NEW: only the updated parts of
        ``item`` (the old or the new item), nested paths projected."""
        return project(item, self.updated_paths)

    def apply(self, item: Item | None) -> Item:
        """The item after the update; ``item`` itself is not changed."""
        old: Item = item or {}
        new: Item = clone(old)
        values = [(path, operand.update_value(old)) for path, operand in self.sets]
        for path, value in values:
            set_path(new, path, clone(value))
        for path in sorted(self.removes, reverse=True):
            remove_path(new, path)
        for path, operand in self.adds:
            self._add(new, path, operand.update_value(old))
        for path, operand in self.deletes:
            self._delete(new, path, operand.update_value(old))
        return new

    @staticmethod
    def _add(new: Item, path: Path, value: dict[str, Any]) -> None:
        current = get_path(new, path)
        kind = type_of(value)
        if current is None:
            set_path(new, path, clone(value))
            return
        if type_of(current) != kind:
            raise ValidationException(WRONG_TYPE)
        if kind == "N":
            set_path(new, path, {"N": add_numbers(current["N"], value["N"])})
            return
        merged = list(current[kind])
        seen = {_member_key(kind, x) for x in merged}
        for element in value[kind]:
            key = _member_key(kind, element)
            if key not in seen:
                seen.add(key)
                merged.append(element)
        set_path(new, path, {kind: merged})

    @staticmethod
    def _delete(new: Item, path: Path, value: dict[str, Any]) -> None:
        current = get_path(new, path)
        if current is None:
            return
        kind = type_of(value)
        if type_of(current) != kind:
            raise ValidationException(WRONG_TYPE)
        gone = {_member_key(kind, x) for x in value[kind]}
        remaining = [x for x in current[kind] if _member_key(kind, x) not in gone]
        if remaining:
            set_path(new, path, {kind: remaining})
        else:
            remove_path(new, path)
