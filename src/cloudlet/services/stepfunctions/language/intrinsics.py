"""The intrinsic functions of the JSONPath query language (``States.Format(...)`` ...).

https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html

Arguments are string literals in single quotes (``\\'``, ``\\{``, ``\\}`` and ``\\\\``
escape), numbers, ``true``/``false``/``null``, paths (``$.x``, ``$$.Execution.Id``,
``$var``) and nested calls. A call is parsed once per text. Wrong argument counts or types
raise ``States.IntrinsicFailure``, as AWS does; an unknown function is ``States.Runtime``.

As AWS's own runs show: ``States.Format`` writes strings as they are and other values as
Java prints them (``null``, ``1.1``, ``{a=1, b=[]}``); ``States.StringToJson`` of a blank
string is ``null``; ``States.MathAdd`` and ``States.MathRandom`` round a fractional argument
half up (``1.5`` -> 2, ``-1.5`` -> -1); ``States.StringSplit`` splits at any one of the
delimiter's characters and drops empty pieces; ``States.ArrayContains`` and
``States.ArrayUnique`` compare as JSON (``1`` is not ``true``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import re
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import orjson

from cloudlet.services.stepfunctions.language.errors import StatesError
from cloudlet.services.stepfunctions.language.jsonpath import Sources, select

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_NAME = re.compile(r"States\.[A-Za-z0-9]+")


class _Call:
    __slots__ = ("name", "args")

    def __init__(self, name: str, args: list[Any]) -> None:
        self.name = name
        self.args = args


class _Literal(str):
    """A quoted string argument, remembering which of its braces were escaped (``\\{``)."""

    escaped: frozenset[int] = frozenset()


class _Path:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _fail(message: str) -> StatesError:
    return StatesError("States.IntrinsicFailure", message)


@lru_cache(maxsize=2048)
def parse(text: str) -> _Call:
    parser = _Parser(text)
    call = parser.call()
    parser.space()
    if parser.pos != len(text):
        raise StatesError("States.Runtime", f"Invalid intrinsic function '{text}'")
    return call


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def error(self) -> StatesError:
        return StatesError("States.Runtime", f"Invalid intrinsic function '{self.text}'")

    def call(self) -> _Call:
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise self.error()
        self.pos = match.end()
        self.space()
        if self.text[self.pos:self.pos + 1] != "(":
            raise self.error()
        self.pos += 1
        args: list[Any] = []
        self.space()
        if self.text[self.pos:self.pos + 1] == ")":
            self.pos += 1
            return _Call(match.group(), args)
        while True:
            self.space()
            args.append(self.argument())
            self.space()
            mark = self.text[self.pos:self.pos + 1]
            self.pos += 1
            if mark == ")":
                return _Call(match.group(), args)
            if mark != ",":
                raise self.error()

    def argument(self) -> Any:
        text, pos = self.text, self.pos
        if text.startswith("'", pos):
            return self.string()
        if text.startswith("States.", pos):
            return self.call()
        if text.startswith("$", pos):
            return _Path(self.path())
        for word, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, pos):
                self.pos += len(word)
                return value
        number = _NUMBER.match(text, pos)
        if number is None:
            raise self.error()
        self.pos = number.end()
        literal = number.group()
        return float(literal) if any(c in literal for c in ".eE") else int(literal)

    def path(self) -> str:
        """A path argument: up to a ``,`` or ``)`` outside brackets and quotes."""
        start, depth, quote = self.pos, 0, ""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[(":
                depth += 1
            elif char in "])":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and char in ", ":
                break
            self.pos += 1
        return self.text[start:self.pos]

    def string(self) -> _Literal:
        out: list[str] = []
        escaped: set[int] = set()
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                if self.text[self.pos + 1] in "{}":
                    escaped.add(len(out))
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if char == "'":
                self.pos += 1
                literal = _Literal("".join(out))
                literal.escaped = frozenset(escaped)
                return literal
            out.append(char)
            self.pos += 1
        raise self.error()


def evaluate(text: str, src: Sources, field: str = "Parameters") -> Any:
    """The value of the call ``text``; ``field`` (the ``"name.$"`` key) words path errors."""
    return _run(parse(text), src, field)


def _value(arg: Any, src: Sources, field: str) -> Any:
    if isinstance(arg, _Call):
        return _run(arg, src, field)
    if isinstance(arg, _Path):
        return select(arg.text, src, field)
    return arg


def _run(call: _Call, src: Sources, field: str) -> Any:
    function = _FUNCTIONS.get(call.name)
    if function is None:
        raise StatesError("States.Runtime", f"Unknown intrinsic function {call.name}")
    args = [_value(arg, src, field) for arg in call.args]
    return function(call.name, args)


def _count(name: str, args: list[Any], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        expected = str(low) if low == high else f"{low} to {high}"
        raise _fail(f"Invalid arguments in {name}: expected {expected} arguments but got"
                    f" {len(args)}")


def _kind(name: str, value: Any, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)
                                       and bool not in (kind if isinstance(kind, tuple)
                                                        else (kind,))):
        raise _fail(f"Invalid arguments in {name}: expected {what}")


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise _fail(f"Invalid arguments in {name}: expected an integer")
    return int(value)


def _rounded(name: str, value: Any) -> int:
    """A number rounded half up, as Java's ``Math.round`` (``-1.5`` -> -1)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(f"Invalid arguments in {name}: expected a number")
    return value if isinstance(value, int) else math.floor(value + 0.5)


def _json_key(value: Any) -> bytes:
    """``value`` as canonical JSON, so that equal JSON values (and only they) match."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _java_text(value: Any) -> str:
    """How AWS's ``States.Format`` prints a value: strings bare, objects as Java maps."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_java_text(v) for v in value) + "]"
    return _dumps(value)


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _format(name: str, args: list[Any]) -> str:
    if not args:
        raise _fail(f"Invalid arguments in {name}: expected a format string")
    template, values = args[0], args[1:]
    _kind(name, template, str, "a format string")
    escaped = template.escaped if isinstance(template, _Literal) else frozenset()
    pieces, start, i = [], 0, 0
    while i < len(template) - 1:
        if template[i:i + 2] == "{}" and i not in escaped and i + 1 not in escaped:
            pieces.append(template[start:i])
            start = i = i + 2
            continue
        i += 1
    pieces.append(template[start:])
    if len(pieces) - 1 != len(values):
        raise _fail(f"Invalid arguments in {name}: the number of arguments does not match"
                    " the number of placeholders")
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out.append(_java_text(value))
        out.append(piece)
    return "".join(out)


def _string_to_json(name: str, args: list[Any]) -> Any:
    _count(name, args, 1)
    _kind(name, args[0], str, "a string")
    if not args[0].strip():
        return None
    try:
        return json.loads(args[0])
    except ValueError:
        raise _fail(f"Invalid arguments in {name}: the string is not valid JSON") from None


def _json_to_string(name: str, args: list[Any]) -> str:
    _count(name, args, 1)
    return _dumps(args[0])


def _array_partition(name: str, args: list[Any]) -> list[Any]:
    _count(name, args, 2)
    _kind(name, args[0], list, "an array")
    size = _integer(name, args[1])
    if size <= 0:
        raise _fail(f"Invalid arguments in {name}: the chunk size must be positive")
    items = args[0]
    return [items[i:i + size] for i in range(0, len(items), size)]


def _array_contains(name: str, args: list[Any]) -> bool:
    _count(name, args, 2)
    _kind(name, args[0], list, "an array")
    wanted = _json_key(args[1])
    return any(_json_key(item) == wanted for item in args[0])


def _array_range(name: str, args: list[Any]) -> list[int]:
    _count(name, args, 3)
    start, end, step = (_integer(name, a) for a in args)
    if step == 0:
        raise _fail(f"Invalid arguments in {name}: the step must not be 0")
    out = list(range(start, end + (1 if step > 0 else -1), step))
    if len(out) > 1000:
        raise _fail(f"Invalid arguments in {name}: the result has more than 1000 items")
    return out


def _array_get_item(name: str, args: list[Any]) -> Any:
    _count(name, args, 2)
    _kind(name, args[0], list, "an array")
    index = _integer(name, args[1])
    if not 0 <= index < len(args[0]):
        raise _fail(f"Invalid arguments in {name}: index {index} out of bounds")
    return args[0][index]


def _array_length(name: str, args: list[Any]) -> int:
    _count(name, args, 1)
    _kind(name, args[0], list, "an array")
    return len(args[0])


def _array_unique(name: str, args: list[Any]) -> list[Any]:
    _count(name, args, 1)
    _kind(name, args[0], list, "an array")
    seen: set[bytes] = set()
    out = []
    for item in args[0]:
        key = _json_key(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _base64_encode(name: str, args: list[Any]) -> str:
    _count(name, args, 1)
    _kind(name, args[0], str, "a string")
    if len(args[0]) > 10_000:
        raise _fail(f"Invalid arguments in {name}: input over 10000 characters")
    return base64.b64encode(args[0].encode()).decode()


def _base64_decode(name: str, args: list[Any]) -> str:
    _count(name, args, 1)
    _kind(name, args[0], str, "a string")
    try:
        return base64.b64decode(args[0], validate=True).decode()
    except ValueError:
        raise _fail(f"Invalid arguments in {name}: not valid base64") from None


_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
           "SHA-512": "sha512"}


def _hash(name: str, args: list[Any]) -> str:
    _count(name, args, 2)
    algorithm = _HASHES.get(args[1]) if isinstance(args[1], str) else None
    if algorithm is None:
        raise _fail(f"Invalid arguments in {name}: the algorithm must be one of"
                    f" {', '.join(_HASHES)}")
    data = args[0] if isinstance(args[0], str) else _dumps(args[0])
    return hashlib.new(algorithm, data.encode()).hexdigest()


def _json_merge(name: str, args: list[Any]) -> dict[str, Any]:
    _count(name, args, 3)
    _kind(name, args[0], dict, "an object")
    _kind(name, args[1], dict, "an object")
    if args[2] is not False:
        raise _fail(f"Invalid arguments in {name}: deep merging is not supported;"
                    " the third argument must be false")
    return {**args[0], **args[1]}


def _math_random(name: str, args: list[Any]) -> int:
    _count(name, args, 2, 3)
    start, end = _rounded(name, args[0]), _rounded(name, args[1])
    generator = random.Random(_integer(name, args[2])) if len(args) == 3 else random
    if end <= start:
        raise _fail(f"Invalid arguments in {name}: the end must be greater than the start")
    return generator.randrange(start, end)


def _math_add(name: str, args: list[Any]) -> int:
    _count(name, args, 2)
    return _rounded(name, args[0]) + _rounded(name, args[1])


def _string_split(name: str, args: list[Any]) -> list[str]:
    _count(name, args, 2)
    _kind(name, args[0], str, "a string")
    _kind(name, args[1], str, "a string of delimiters")
    if not args[1]:
        return [args[0]]
    parts = re.split("[" + re.escape(args[1]) + "]", args[0])
    return [part for part in parts if part]


def _uuid(name: str, args: list[Any]) -> str:
    _count(name, args, 0)
    return str(uuid.uuid4())


def _array(name: str, args: list[Any]) -> list[Any]:
    return list(args)


_FUNCTIONS: dict[str, Callable[[str, list[Any]], Any]] = {
    "States.Format": _format, "States.StringToJson": _string_to_json,
    "States.JsonToString": _json_to_string, "States.Array": _array,
    "States.ArrayPartition": _array_partition, "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range, "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _array_length, "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode, "States.Base64Decode": _base64_decode,
    "States.Hash": _hash, "States.JsonMerge": _json_merge, "States.MathRandom": _math_random,
    "States.MathAdd": _math_add, "States.StringSplit": _string_split, "States.UUID": _uuid,
}
