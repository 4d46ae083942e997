"""What every protocol provides: parse a request, serialize a result or an error."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from cloudlet.server.errors import SerializationException

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from cloudlet.server.errors import ServiceError
    from cloudlet.server.http import Request, Response
    from cloudlet.server.service import Service


class WireProtocol(Protocol):
    def parse(self, service: Service, operation: OperationModel, request: Request,
              params: dict[str, str]) -> dict[str, Any]: ...

    def serialize(self, service: Service, operation: OperationModel,
                  output: dict[str, Any], request_id: str = "") -> Response: ...

    def serialize_error(self, service: Service, error: ServiceError,
                        request_id: str = "") -> Response: ...


# ``ctx.extra[FRAGMENTS]`` is True when the handler's output goes straight to ``dump_json``
# (a JSON protocol's answer over HTTP): a member may then be an ``orjson.Fragment``, JSON
# already serialized (DynamoDB's stored items), which is written into the body as it is.
# Calls made in-process (``server.internal.call``) never set it: they get plain values.
FRAGMENTS = "json_fragments"


def fragments_ok(extra: dict[str, Any]) -> bool:
    return extra.get(FRAGMENTS, False) is True


def _default(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        return value.timestamp()
    raise TypeError(f"cannot serialize {type(value).__name__}")


def dump_json(value: Any) -> bytes:
    """JSON for AWS's JSON protocols: blobs as base64, timestamps as epoch seconds."""
    return orjson.dumps(value, default=_default)


def load_json(body: bytes) -> Any:
    if not body:
        return {}
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise SerializationException("Start of structure or map found where not expected.") from None
