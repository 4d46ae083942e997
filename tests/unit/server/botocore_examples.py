"""Example values for botocore shapes, and botocore's own wire forms of them.

The generator fills every member (only required ones below a depth limit or inside a
recursive shape), lists and maps of two, within the model's enums, lengths and ranges;
strings hold characters that need escaping (``<&> é``) unless they sit in a header.
A string pattern no candidate satisfies is reported, so the caller can mark that shape
opaque (left unchecked) rather than fail on an example we could not make.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.serialize import create_serializer
from urllib3 import HTTPHeaderDict

from cloudlet.server.http import Request

if TYPE_CHECKING:
    from botocore.model import OperationModel, Shape

    from cloudlet.server.http import Response

MAX_DEPTH = 4
WHEN = datetime(2024, 5, 1, 12, 30, 45, tzinfo=UTC)
_CANDIDATES = [
    "example", "Example-1", "abc", "a", "1", "12", "123456789012", "ab12", "example.com",
    "arn:aws:sns:us-east-1:123456789012:example", "arn:aws:iam::123456789012:role/example",
    "arn:aws:cloudformation:us-east-1:123456789012:stack/example/1",
    "a@example.com", "https://example.com/a", "/", "example/", "ABCDEFGHIJ",
    "sg-12345678", "us-east-1", "2024-05-01", "Ex12345678901234567890",
]


class Examples:
    def __init__(self, rich_strings: bool = True):
        self.rich_strings = rich_strings
        # String shapes whose pattern no candidate matched.
        self.unmatched: set[str] = set()

    def value(self, shape: Shape, depth: int = 0, stack: tuple[str, ...] = (),
              plain: bool = False, hint: str = "v") -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape, depth, stack, plain)
        if kind == "list":
            count = _count(shape)
            return [self.value(shape.member, depth + 1, stack, plain, f"{hint}{i}")
                    for i in range(count)]
        if kind == "map":
            keys = self.keys(shape.key, _count(shape))
            return {k: self.value(shape.value, depth + 1, stack, plain, f"{hint}{i}")
                    for i, k in enumerate(keys)}
        if kind == "string":
            return self.string(shape, plain, hint)
        if kind in ("integer", "long"):
            return int(_number(shape, 2))
        if kind in ("float", "double"):
            return float(_number(shape, 1.5))
        if kind == "boolean":
            return depth % 2 == 0
        if kind == "timestamp":
            return WHEN
        if kind == "blob":
            return _fit(b"blob-data\x00", shape) if not plain else _fit(b"blob-data", shape)
        raise AssertionError(f"no example for {kind}")

    def structure(self, shape: Shape, depth: int, stack: tuple[str, ...],
                  plain: bool) -> dict[str, Any]:
        deep = depth >= MAX_DEPTH or shape.name in stack
        stack = (*stack, shape.name)
        names = list(shape.members)
        if shape.metadata.get("union"):
            names = names[:1]
        elif deep:
            names = list(shape.required_members)
        out = {}
        for name in names:
            member = shape.members[name]
            if member.serialization.get("eventstream") or member.serialization.get("jsonvalue"):
                continue
            if member.type_name == "structure" and member.is_document_type:
                continue
            out[name] = self.value(member, depth + 1, stack, plain, name)
        return out

    def string(self, shape: Shape, plain: bool, hint: str) -> str:
        if shape.enum:
            return str(shape.enum[min(1, len(shape.enum) - 1)])
        pattern = shape.metadata.get("pattern")
        if pattern:
            for candidate in _CANDIDATES:
                fitted = _fit(candidate, shape)
                if _matches(pattern, fitted):
                    return str(fitted)
            self.unmatched.add(shape.name)
        base = f"{hint}-x" if plain or not self.rich_strings else f"{hint} <&> é"
        return str(_fit(base, shape))

    def keys(self, shape: Shape, count: int) -> list[Any]:
        if shape.enum:
            return list(shape.enum[:count])
        return [str(_fit(f"key{i}", shape)) for i in range(count)]


def _count(shape: Shape) -> int:
    meta = shape.metadata
    return max(min(2, meta.get("max", 2)), meta.get("min", 0))


def _number(shape: Shape, default: float) -> float:
    meta = shape.metadata
    value = default
    if "min" in meta:
        value = max(value, meta["min"])
    if "max" in meta:
        value = min(value, meta["max"])
    return value


def _fit(value: Any, shape: Shape) -> Any:
    meta = shape.metadata
    if "max" in meta:
        value = value[: meta["max"]]
    if "min" in meta and len(value) < meta["min"]:
        pad = "x" if isinstance(value, str) else b"x"
        value = value + pad * (meta["min"] - len(value))
    return value


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return True


def botocore_request(protocol: str, operation: OperationModel, params: dict[str, Any]) -> Request:
    """The HTTP request botocore sends for ``params``, as cloudlet's edge sees it."""
    serialized = create_serializer(protocol, include_validation=False).serialize_to_request(
        params, operation)
    prepare_request_dict(serialized, endpoint_url="https://example.amazonaws.com")
    prepared = create_request_object(serialized).prepare()
    url = urlsplit(prepared.url)
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode()
    headers = {k.lower(): v.decode() if isinstance(v, bytes) else v
               for k, v in prepared.headers.items()}
    return Request(prepared.method, unquote(url.path), url.path, url.query, headers, body)


def botocore_response(response: Response) -> dict[str, Any]:
    """A cloudlet response in the form botocore's parsers take."""
    headers = HTTPHeaderDict()
    for name, value in response.headers:
        headers.add(name, value)
    return {"body": response.body, "headers": headers, "status_code": response.status}
