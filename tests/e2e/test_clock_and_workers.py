"""The server's clock endpoint and its workers in /_cloudlet/health."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.server import RunningServer


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _post(url: str, body: Any) -> tuple[int, Any]:
    request = urllib.request.Request(url, json.dumps(body).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_health_lists_the_workers(server: RunningServer) -> None:
    workers = server.health()["workers"]
    assert workers["lambda.async"]["state"] == "running"


def test_a_real_clock_cannot_be_moved(server: RunningServer) -> None:
    status, body = _post(server.url + "/_cloudlet/clock", {"advance": 60})
    assert status == 409 and "--clock manual" in body["message"]
    assert _get(server.url + "/_cloudlet/clock")["manual"] is False


def test_a_manual_clock_moves_only_when_told(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data", "--clock", "manual").start()
    try:
        now = running.clock_now()
        assert running.clock_now() == now
        assert running.advance_clock(3600) == pytest.approx(now + 3600)
        assert running.set_clock(now + 7200) == pytest.approx(now + 7200)
        status, error = _post(running.url + "/_cloudlet/clock", {"advance": "soon"})
        assert status == 400 and "advance" in error["message"]
    finally:
        running.stop()
