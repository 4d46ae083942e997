"""The server itself: health, routing of unknown requests, clean shutdown."""

from __future__ import annotations

import json
import signal
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.server import RunningServer


def test_health_answers_with_version_services_and_uptime(server: RunningServer) -> None:
    with urllib.request.urlopen(server.url + "/_cloudlet/health") as response:
        assert response.status == 200
        body = json.loads(response.read())
    assert body["version"]
    assert body["uptime_s"] >= 0
    assert isinstance(body["services"], list)


def test_unknown_path_is_404_with_json_message(server: RunningServer) -> None:
    """A request no API or route takes (an unsigned GET of any path is S3's path-style
    addressing, as on AWS; no service takes PATCH there)."""
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(urllib.request.Request(server.url + "/no/such/thing", method="PATCH"))
    with err.value as response:
        assert response.code == 404
        assert "no AWS API" in json.loads(response.read())["message"]


def test_sigterm_stops_the_server_cleanly(tmp_path: Path) -> None:
    running = RunningServer(tmp_path / "data").start()
    assert running.stop(signal.SIGTERM) == 0
    assert "listening on" in running.output()


def test_unknown_target_prefix_is_not_routed(server: RunningServer) -> None:
    request = urllib.request.Request(
        server.url + "/", data=b"{}", method="POST",
        headers={"X-Amz-Target": "NoSuchService_2020.DoThing",
                 "Content-Type": "application/x-amz-json-1.0"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request)
    with err.value as response:
        assert response.code == 404


def test_health_reports_the_lambda_runtime(server: RunningServer) -> None:
    with urllib.request.urlopen(server.url + "/_cloudlet/health") as response:
        body = json.loads(response.read())
    assert body["lambda"]["isolation"]
    assert set(body["lambda"]["environments"]) == {"warm", "busy", "spare"}
