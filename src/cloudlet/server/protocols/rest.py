"""What every REST protocol (rest-json, rest-xml) shares: routes built from each
operation's ``http`` block, and members carried in the path, query string, headers and
status code. Only the body differs between them (JSON or XML).

Routes are matched most specific first: query keys the request URI names (``?acl``,
``?list-type=2``), then the longest literal text, then the operation's required query and
header members (S3's ``UploadPart`` needs ``partNumber`` and ``uploadId`` where
``PutObject`` needs neither), deprecated operations last. A request that lacks an
operation's required members still reaches the operation with the fewest of them, so
the validator reports what is missing.

LIMITATIONS: members marked ``jsonvalue`` in headers are passed on as the header's text;
host-prefixed labels (S3 virtual-hosted buckets) are not read from ``Host``.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qs, unquote

from cloudlet.server.protocols.shapes import ShapeReader

if TYPE_CHECKING:
    from collections.abc import Iterable

    from botocore.model import OperationModel, ServiceModel, Shape

    from cloudlet.server.http import Request
    from cloudlet.server.service import Service


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    # Query keys the request URI names, with the value it fixes ("" when it fixes none).
    required_query: tuple[tuple[str, str], ...]
    operation: str
    literal_weight: int
    # Wire names of the operation's required query-string members and header members.
    member_query: tuple[str, ...] = ()
    member_headers: tuple[str, ...] = ()
    deprecated: bool = False


def _compile(uri: str) -> tuple[re.Pattern[str], tuple[tuple[str, str], ...], int]:
    path, _, query = uri.partition("?")
    parts = []
    weight = 0
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{"):
            name = piece[1:-1]
            if name.endswith("+"):
                parts.append(f"(?P<{label_group(name[:-1])}>.+)")
            else:
                parts.append(f"(?P<{label_group(name)}>[^/]+)")
        elif piece:
            parts.append(re.escape(piece))
            weight += len(piece)
    required = tuple(
        (key, value) for key, _, value in (q.partition("=") for q in query.split("&") if q)
    )
    return re.compile("".join(parts) + "/?$"), required, weight


def label_group(name: str) -> str:
    """The regex group name of a URI label (``{Key+}`` -> ``Key``)."""
    return re.sub(r"\W", "_", name)


class RouteSpec(NamedTuple):
    """What a route is built from, read off one operation of the model (plain data, so a
    service's routes are known without keeping its model: ``server.models.ModelSummary``)."""

    method: str
    request_uri: str
    operation: str
    member_query: tuple[str, ...]
    member_headers: tuple[str, ...]
    deprecated: bool


def route_specs(model: ServiceModel) -> list[RouteSpec]:
    specs = []
    for name in model.operation_names:
        operation = model.operation_model(name)
        http = operation.http
        member_query: list[str] = []
        member_headers: list[str] = []
        shape = operation.input_shape
        if shape is not None:
            for member_name in shape.required_members:
                member = shape.members[member_name]
                where = member.serialization.get("location")
                wire = member.serialization.get("name", member_name)
                if where == "querystring" and member.type_name != "map":
                    member_query.append(wire)
                elif where == "header":
                    member_headers.append(wire.lower())
        specs.append(RouteSpec(http["method"], http["requestUri"], name, tuple(member_query),
                               tuple(member_headers), bool(operation.deprecated)))
    return specs


def routes_from(specs: Iterable[RouteSpec]) -> list[Route]:
    routes = []
    for spec in specs:
        pattern, required, weight = _compile(spec.request_uri)
        routes.append(Route(spec.method, pattern, required, spec.operation, weight,
                            spec.member_query, spec.member_headers, spec.deprecated))
    routes.sort(key=lambda r: (-len(r.required_query), -r.literal_weight,
                               -len(r.member_query) - len(r.member_headers), r.deprecated))
    return routes


def build_routes(model: ServiceModel) -> list[Route]:
    return routes_from(route_specs(model))


def match(routes: list[Route], request: Request) -> tuple[str, dict[str, str]] | None:
    """The operation a request is for and its URI labels (percent-decoded)."""
    query = parse_qs(request.query_string, keep_blank_values=True) if request.query_string else {}
    fallback: tuple[Route, re.Match[str]] | None = None
    for route in routes:
        if route.method != request.method:
            continue
        found = route.pattern.match(request.raw_path)
        if found is None:
            continue
        if any(key not in query or (value and value not in query[key])
               for key, value in route.required_query):
            continue
        complete = (all(q in query for q in route.member_query)
                    and all(h in request.headers for h in route.member_headers))
        if complete:
            if fallback is not None and len(fallback[0].required_query) > len(route.required_query):
                break  # a route its query names (``?analytics``) beats a vaguer one
            return route.operation, _labels(found)
        missing = _requirements(route)
        if fallback is None or missing < _requirements(fallback[0]):
            fallback = (route, found)
    if fallback is not None:
        return fallback[0].operation, _labels(fallback[1])
    return None


def _requirements(route: Route) -> int:
    return len(route.member_query) + len(route.member_headers)


def _labels(found: re.Match[str]) -> dict[str, str]:
    return {k: unquote(v) for k, v in found.groupdict().items()}


class _Member(NamedTuple):
    """One input member as read_locations reads it (worked out once per shape)."""

    name: str
    where: str | None
    wire: str
    shape: Shape
    group: str  # label_group(wire), for "uri"


_PLANS: dict[int, tuple[Shape, tuple[_Member, ...], frozenset[str]]] = {}


def _plan(shape: Shape) -> tuple[tuple[_Member, ...], frozenset[str]]:
    """A shape's members with their locations and the query keys its members claim, built
    on first use (the shapes live as long as their cached operation models)."""
    cached = _PLANS.get(id(shape))
    if cached is not None and cached[0] is shape:
        return cached[1], cached[2]
    members = tuple(_Member(n, m.serialization.get("location"), m.serialization.get("name", n),
                            m, label_group(m.serialization.get("name", n)))
                    for n, m in shape.members.items())
    claimed = frozenset(m.wire for m in members
                        if m.where == "querystring" and m.shape.type_name != "map")
    if len(_PLANS) > 4096:
        _PLANS.clear()
    _PLANS[id(shape)] = (shape, members, claimed)
    return members, claimed


def read_locations(shape: Shape, request: Request, labels: dict[str, str],
                   fixed: frozenset[str] = frozenset()
                   ) -> tuple[dict[str, Any], dict[str, Shape]]:
    """Members found in the path, query string and headers, and the members left for the
    body (the payload member, or every member without a location). ``fixed``: query keys
    the operation's ``requestUri`` itself carries (``?mode=import``), no member's."""
    raw: dict[str, Any] = {}
    body_members: dict[str, Shape] = {}
    query = (parse_qs(request.query_string, keep_blank_values=True)
             if request.query_string else {})
    members, claimed = _plan(shape)
    if fixed:
        claimed = claimed | fixed
    for name, where, wire, member, group in members:
        if where is None:
            body_members[name] = member
        elif where == "uri":
            if group in labels:
                raw[name] = read_text(member, labels[group], "iso8601")
        elif where == "querystring":
            if member.type_name == "map":
                as_list = member.value.type_name == "list"
                rest = {k: v if as_list else v[-1] for k, v in query.items() if k not in claimed}
                if rest:
                    raw[name] = rest
            elif wire in query:
                values = query[wire]
                if member.type_name == "list":
                    raw[name] = [read_text(member.member, v, "iso8601") for v in values]
                else:
                    raw[name] = read_text(member, values[-1], "iso8601")
        elif where == "header":
            value = request.headers.get(wire.lower())
            if value is not None:
                if member.type_name == "list":
                    raw[name] = [read_text(member.member, v, "rfc822")
                                 for v in split_header_list(value)]
                else:
                    raw[name] = read_text(member, value, "rfc822")
        elif where == "headers":
            prefix = wire.lower()
            found = {k[len(prefix):]: v for k, v in request.headers.items() if k.startswith(prefix)}
            if found:
                raw[name] = found
        elif where != "statusCode":
            body_members[name] = member
    return raw, body_members


def read_text(shape: Shape, value: str, timestamp_format: str) -> Any:
    """A scalar from its text form (path, query string, header or XML text).

    A text that does not convert is returned unchanged, for the validator to reject.
    """
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(value)
        except ValueError:
            return value
    if kind in ("float", "double"):
        try:
            return float(value)
        except ValueError:
            return value
    if kind == "boolean":
        lowered = value.lower()
        return {"true": True, "false": False}.get(lowered, value)
    if kind == "timestamp":
        return _read_timestamp(value, shape.serialization.get("timestampFormat", timestamp_format))
    return value


def _read_timestamp(value: str, timestamp_format: str) -> Any:
    if timestamp_format == "rfc822" or (value[:3].isalpha() and "," in value):
        try:
            return parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError):
            return value
    return value  # ISO 8601 or epoch seconds: the validator reads both


def split_header_list(value: str) -> list[str]:
    """``a, "b,c"`` -> ``["a", "b,c"]``: a list header, quoted items may hold commas."""
    items = []
    for found in re.finditer(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)', value):
        if found.group(1) is not None:
            items.append(found.group(1).replace('\\"', '"'))
        elif found.group(2) is not None and found.group(2).strip():
            items.append(found.group(2).strip())
        if found.end() >= len(value):
            break
    return items


def to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def format_timestamp(value: Any, timestamp_format: str) -> str:
    """A timestamp as AWS writes it: ``iso8601`` (``2024-05-01T12:00:00.000Z``),
    ``rfc822`` (``Wed, 01 May 2024 12:00:00 GMT``) or ``unixTimestamp``."""
    if isinstance(value, str):
        return value
    moment = to_datetime(value).astimezone(UTC)
    if timestamp_format == "rfc822":
        return format_datetime(moment, usegmt=True)
    if timestamp_format == "unixTimestamp":
        seconds = moment.timestamp()
        return str(int(seconds)) if seconds.is_integer() else str(seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def format_text(shape: Shape, value: Any, timestamp_format: str) -> str:
    """A scalar's text form in headers and XML."""
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        return format_timestamp(value, shape.serialization.get("timestampFormat", timestamp_format))
    if kind == "blob":
        data = value.encode() if isinstance(value, str) else bytes(value)
        return base64.b64encode(data).decode("ascii")
    return str(value)


def write_locations(shape: Shape, output: dict[str, Any], status: int
                    ) -> tuple[int, list[tuple[str, str]], dict[str, Any]]:
    """The status and headers an output sets, and the members left for the body."""
    headers: list[tuple[str, str]] = []
    body: dict[str, Any] = {}
    for name, value in output.items():
        if value is None:
            continue
        member = shape.members.get(name)
        where = member.serialization.get("location") if member is not None else None
        if member is None or where is None:
            body[name] = value
        elif where == "statusCode":
            status = int(value)
        elif where == "header":
            wire = member.serialization.get("name", name)
            if member.type_name == "list":
                if value:
                    headers.append((wire, ",".join(
                        _quote_list_item(format_text(member.member, v, "rfc822")) for v in value)))
            else:
                headers.append((wire, format_text(member, value, "rfc822")))
        elif where == "headers":
            prefix = member.serialization.get("name", name)
            headers.extend((prefix + k, str(v)) for k, v in value.items())
    return status, headers, body


def _quote_list_item(text: str) -> str:
    if '"' in text or "," in text:
        return '"' + text.replace('"', '\\"') + '"'
    return text


@lru_cache(maxsize=1024)
def _fixed_query(request_uri: str) -> frozenset[str]:
    """The query keys an operation's ``requestUri`` itself carries (``?mode=import``)."""
    _, _, fixed_query = request_uri.partition("?")
    return frozenset(k.partition("=")[0] for k in fixed_query.split("&") if k)


class RestProtocol:
    """Parsing shared by rest-json and rest-xml: members from the path, query string and
    headers, a blob or string payload as the raw body; subclasses read the structured
    body (a payload structure, or the body members) in their own format."""

    def parse(self, service: Service, operation: OperationModel, request: Request,
              params: dict[str, str]) -> dict[str, Any]:
        shape = operation.input_shape
        if shape is None:
            return {}
        raw, body_members = read_locations(shape, request, params,
                                           _fixed_query(operation.http.get("requestUri", "")))
        payload_name = shape.serialization.get("payload")
        has_body = bool(request.body) and not request.body.isspace()
        if payload_name is not None:
            member = shape.members[payload_name]
            if member.type_name == "blob":
                raw[payload_name] = request.body
            elif member.type_name == "string":
                raw[payload_name] = request.body.decode("utf-8", "replace")
            elif has_body:
                raw[payload_name] = self.read_payload(member, request.body)
        elif body_members and has_body:
            raw.update(self.read_body(shape, body_members, request.body))
        return ShapeReader(service.opaque_shapes).read_input(shape, raw)

    def read_payload(self, member: Shape, body: bytes) -> Any:
        """A structured payload member from the body."""
        raise NotImplementedError

    def read_body(self, shape: Shape, members: dict[str, Shape], body: bytes) -> dict[str, Any]:
        """The input's body members (``members``) from the body."""
        raise NotImplementedError
