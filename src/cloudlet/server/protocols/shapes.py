"""Walk a request value against its botocore shape: convert wire types, check constraints.

One pass does both: blobs are base64-decoded to ``bytes``, timestamps become ``datetime``,
and every constraint the model states (required members, enums, lengths, ranges, patterns)
is checked, producing AWS's own text::

    1 validation error detected: Value null at 'tableName' failed to satisfy constraint:
    Member must not be null

A value of the wrong JSON type is a ``SerializationException``, as AWS's JSON services
answer. Shapes a service marks opaque are returned untouched: the service checks them
itself (DynamoDB's ``AttributeValue`` has rules of its own).
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import SerializationException, ValidationException

if TYPE_CHECKING:
    from botocore.model import Shape

_MAX_REPORTED = 10
# Member shapes whose failures a list or map reports on itself (ShapeReader._on_container).
_SCALARS = frozenset({"string", "integer", "long", "float", "double", "blob"})


def _member_label(name: str) -> str:
    return name[:1].lower() + name[1:]


def _show(value: Any) -> str:
    if value is None:
        return "null"
    return f"'{_java_text(value)}'"


def _java_text(value: Any) -> str:
    """Values as AWS's (Java) services print them: ``{k=v, ...}``, ``[a, b]``, ``true``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_java_text(v) for v in value) + "]"
    if isinstance(value, bytes):
        return f"java.nio.HeapByteBuffer[pos=0 lim={len(value)} cap={len(value)}]"
    return str(value)


def _member_texts(shape: Shape) -> list[str]:
    """Every constraint of a list's or map's scalar member, as AWS lists them when one
    fails (recorded answers: ``[Member must have length less than or equal to 2048,
    Member must have length greater than or equal to 1, Member must satisfy regular
    expression pattern: ..., Member must not be null]``; a string that may be empty has
    no ``not null``)."""
    meta = shape.metadata
    if shape.type_name in ("string", "blob"):
        texts = _length_texts(shape)
        if meta.get("pattern"):
            texts.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
        if shape.enum:
            texts.append(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
        if meta.get("min") == 0:
            return texts
    else:
        texts = []
        if "max" in meta:
            texts.append(f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta:
            texts.append(f"Member must have value greater than or equal to {meta['min']}")
    return [*texts, "Member must not be null"]


def _length_texts(shape: Shape) -> list[str]:
    meta = shape.metadata
    texts = []
    if "max" in meta:
        texts.append(f"Member must have length less than or equal to {meta['max']}")
    if "min" in meta:
        texts.append(f"Member must have length greater than or equal to {meta['min']}")
    return texts


@cache
def _pattern(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


@cache
def _has_work(shape: Shape, opaque: frozenset[str]) -> bool:
    """Whether walking values of this shape can change or reject anything."""
    return _walk_needed(shape, opaque, frozenset())


_Plan = dict[str, tuple["Shape", str, Any]]
_PLANS: dict[tuple[int, frozenset[str]], _Plan | None] = {}


def _plan(shape: Shape, opaque: frozenset[str]) -> _Plan | None:
    """How to read each member of a structure: (shape, path label, reader, None when the
    member is returned as sent: opaque, or without a type the reader knows); None when
    nothing under the structure can change or fail. Built once per structure shape."""
    key = (id(shape), opaque)
    if key in _PLANS:
        return _PLANS[key]
    plan: _Plan | None = None
    if _has_work(shape, opaque):
        plan = {}
        for name, member in shape.members.items():
            reader = None if member.name in opaque else _READERS.get(member.type_name)
            plan[name] = (member, _member_label(name), reader)
    _PLANS[key] = plan
    return plan


def _walk_needed(shape: Shape, opaque: frozenset[str], seen: frozenset[str]) -> bool:
    if shape.name in opaque:
        return False
    if shape.name in seen:
        return False
    seen = seen | {shape.name}
    meta = shape.metadata
    kind = shape.type_name
    if kind in _READERS and kind not in ("structure", "list", "map"):
        return True  # a scalar's type is always checked (a number sent for a string)
    if any(k in meta for k in ("min", "max", "pattern", "required")):
        return True
    if kind == "structure":
        return any(_walk_needed(m, opaque, seen) for m in shape.members.values())
    if kind == "list":
        return _walk_needed(shape.member, opaque, seen)
    if kind == "map":
        return _walk_needed(shape.key, opaque, seen) or _walk_needed(shape.value, opaque, seen)
    return False


class ShapeReader:
    """Reads one request's members; collects every validation error before raising."""

    def __init__(self, opaque: frozenset[str]):
        self.opaque = opaque
        self.errors: list[tuple[Any, str, str]] = []  # (value, path, constraint)
        # Map values whose length was already checked (and reported) at the map's level.
        self._length_checked: set[int] = set()

    def read_input(self, shape: Shape | None, value: Any) -> dict[str, Any]:
        if shape is None:
            return {}
        if value is None:
            value = {}
        result = self.read(shape, value, "")
        if self.errors:
            count = len(self.errors)
            noun = "error" if count == 1 else "errors"
            shown = "; ".join(
                f"Value {_show(value)} at '{where}' failed to satisfy constraint: {constraint}"
                for value, where, constraint in self.errors[:_MAX_REPORTED])
            raise ValidationException(f"{count} validation {noun} detected: {shown}")
        return result  # type: ignore[no-any-return]

    def fail(self, value: Any, path: str, constraint: str) -> None:
        self.errors.append((value, path, constraint))

    def _scalar(self, member: Shape, item: Any, path: str) -> tuple[Any, bool]:
        """A scalar member of a list or map, and whether it broke a constraint (its own
        errors are dropped: AWS reports them on the container, see ``_on_container``)."""
        mark = len(self.errors)
        out = self.read(member, item, path)
        if len(self.errors) == mark:
            return out, False
        del self.errors[mark:]
        return out, True

    def _on_container(self, member: Shape, container: Any, path: str, lead: str) -> None:
        """``Value '[a, b]' at 'path' failed to satisfy constraint: Member must satisfy
        constraint: [every constraint of the member]`` (``Map keys`` / ``Map value``)."""
        texts = ", ".join(_member_texts(member))
        self.fail(container, path, f"{lead} must satisfy constraint: [{texts}]")

    def read(self, shape: Shape, value: Any, path: str) -> Any:
        if shape.name in self.opaque:
            return value
        kind = shape.type_name
        reader = _READERS.get(kind)
        if reader is None:
            return value
        return reader(self, shape, value, path)

    def _structure(self, shape: Shape, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise SerializationException(_type_error(value, "structure"))
        for name in shape.required_members:
            if value.get(name) is None:
                self.fail(None, _join(path, name), "Member must not be null")
        plan = _plan(shape, self.opaque)
        if plan is None:
            return value
        out = {}
        for name, item in value.items():
            entry = plan.get(name)
            if entry is None:
                out[name] = item  # not a member: kept as sent
            elif item is not None:
                member, label, reader = entry
                out[name] = item if reader is None else reader(
                    self, member, item, f"{path}.{label}" if path else label)
        return out

    def _list(self, shape: Shape, value: Any, path: str) -> Any:
        if not isinstance(value, list):
            raise SerializationException(_type_error(value, "list"))
        self._length(shape, value, len(value), path)
        member = shape.member
        if not _has_work(member, self.opaque):
            return value
        base = path or "member"
        if member.type_name in _SCALARS:
            out, failed = [], False
            for item in value:
                read, broke = self._scalar(member, item, base)
                out.append(read)
                failed = failed or broke
            if failed:
                self._on_container(member, value, base, "Member")
            return out
        return [self.read(member, v, f"{base}.{i}.member") for i, v in enumerate(value, 1)]

    def _map(self, shape: Shape, value: Any, path: str) -> Any:
        if not isinstance(value, dict):
            raise SerializationException(_type_error(value, "map"))
        self._length(shape, value, len(value), path)
        self._map_value_lengths(shape, value, path)
        if not (_has_work(shape.key, self.opaque) or _has_work(shape.value, self.opaque)):
            return value
        key_shape, value_shape = shape.key, shape.value
        scalar_values = value_shape.type_name in _SCALARS and value_shape.name not in self.opaque
        out: dict[Any, Any] = {}
        bad_key = bad_value = False
        for k, v in value.items():
            key, broke = self._scalar(key_shape, k, path)
            bad_key = bad_key or broke
            if scalar_values:
                v, broke = self._scalar(value_shape, v, path)
                bad_value = bad_value or broke
            else:
                v = self.read(value_shape, v, f"{path}.{k}.member")
            out[key] = v
        if bad_key:
            self._on_container(key_shape, value, path, "Map keys")
        if bad_value:
            self._on_container(value_shape, value, path, "Map value")
        return out

    def _map_value_lengths(self, shape: Shape, value: dict[str, Any], path: str) -> None:
        """AWS reports a map value's length violation once, on the map itself."""
        texts = _length_texts(shape.value)
        if not texts or shape.value.type_name not in ("list", "map", "string", "blob"):
            return
        meta = shape.value.metadata
        for item in value.values():
            if item is None or isinstance(item, bool | int | float):
                continue
            self._length_checked.add(id(item))
            size = len(item)
            if size < meta.get("min", size) or size > meta.get("max", size):
                self.fail(value, path, f"Map value must satisfy constraint: [{', '.join(texts)}]")
                return

    def _string(self, shape: Shape, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            raise SerializationException(_type_error(value, "String"))
        enum = shape.enum
        if enum and value not in enum:
            self.fail(value, path, f"Member must satisfy enum value set: [{', '.join(enum)}]")
            return value
        self._length(shape, value, len(value), path)
        pattern = shape.metadata.get("pattern")
        if pattern:
            compiled = _pattern(pattern)
            if compiled is not None and compiled.fullmatch(value) is None:
                self.fail(value, path, f"Member must satisfy regular expression pattern: {pattern}")
        return value

    def _number(self, shape: Shape, value: Any, path: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SerializationException(_type_error(value, shape.type_name.capitalize()))
        if shape.type_name in ("integer", "long") and isinstance(value, float):
            if not value.is_integer():
                raise SerializationException(_type_error(value, shape.type_name.capitalize()))
            value = int(value)
        meta = shape.metadata
        if "min" in meta and value < meta["min"]:
            self.fail(value, path, f"Member must have value greater than or equal to {meta['min']}")
        if "max" in meta and value > meta["max"]:
            self.fail(value, path, f"Member must have value less than or equal to {meta['max']}")
        return value

    def _boolean(self, shape: Shape, value: Any, path: str) -> Any:
        if not isinstance(value, bool):
            raise SerializationException(_type_error(value, "Boolean"))
        return value

    def _blob(self, shape: Shape, value: Any, path: str) -> Any:
        if isinstance(value, bytes):
            data = value
        elif isinstance(value, str):
            try:
                data = base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise SerializationException(
                    "Base64 encoded length is expected a multiple of 4 bytes but found: "
                    f"{len(value)}"
                ) from None
        else:
            raise SerializationException(_type_error(value, "Blob"))
        self._length(shape, data, len(data), path)
        return data

    def _timestamp(self, shape: Shape, value: Any, path: str) -> Any:
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, bool):
            raise SerializationException(_type_error(value, "Timestamp"))
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value, UTC)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                try:
                    return datetime.fromtimestamp(float(value), UTC)
                except ValueError:
                    raise SerializationException(_type_error(value, "Timestamp")) from None
        raise SerializationException(_type_error(value, "Timestamp"))

    def _length(self, shape: Shape, value: Any, length: int, path: str) -> None:
        if id(value) in self._length_checked:
            return
        meta = shape.metadata
        if "min" in meta and length < meta["min"]:
            self.fail(value, path, f"Member must have length greater than or equal to {meta['min']}")
        elif "max" in meta and length > meta["max"]:
            self.fail(value, path, f"Member must have length less than or equal to {meta['max']}")


def _join(path: str, name: str) -> str:
    label = _member_label(name)
    return f"{path}.{label}" if path else label


def _type_error(value: Any, expected: str) -> str:
    if isinstance(value, dict):
        return "Start of structure or map found where not expected."
    if isinstance(value, list):
        return "Start of list found where not expected"
    if isinstance(value, bool):
        found = "BOOLEAN_VALUE"
    elif isinstance(value, int | float):
        found = "NUMBER_VALUE"
    elif isinstance(value, str):
        found = "STRING_VALUE"
    else:
        found = "NULL_VALUE"
    return f"{found} can not be converted to {expected}"


_READERS = {
    "structure": ShapeReader._structure,
    "list": ShapeReader._list,
    "map": ShapeReader._map,
    "string": ShapeReader._string,
    "integer": ShapeReader._number,
    "long": ShapeReader._number,
    "float": ShapeReader._number,
    "double": ShapeReader._number,
    "boolean": ShapeReader._boolean,
    "blob": ShapeReader._blob,
    "timestamp": ShapeReader._timestamp,
}
