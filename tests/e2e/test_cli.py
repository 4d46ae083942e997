"""``cloudlet invoke`` and ``cloudlet logs`` against a running server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import ROLE, python_zip
from tests.server import RunningServer

HANDLER = """
def handler(event, context):
    print("cli handler saw", event)
    if event.get("fail"):
        raise ValueError("cli failure")
    return {"got": event}
"""


def cloudlet(server: RunningServer, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cloudlet", *args, "--endpoint-url", server.url],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"})


@pytest.fixture
def function(lambda_client: Any, unique_name: str) -> Iterator[str]:
    lambda_client.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                                  Handler="app.handler", Code={"ZipFile": python_zip(HANDLER)})
    function_ready(lambda_client, unique_name)
    yield unique_name
    lambda_client.delete_function(FunctionName=unique_name)


def test_invoke_prints_the_result(server: RunningServer, function: str) -> None:
    done = cloudlet(server, "invoke", "-f", function, "-d", '{"a": 1}')
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"got": {"a": 1}}


def test_invoke_with_log_prints_the_log_tail(server: RunningServer, function: str) -> None:
    done = cloudlet(server, "invoke", "-f", function, "-d", '{"b": 2}', "--log")
    assert done.returncode == 0, done.stderr
    assert "cli handler saw {'b': 2}" in done.stderr
    assert "REPORT RequestId" in done.stderr


def test_invoke_reads_the_event_from_a_file(server: RunningServer, function: str, tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text('{"from": "file"}')
    done = cloudlet(server, "invoke", "-f", function, "-p", str(event))
    assert json.loads(done.stdout) == {"got": {"from": "file"}}


def test_invoke_of_a_failing_function_exits_1_with_the_error(server: RunningServer, function: str) -> None:
    done = cloudlet(server, "invoke", "-f", function, "-d", '{"fail": true}')
    assert done.returncode == 1
    assert json.loads(done.stdout)["errorMessage"] == "cli failure"


def test_invoke_event_type_is_accepted(server: RunningServer, function: str) -> None:
    done = cloudlet(server, "invoke", "-f", function, "-d", "{}", "--type", "Event")
    assert done.returncode == 0, done.stderr
    assert "accepted (202)" in done.stderr


def test_invoke_refuses_an_event_that_is_not_json(server: RunningServer, function: str) -> None:
    done = cloudlet(server, "invoke", "-f", function, "-d", "{nope")
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr


def test_invoke_of_a_missing_function_fails_clearly(server: RunningServer) -> None:
    done = cloudlet(server, "invoke", "-f", "no-such-fn")
    assert done.returncode != 0
    assert "Function not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_logs_prints_the_functions_log_lines(server: RunningServer, function: str) -> None:
    cloudlet(server, "invoke", "-f", function, "-d", '{"n": 1}')
    done = cloudlet(server, "logs", "-f", function)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("START RequestId:")
    assert any("cli handler saw {'n': 1}" in line for line in lines)
    assert lines[-1].startswith("REPORT RequestId:")


def test_logs_of_a_function_never_invoked_fails_clearly(server: RunningServer, function: str) -> None:
    done = cloudlet(server, "logs", "-f", function)
    assert done.returncode != 0
    assert f"/aws/lambda/{function}" in done.stderr


def test_logs_tail_follows_new_invocations(server: RunningServer, function: str) -> None:
    follower = subprocess.Popen(
        [sys.executable, "-m", "cloudlet", "logs", "-f", function, "--tail", "--endpoint-url", server.url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.5)
        cloudlet(server, "invoke", "-f", function, "-d", '{"tail": "me"}')
        time.sleep(2.5)
    finally:
        follower.terminate()
        out, _ = follower.communicate(timeout=10)
    assert "cli handler saw {'tail': 'me'}" in out
