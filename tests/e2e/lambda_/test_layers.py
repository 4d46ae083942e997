"""Layers: PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions,
DeleteLayerVersion; functions using layers.
https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
"""

from __future__ import annotations

import contextlib
import io
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.testing import function_ready
from tests.e2e.lambda_.conftest import CreateFn, error_of, invoke_json, make_zip

LAYER_ARN = "arn:aws:lambda:us-east-1:000000000000:layer:"

PY_LAYER = {
    "python/greeting.py": "def hello(who):\n    return f'hello {who} from a layer'\n",
    "data/config.txt": "from /opt",
}
USES_LAYER = """
    import greeting

    def handler(event, context):
        with open("/opt/data/config.txt") as f:
            return {"greeting": greeting.hello("you"), "config": f.read(), "module": greeting.__file__}
"""

Publish = Callable[..., dict[str, Any]]


@pytest.fixture
def publish_layer(lambda_client: Any, unique_name: str) -> Iterator[Publish]:
    """Publish layer versions (named after the test by default); delete them afterwards."""
    published: list[tuple[str, int]] = []

    def publish(files: dict[str, str] | None = None, *, name: str | None = None,
                **kwargs: Any) -> dict[str, Any]:
        layer = name or f"{unique_name}-layer"
        resp: dict[str, Any] = lambda_client.publish_layer_version(
            LayerName=layer, Content={"ZipFile": make_zip(files or PY_LAYER)}, **kwargs)
        published.append((layer, resp["Version"]))
        return resp

    yield publish
    for layer, version in published:
        with contextlib.suppress(ClientError):
            lambda_client.delete_layer_version(LayerName=layer, VersionNumber=version)


def test_publish_layer_version(publish_layer: Publish, unique_name: str) -> None:
    """PublishLayerVersion answers 201 with the layer's and the version's ARNs, the
    content's hash and size, and what was declared."""
    resp = publish_layer(Description="greetings", CompatibleRuntimes=["python3.12", "python3.13"],
                         CompatibleArchitectures=["x86_64"], LicenseInfo="MIT")
    layer = f"{unique_name}-layer"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert resp["LayerArn"] == f"{LAYER_ARN}{layer}"
    assert resp["LayerVersionArn"] == f"{LAYER_ARN}{layer}:1"
    assert resp["Version"] == 1
    assert resp["Description"] == "greetings"
    assert resp["CompatibleRuntimes"] == ["python3.12", "python3.13"]
    assert resp["CompatibleArchitectures"] == ["x86_64"]
    assert resp["LicenseInfo"] == "MIT"
    assert resp["Content"]["CodeSize"] == len(make_zip(PY_LAYER))
    assert resp["Content"]["CodeSha256"]
    assert resp["CreatedDate"].endswith("+0000")
    assert publish_layer()["Version"] == 2


def test_get_layer_version_and_download_its_content(lambda_client: Any, publish_layer: Publish) -> None:
    """GetLayerVersion's Content.Location answers the .zip that was published."""
    published = publish_layer(Description="d")
    got = lambda_client.get_layer_version(LayerName=published["LayerArn"], VersionNumber=1)
    assert got["LayerVersionArn"] == published["LayerVersionArn"]
    assert got["Content"]["CodeSha256"] == published["Content"]["CodeSha256"]
    with urllib.request.urlopen(got["Content"]["Location"]) as download:
        data = download.read()
    assert data == make_zip(PY_LAYER)
    assert "python/greeting.py" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    by_arn = lambda_client.get_layer_version_by_arn(Arn=published["LayerVersionArn"])
    assert by_arn["Version"] == 1 and by_arn["Description"] == "d"


def test_get_missing_layer_version(lambda_client: Any, publish_layer: Publish, unique_name: str) -> None:
    publish_layer()
    for call, kwargs in (
        (lambda_client.get_layer_version, {"LayerName": f"{unique_name}-layer", "VersionNumber": 9}),
        (lambda_client.get_layer_version, {"LayerName": f"{unique_name}-none", "VersionNumber": 1}),
        (lambda_client.get_layer_version_by_arn, {"Arn": f"{LAYER_ARN}{unique_name}-layer:9"}),
    ):
        code, status, message = error_of(call, **kwargs)
        assert (code, status) == ("ResourceNotFoundException", 404)
        assert message == "The resource you requested does not exist."


def test_list_layer_versions_newest_first(lambda_client: Any, publish_layer: Publish,
                                          unique_name: str) -> None:
    """https://docs.aws.amazon.com/lambda/latest/api/API_ListLayerVersions.html"""
    publish_layer(CompatibleRuntimes=["python3.12"])
    publish_layer(CompatibleRuntimes=["nodejs20.x"])
    publish_layer(CompatibleRuntimes=["python3.12"])
    layer = f"{unique_name}-layer"
    versions = lambda_client.list_layer_versions(LayerName=layer)["LayerVersions"]
    assert [v["Version"] for v in versions] == [3, 2, 1]
    assert versions[0]["LayerVersionArn"] == f"{LAYER_ARN}{layer}:3"
    python = lambda_client.list_layer_versions(LayerName=layer, CompatibleRuntime="python3.12")
    assert [v["Version"] for v in python["LayerVersions"]] == [3, 1]
    page = lambda_client.list_layer_versions(LayerName=layer, MaxItems=2)
    assert [v["Version"] for v in page["LayerVersions"]] == [3, 2]
    rest = lambda_client.list_layer_versions(LayerName=layer, Marker=page["NextMarker"])
    assert [v["Version"] for v in rest["LayerVersions"]] == [1]
    assert lambda_client.list_layer_versions(LayerName=f"{unique_name}-none")["LayerVersions"] == []


def test_list_layers_shows_the_latest_matching_version(lambda_client: Any, publish_layer: Publish,
                                                       unique_name: str) -> None:
    """https://docs.aws.amazon.com/lambda/latest/api/API_ListLayers.html"""
    publish_layer(CompatibleRuntimes=["python3.12"])
    publish_layer(CompatibleRuntimes=["nodejs20.x"])
    layer = f"{unique_name}-layer"

    def listed(**kwargs: Any) -> dict[str, Any]:
        pages = lambda_client.get_paginator("list_layers").paginate(**kwargs)
        return {item["LayerName"]: item for page in pages for item in page["Layers"]}

    item = listed()[layer]
    assert item["LayerArn"] == f"{LAYER_ARN}{layer}"
    assert item["LatestMatchingVersion"]["Version"] == 2
    assert listed(CompatibleRuntime="python3.12")[layer]["LatestMatchingVersion"]["Version"] == 1
    assert layer not in listed(CompatibleRuntime="java21")


def test_delete_layer_version(lambda_client: Any, publish_layer: Publish, unique_name: str) -> None:
    """DeleteLayerVersion answers 204 (also for a version that is gone); the number is
    not reused."""
    publish_layer()
    layer = f"{unique_name}-layer"
    resp = lambda_client.delete_layer_version(LayerName=layer, VersionNumber=1)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
    lambda_client.delete_layer_version(LayerName=layer, VersionNumber=1)
    assert error_of(lambda_client.get_layer_version, LayerName=layer, VersionNumber=1)[0] == (
        "ResourceNotFoundException")
    assert lambda_client.list_layer_versions(LayerName=layer)["LayerVersions"] == []
    assert publish_layer()["Version"] == 2


def test_handler_imports_from_a_layer_and_reads_opt(lambda_client: Any, create_function: CreateFn,
                                                    publish_layer: Publish) -> None:
    """A layer's python/ folder is on sys.path and its content is under /opt.
    https://docs.aws.amazon.com/lambda/latest/dg/packaging-layers.html#packaging-layers-paths"""
    layer = publish_layer()
    name = create_function(USES_LAYER, Layers=[layer["LayerVersionArn"]])
    config = lambda_client.get_function_configuration(FunctionName=name)
    assert config["Layers"] == [{"Arn": layer["LayerVersionArn"],
                                 "CodeSize": layer["Content"]["CodeSize"]}]
    body, resp = invoke_json(lambda_client, name)
    assert "FunctionError" not in resp, body
    assert body["greeting"] == "hello you from a layer"
    assert body["config"] == "from /opt"
    assert body["module"] == "/opt/python/greeting.py"


def test_later_layers_win_and_all_are_merged(lambda_client: Any, create_function: CreateFn,
                                             publish_layer: Publish, unique_name: str) -> None:
    """Layers are extracted in order: a file of a later layer hides the same file of an
    earlier one; the other files of both are there."""
    first = publish_layer({"python/a.py": "WHO = 'first'\n", "python/only_first.py": "X = 1\n"},
                          name=f"{unique_name}-one")
    second = publish_layer({"python/a.py": "WHO = 'second'\n"}, name=f"{unique_name}-two")
    source = "import a, only_first\n\ndef handler(event, context):\n    return [a.WHO, only_first.X]\n"
    name = create_function(source, Layers=[first["LayerVersionArn"], second["LayerVersionArn"]])
    body, resp = invoke_json(lambda_client, name)
    assert "FunctionError" not in resp, body
    assert body in (["second", 1], ["first", 1])  # merged at /opt, or real paths in order
    if body == ["first", 1]:
        pytest.skip("layers at their real paths on this host (no overlayfs)")


def test_node_handler_requires_from_a_layer(lambda_client: Any, create_function: CreateFn,
                                            publish_layer: Publish) -> None:
    layer = publish_layer({"nodejs/node_modules/shout/index.js":
                           "module.exports = (s) => s.toUpperCase() + '!';\n"})
    name = create_function(
        Runtime="nodejs20.x", Handler="index.handler", Layers=[layer["LayerVersionArn"]],
        zip_bytes=make_zip({"index.js": "const shout = require('shout');\n"
                                        "exports.handler = async () => shout('hi');\n"}))
    body, resp = invoke_json(lambda_client, name)
    assert "FunctionError" not in resp, body
    assert body == "HI!"


def test_update_configuration_changes_layers(lambda_client: Any, create_function: CreateFn,
                                             publish_layer: Publish) -> None:
    """UpdateFunctionConfiguration's Layers replaces the list; an empty list removes them."""
    name = create_function(USES_LAYER)
    body, resp = invoke_json(lambda_client, name)
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ImportModuleError"
    layer = publish_layer()
    config = lambda_client.update_function_configuration(FunctionName=name,
                                                         Layers=[layer["LayerVersionArn"]])
    function_ready(lambda_client, name)
    assert [x["Arn"] for x in config["Layers"]] == [layer["LayerVersionArn"]]
    assert invoke_json(lambda_client, name)[0]["config"] == "from /opt"
    config = lambda_client.update_function_configuration(FunctionName=name, Layers=[])
    function_ready(lambda_client, name)
    assert "Layers" not in config


def test_a_function_keeps_a_deleted_layer_version(lambda_client: Any, create_function: CreateFn,
                                                  publish_layer: Publish) -> None:
    """Deleting a layer version does not break the functions that use it; it can no
    longer be attached."""
    layer = publish_layer()
    name = create_function(USES_LAYER, Layers=[layer["LayerVersionArn"]])
    lambda_client.delete_layer_version(LayerName=layer["LayerArn"], VersionNumber=1)
    lambda_client.update_function_configuration(FunctionName=name, Timeout=5)
    function_ready(lambda_client, name)
    assert invoke_json(lambda_client, name)[0]["config"] == "from /opt"
    code, _, message = error_of(create_function, source=USES_LAYER, Layers=[layer["LayerVersionArn"]])
    assert code == "InvalidParameterValueException"
    assert message == f"Layer version {layer['LayerVersionArn']} does not exist."


def test_layers_must_exist(create_function: CreateFn, unique_name: str) -> None:
    """https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors"""
    missing = f"{LAYER_ARN}{unique_name}-none:1"
    code, status, message = error_of(create_function, Layers=[missing])
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message == f"Layer version {missing} does not exist."


def test_at_most_five_layers(create_function: CreateFn, publish_layer: Publish, unique_name: str) -> None:
    arns = [publish_layer(name=f"{unique_name}-{i}")["LayerVersionArn"] for i in range(6)]
    code, _, message = error_of(create_function, Layers=arns)
    assert (code, message) == ("InvalidParameterValueException", "Cannot reference more than 5 layers.")


def test_one_version_per_layer(create_function: CreateFn, publish_layer: Publish) -> None:
    one, two = publish_layer()["LayerVersionArn"], publish_layer()["LayerVersionArn"]
    code, _, message = error_of(create_function, Layers=[one, two])
    assert code == "InvalidParameterValueException"
    assert message == ("Two different versions of the same layer are not allowed to be referenced "
                       f"in the same function. {one} and {two} are versions of the same layer.")


def test_layers_of_another_region(create_function: CreateFn, publish_layer: Publish) -> None:
    arn = publish_layer()["LayerVersionArn"].replace("us-east-1", "eu-west-1")
    code, _, message = error_of(create_function, Layers=[arn])
    assert code == "InvalidParameterValueException"
    assert message == ("Layers are not in the same region as the function. "
                       "Layers are expected to be in region us-east-1.")


def test_a_layer_version_arn_is_required(create_function: CreateFn, publish_layer: Publish) -> None:
    """An unversioned layer ARN does not match the model's pattern for Layers."""
    code, status, _ = error_of(create_function, Layers=[publish_layer()["LayerArn"]])
    assert (code, status) == ("ValidationException", 400)
