"""The edge routing table: host patterns, path prefixes, priorities, failures as 500s."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson

from cloudlet.config import Config
from cloudlet.server.edge import EdgeRoute, EdgeTable
from cloudlet.server.http import Request, Response
from cloudlet.server.state import ServerState


def request(path: str, host: str = "localhost:4566") -> Request:
    return Request("GET", path, path, "", {"host": host}, b"", host)


def answer(name: str):  # type: ignore[no-untyped-def]
    async def handler(state: ServerState, req: Request, params: dict[str, str]) -> Response:
        return Response(200, orjson.dumps({"by": name, **params}))
    return handler


def respond(table: EdgeTable, req: Request, tmp_path: Path) -> Response | None:
    state = ServerState(Config(data_dir=tmp_path), {})
    return asyncio.run(table.respond(state, req))


def test_a_host_pattern_captures_labels_and_ignores_the_port(tmp_path: Path) -> None:
    table = EdgeTable([EdgeRoute(answer("host"), host="{api_id}.execute-api.localhost")])

    found = respond(table, request("/dev/pets", "ab12cd34ef.execute-api.localhost:4566"), tmp_path)

    assert found is not None
    assert orjson.loads(found.body) == {"by": "host", "api_id": "ab12cd34ef", "path": "/dev/pets"}
    assert respond(table, request("/dev/pets"), tmp_path) is None


def test_a_prefix_matches_whole_segments_only(tmp_path: Path) -> None:
    table = EdgeTable([EdgeRoute(answer("prefix"), prefix="/restapis/{api_id}/{stage}/_user_request_")])

    found = respond(table, request("/restapis/abc/dev/_user_request_/x/y"), tmp_path)

    assert found is not None
    assert orjson.loads(found.body)["path"] == "/x/y"
    assert orjson.loads(found.body)["stage"] == "dev"
    assert respond(table, request("/restapis/abc/dev/_user_request_x"), tmp_path) is None


def test_higher_priority_wins_then_hosts_then_longer_prefixes(tmp_path: Path) -> None:
    table = EdgeTable([
        EdgeRoute(answer("short"), prefix="/_cloudlet"),
        EdgeRoute(answer("long"), prefix="/_cloudlet/console"),
        EdgeRoute(answer("urgent"), prefix="/_cloudlet/console/x", priority=5),
    ])

    def by(path: str) -> str:
        found = respond(table, request(path), tmp_path)
        assert found is not None
        return str(orjson.loads(found.body)["by"])

    assert by("/_cloudlet/console/page") == "long"
    assert by("/_cloudlet/other") == "short"
    assert by("/_cloudlet/console/x/1") == "urgent"


def test_a_failing_handler_answers_500_with_a_request_id(tmp_path: Path) -> None:
    async def broken(state: ServerState, req: Request, params: dict[str, str]) -> Response:
        raise RuntimeError("boom")

    found = respond(EdgeTable([EdgeRoute(broken, prefix="/x")]), request("/x"), tmp_path)

    assert found is not None and found.status == 500
    body = orjson.loads(found.body)
    assert body["message"] == "Internal server error" and body["requestId"]
