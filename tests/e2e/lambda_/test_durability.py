"""Killing the server with SIGKILL loses no acknowledged write: function definitions,
code updates and accepted Event invocations are on disk before the answer is sent, and
no execution environment outlives the server."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

from cloudlet.testing import descendants, function_ready, is_alive, start_time
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, invoke_json, python_zip, recorder, records, wait_for
from tests.server import RunningServer

V1 = "def handler(event, context):\n    return 'v1'\n"
V2 = "def handler(event, context):\n    return 'v2'\n"


def test_functions_and_code_survive_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    client = make_client(first, "lambda")
    client.create_function(FunctionName="kept", Runtime="python3.12", Role=ROLE,
                           Handler="app.handler", Code={"ZipFile": python_zip(V1)})
    function_ready(client, "kept")
    client.update_function_code(FunctionName="kept", ZipFile=python_zip(V2))
    function_ready(client, "kept")
    client.update_function_configuration(FunctionName="kept", Timeout=7)
    function_ready(client, "kept")
    assert invoke_json(client, "kept")[0] == "v2"
    assert first.proc is not None
    spawned = {pid: start_time(pid) for pid in descendants(first.proc.pid)}

    first.stop(signal.SIGKILL)

    deadline = time.monotonic() + 30  # generous: the machine may be loaded
    while time.monotonic() < deadline and any(is_alive(p, t) for p, t in spawned.items()):
        time.sleep(0.05)
    assert [p for p, t in spawned.items() if is_alive(p, t)] == []
    second = RunningServer(data).start()
    try:
        client = make_client(second, "lambda")
        assert client.get_function_configuration(FunctionName="kept")["Timeout"] == 7
        assert invoke_json(client, "kept")[0] == "v2"
    finally:
        second.stop()


def test_an_accepted_event_runs_after_sigkill(tmp_path: Path, shared_dir: Path,
                                              unique_name: str) -> None:
    data = tmp_path / "data"
    out = shared_dir / "out.jsonl"
    first = RunningServer(data).start()
    client = make_client(first, "lambda")
    recorder(client, unique_name, out)
    accepted = client.invoke(FunctionName=unique_name, InvocationType="Event",
                             Payload=json.dumps({"sleep": 5, "n": 1}).encode())
    assert accepted["StatusCode"] == 202
    wait_for(lambda: len(records(out)) == 1)

    first.stop(signal.SIGKILL)

    second = RunningServer(data).start()
    try:
        wait_for(lambda: len(records(out)) == 2)
        assert records(out)[1]["event"] == {"sleep": 5, "n": 1}
    finally:
        second.stop()
