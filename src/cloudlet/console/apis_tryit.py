"""The APIs pages' try-it: one request to an API, answered with the response and the event
the integration's function got.

- REST APIs (``apis_test_invoke``): TestInvokeMethod as the viewer (``view.call``, IAM
  applies), as the AWS console's Test does: the API as it is now (no deployment needed),
  authorizers and API keys skipped, the chosen stage's variables as ``stageVariables``. The method is the resource
  whose path template matches the typed path (literal segments before ``{param}`` before
  ``{greedy+}``) with the verb or ANY. The event is the execution log's "Endpoint request
  body after transformations" line; the log is shown too.
- HTTP APIs (no test operation on AWS): the request goes in-process through the server's
  edge routes (the same handlers a request to ``http://{api_id}.execute-api.localhost:
  {port}/{stage}/path`` reaches), so the stage's routing, authorizers and integrations
  answer it, with the gateway's capture point (``apigateway.gateway.observe``) watching this
  one request: what it sent its Lambda integration is the event. The request comes from the
  console (source IP 127.0.0.1) without the viewer's credentials: a stage is public, as on
  AWS, and what an authorizer wants goes in the headers.

LIMITATIONS: the response body is shown as text (binary as its size); a REST method's
``clientCertificateId`` is not offered; an HTTP API's HTTP_PROXY integration shows the
body it was sent as its "event".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import orjson

from cloudlet.server.edge import EdgeTable
from cloudlet.server.http import Request
from cloudlet.services.apigateway.gateway.observe import Observer, observing

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_EDGE = "console.edge"  # state.extras: the services' edge routes, without the console's
SHOWN_BODY = 256 * 1024  # characters of a response body shown


@dataclass(slots=True)
class Sent:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: str
    note: str = ""  # how it was sent, when not to a URL


@dataclass(slots=True)
class Answer:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    binary: int | None = None  # the body's size when it is not text
    elapsed_ms: float = 0.0
    event: str | None = None  # what the integration was sent (JSON pretty-printed)
    log: str = ""  # TestInvokeMethod's execution log


def stage_url(port: int, api_id: str, stage: str) -> str:
    """A stage's invoke URL in the host form (an HTTP API's ``$default`` stage has no
    stage segment), as ``cloudlet deploy`` prints it."""
    suffix = "" if stage == "$default" else f"/{stage}"
    return f"http://{api_id}.execute-api.localhost:{port}{suffix}"


def readable(event: bytes | str) -> str:
    """The event as text: JSON pretty-printed, anything else as it is."""
    try:
        return orjson.dumps(orjson.loads(event), option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONDecodeError:
        return event.decode("utf-8", "replace") if isinstance(event, bytes) else event


def shown_body(content: bytes) -> tuple[str, int | None]:
    """``(text, None)`` for a text body, ``("", size)`` for a binary one."""
    try:
        return content.decode("utf-8")[:SHOWN_BODY], None
    except UnicodeDecodeError:
        return "", len(content)


def parse_headers(text: str) -> list[tuple[str, str]]:
    """``Name: value`` lines (blank lines and lines without a colon are skipped)."""
    found: list[tuple[str, str]] = []
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon and name.strip():
            found.append((name.strip(), value.strip()))
    return found


def _edge(state: ServerState) -> EdgeTable:
    table = state.extras.get(_EDGE)
    if not isinstance(table, EdgeTable):
        table = EdgeTable([r for s in state.services.values() for r in s.edge_routes])
        state.extras[_EDGE] = table
    return table


def _split(path: str) -> tuple[str, str]:
    """The raw (percent-encoded) path and the query string of what the viewer typed."""
    path, _, query = path.partition("?")
    if not path.startswith("/"):
        path = "/" + path
    return quote(unquote(path), safe="/:@!$&'()*+,;=-._~"), query


async def send(state: ServerState, api_id: str, stage: str, method: str, path: str,
               headers: list[tuple[str, str]], body: str) -> tuple[Sent, Answer]:
    port = state.config.port
    raw_path, query = _split(path)
    host = f"{api_id}.execute-api.localhost:{port}"
    full_path = raw_path if stage == "$default" else f"/{stage}{raw_path}"
    data = body.encode()
    sent_headers = [("host", host), *((n.lower(), v) for n, v in headers)]
    if data and not any(n == "content-length" for n, _v in sent_headers):
        sent_headers.append(("content-length", str(len(data))))
    joined: dict[str, str] = {}
    for name, value in sent_headers:
        joined[name] = f"{joined[name]},{value}" if name in joined else value
    request = Request(method=method, path=unquote(full_path), raw_path=full_path,
                      query_string=query, headers=joined, body=data, host=host,
                      raw_headers=sent_headers, client=("127.0.0.1", 0))
    url = stage_url(port, api_id, stage) + raw_path + (f"?{query}" if query else "")
    sent = Sent(method, url, sent_headers, body)
    started = time.perf_counter()
    with observing(Observer()) as observer:
        response = await _edge(state).respond(state, request)
    if response is None:
        return sent, Answer(404, body='{"message":"Not Found"}')
    content = response.body
    if response.stream is not None:
        chunks = [content]
        async for chunk in response.stream:
            chunks.append(chunk)
        content = b"".join(chunks)
    elapsed = (time.perf_counter() - started) * 1000
    text, binary = shown_body(content)
    exchange = observer.last
    return sent, Answer(response.status, list(response.headers), text, binary, elapsed,
                        event=readable(exchange.request) if exchange else None)
