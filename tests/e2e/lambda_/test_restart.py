"""Function definitions, versions, aliases, layers, settings and code survive a server
restart."""

from __future__ import annotations

from pathlib import Path

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, invoke_json, make_zip, python_zip
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
        function_ready(client, "keep")
        client.publish_version(FunctionName="keep")
        client.update_function_code(FunctionName="keep", ZipFile=python_zip(V2))
        function_ready(client, "keep")
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


def test_restart_keeps_aliases_and_layers(tmp_path: Path) -> None:
    """Aliases (with their routing) and layer versions (with their content) survive a
    restart; a function using a layer still imports from it."""
    data = tmp_path / "data"
    layer_zip = make_zip({"python/shared.py": "WORD = 'from the layer'\n"})
    uses_layer = "import shared\n\ndef handler(event, context):\n    return shared.WORD\n"
    first = RunningServer(data).start()
    try:
        client = make_client(first, "lambda")
        layer = client.publish_layer_version(LayerName="lib", Content={"ZipFile": layer_zip},
                                             CompatibleRuntimes=["python3.12"])
        client.create_function(FunctionName="aliased", Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip(V1)}, Publish=True)
        function_ready(client, "aliased")
        client.update_function_code(FunctionName="aliased", ZipFile=python_zip(V2), Publish=True)
        function_ready(client, "aliased")
        alias = client.create_alias(FunctionName="aliased", Name="live", FunctionVersion="1",
                                    RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
        client.create_function(FunctionName="layered", Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip(uses_layer)},
                               Layers=[layer["LayerVersionArn"]])
        function_ready(client, "layered")
    finally:
        assert first.stop() == 0
    second = RunningServer(data).start()
    try:
        client = make_client(second, "lambda")
        after = client.get_alias(FunctionName="aliased", Name="live")
        after.pop("ResponseMetadata")
        alias.pop("ResponseMetadata")
        assert after == alias
        assert invoke_json(client, "aliased", Qualifier="live")[0] in ("v1", "v2")
        got = client.get_layer_version(LayerName="lib", VersionNumber=1)
        assert got["LayerVersionArn"] == layer["LayerVersionArn"]
        assert got["CompatibleRuntimes"] == ["python3.12"]
        assert invoke_json(client, "layered")[0] == "from the layer"
        assert client.publish_layer_version(LayerName="lib", Content={"ZipFile": layer_zip})["Version"] == 2
    finally:
        second.stop()
