"""Document paths: ``a.b[3].c`` as a tuple ``("a", "b", 3, "c")``.

https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html
A path starts with a top-level attribute name; map members are names, list elements
are integer indexes. Names containing dots are written with ``#placeholders``, so
every element here is already one name.
"""

from __future__ import annotations

from typing import Any

from cloudlet.services.dynamodb.errors import ValidationException
from cloudlet.services.dynamodb.values import AttributeValue

Path = tuple[str | int, ...]

INVALID_FOR_UPDATE = "The document path provided in the update expression is invalid for update"


def get_path(item: dict[str, AttributeValue] | None, path: Path) -> AttributeValue | None:
    """The value at ``path`` in ``item``, or None where nothing is there."""
    if item is None:
        return None
    value: Any = item.get(str(path[0]))
    for element in path[1:]:
        if value is None:
            return None
        if isinstance(element, str):
            members = value.get("M")
            value = members.get(element) if members is not None else None
        else:
            elements = value.get("L")
            value = elements[element] if elements is not None and element < len(elements) else None
    return value  # type: ignore[no-any-return]


def _container(item: dict[str, AttributeValue], path: Path) -> AttributeValue | None:
    return get_path(item, path) if path else None


def set_path(item: dict[str, AttributeValue], path: Path, value: AttributeValue) -> None:
    """Set ``path`` in ``item`` (in place). The parent must exist with the right type.

    An index past the end of a list appends, as DynamoDB does.
    """
    if len(path) == 1:
        item[str(path[0])] = value
        return
    parent = _container(item, path[:-1])
    last = path[-1]
    if parent is None:
        raise ValidationException(INVALID_FOR_UPDATE)
    if isinstance(last, str):
        if "M" not in parent:
            raise ValidationException(INVALID_FOR_UPDATE)
        parent["M"][last] = value
        return
    if "L" not in parent:
        raise ValidationException(INVALID_FOR_UPDATE)
    elements = parent["L"]
    if last < len(elements):
        elements[last] = value
    else:
        elements.append(value)


def remove_path(item: dict[str, AttributeValue], path: Path) -> None:
    """Remove ``path`` from ``item`` (in place); a missing path is ignored.

    Removing a list element shifts the later elements down.
    """
    if len(path) == 1:
        item.pop(str(path[0]), None)
        return
    parent = _container(item, path[:-1])
    if parent is None:
        return
    last = path[-1]
    if isinstance(last, str):
        if "M" in parent:
            parent["M"].pop(last, None)
        return
    if "L" in parent and last < len(parent["L"]):
        del parent["L"][last]


def format_path(path: Path) -> str:
    """The form DynamoDB prints in messages: ``[a, b, [3]]``."""
    parts = [f"[{e}]" if isinstance(e, int) else e for e in path]
    return "[" + ", ".join(parts) + "]"


def check_paths_disjoint(kind: str, paths: list[Path]) -> None:
    """Reject two paths where one contains the other (overlap) or where one indexes
    a list and the other names a map member at the same place (conflict)."""
    for i, first in enumerate(paths):
        for second in paths[i + 1 :]:
            problem = _clash(first, second)
            if problem:
                raise ValidationException(
                    f"Invalid {kind}: Two document paths {problem} with each other; "
                    "must remove or rewrite one of these paths; "
                    f"path one: {format_path(first)}, path two: {format_path(second)}"
                )


def _clash(first: Path, second: Path) -> str | None:
    for a, b in zip(first, second, strict=False):
        if isinstance(a, int) != isinstance(b, int):
            return "conflict"
        if a != b:
            return None
    return "overlap"
