"""Function definitions, versions, settings and code survive a server restart."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, invoke_json, python_zip
from tests.server import RunningServer

V1 = "def handler(event, context):\n    return 'v1'\n"
V2 = "def handler(event, context):\n    return 'v2'\n"


def test_restart_keeps_functions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        client = make_client(first, "lambda")
        client.create_function(FunctionName="keep", Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip(V1)},
                               Environment={"Variables": {"COLOR": "red"}}, Tags={"a": "b"})
        client.publish_version(FunctionName="keep")
        client.update_function_code(FunctionName="keep", ZipFile=python_zip(V2))
        client.put_function_concurrency(FunctionName="keep", ReservedConcurrentExecutions=5)
        client.put_function_event_invoke_config(FunctionName="keep", MaximumRetryAttempts=1)
        before = client.get_function(FunctionName="keep")
    finally:
        assert first.stop() == 0
    second = RunningServer(data).start()
    try:
        client = make_client(second, "lambda")
        after = client.get_function(FunctionName="keep")
        assert after["Configuration"] == before["Configuration"]
        assert after["Tags"] == {"a": "b"}
        assert after["Concurrency"] == {"ReservedConcurrentExecutions": 5}
        assert [v["Version"] for v in client.list_versions_by_function(FunctionName="keep")["Versions"]] == [
            "$LATEST", "1"]
        assert client.get_function_event_invoke_config(FunctionName="keep")["MaximumRetryAttempts"] == 1
        assert invoke_json(client, "keep")[0] == "v2"
        assert invoke_json(client, "keep", Qualifier="1")[0] == "v1"
        logs = make_client(second, "logs")
        assert logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/keep")["logGroups"]
    finally:
        second.stop()
