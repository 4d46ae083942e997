"""Compiler behaviour the golden services do not cover: failures named, step functions,
individual packages, layers, an existing deployment bucket and role, speed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from cloudlet.templates.serverless import Compiled, ServerlessError, compile, load

HEAD = """\
service: unit
provider:
  name: aws
  runtime: python3.12
"""


def build(tmp_path: Path, body: str, **files: str) -> Compiled:
    (tmp_path / "serverless.yml").write_text(HEAD + body)
    (tmp_path / "h.py").write_text("def handler(e, c):\n    return e\n")
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return compile(load(tmp_path), output_dir=tmp_path / ".serverless", timestamp_ms=1000,
                   install_dependencies=False)


def resources(compiled: Compiled) -> dict[str, Any]:
    found: dict[str, Any] = compiled.update_template["Resources"]
    return found


@pytest.mark.parametrize(("event", "named"), [
    ("websocket: $connect", "not supported: websocket events"),
    ("alb: {listenerArn: x, priority: 1, conditions: {path: /}}", "not supported: alb events"),
    ("cognitoUserPool: {pool: p, trigger: PreSignUp}", "not supported: cognitoUserPool events"),
    ("iot: {sql: x}", "not supported: iot events"),
])
def test_unsupported_events_fail_by_name(tmp_path: Path, event: str, named: str) -> None:
    with pytest.raises(ServerlessError) as err:
        build(tmp_path, f"functions:\n  f:\n    handler: h.handler\n    events:\n      - {event}\n")
    assert named in str(err.value)
    assert '"f"' in str(err.value)


@pytest.mark.parametrize(("setting", "named"), [
    ("    provisionedConcurrency: 2\n", "not supported: provisioned concurrency"),
    ("    image: repo/image:1\n", 'not supported: container image functions ("f")'),
])
def test_unsupported_function_settings_fail_by_name(tmp_path: Path, setting: str,
                                                    named: str) -> None:
    body = "functions:\n  f:\n    handler: h.handler\n" + setting
    if "image" in setting:
        body = body.replace("    handler: h.handler\n", "")
    with pytest.raises(ServerlessError) as err:
        build(tmp_path, body)
    assert named in str(err.value)


def test_function_urls_compile_as_the_framework_does(tmp_path: Path) -> None:
    """``url: true``: the Url, its output and the two permissions for NONE; ``cors: true``
    the framework's defaults; ``authorizer: aws_iam``: AWS_IAM and no permissions."""
    compiled = build(tmp_path, """\
functions:
  open-fn:
    handler: h.handler
    url:
      cors:
        allowedOrigins: [https://a.example]
        allowedHeaders: null
        maxAge: 60
  iam:
    handler: h.handler
    url: {authorizer: aws_iam}
""")
    resources = compiled.update_template["Resources"]
    url = resources["OpenDashfnLambdaFunctionUrl"]
    assert url == {"Type": "AWS::Lambda::Url", "Properties": {
        "AuthType": "NONE",
        "TargetFunctionArn": {"Fn::GetAtt": ["OpenDashfnLambdaFunction", "Arn"]},
        "Cors": {"AllowMethods": ["*"], "AllowOrigins": ["https://a.example"], "MaxAge": 60}}}
    assert resources["OpenDashfnLambdaPermissionFnUrl"]["Properties"] == {
        "FunctionName": {"Fn::GetAtt": ["OpenDashfnLambdaFunction", "Arn"]},
        "Action": "lambda:InvokeFunctionUrl", "Principal": "*", "FunctionUrlAuthType": "NONE"}
    assert resources["OpenDashfnLambdaPermissionFnUrlInvokeFunction"]["Properties"][
        "InvokedViaFunctionUrl"] is True
    output = compiled.update_template["Outputs"]["OpenDashfnLambdaFunctionUrl"]
    assert (output["Description"], output["Value"]) == (
        "Lambda Function URL", {"Fn::GetAtt": ["OpenDashfnLambdaFunctionUrl", "FunctionUrl"]})
    assert resources["IamLambdaFunctionUrl"]["Properties"]["AuthType"] == "AWS_IAM"
    assert "IamLambdaPermissionFnUrl" not in resources


def test_step_functions_without_a_name(tmp_path: Path) -> None:
    """(A named machine is in the golden files.) Unnamed: ``{Key}StepFunctionsStateMachine``;
    pseudo parameters written ``#{AWS::Region}`` become a plain Fn::Sub."""
    compiled = build(tmp_path, """\
plugins: [serverless-step-functions]
functions:
  check:
    handler: h.handler
stepFunctions:
  stateMachines:
    pipeline:
      definition:
        StartAt: Wait
        States:
          Wait: {Type: Pass, Result: '#{AWS::Region}', End: true}
""")
    machine = resources(compiled)["PipelineStepFunctionsStateMachine"]
    assert machine["Type"] == "AWS::StepFunctions::StateMachine"
    assert '"Result": "${AWS::Region}"' in machine["Properties"]["DefinitionString"]["Fn::Sub"]
    assert machine["Properties"]["RoleArn"] == {
        "Fn::GetAtt": ["PipelineStepFunctionsStateMachineRole", "Arn"]}
    assert "PipelineStepFunctionsStateMachineArn" in compiled.update_template["Outputs"]


def test_individual_packages_and_function_patterns(tmp_path: Path) -> None:
    compiled = build(tmp_path, """\
package:
  individually: true
  patterns: ['!**', 'h.py']
functions:
  one:
    handler: h.handler
  two:
    handler: other/h2.handler
    package:
      patterns: ['other/**']
""", **{"other/h2.py": "def handler(e, c):\n    return 2\n"})
    keys = {k: f.artifact.key for k, f in compiled.functions.items()}
    assert keys["one"].endswith("/one.zip") and keys["two"].endswith("/two.zip")
    assert len(compiled.artifacts) == 2
    s3_keys = {k: resources(compiled)[f"{k.title()}LambdaFunction"]["Properties"]["Code"]
               ["S3Key"] for k in ("one", "two")}
    assert s3_keys == keys
    assert keys["one"].startswith("serverless/unit/dev/1000-1970-01-01T00:00:01.000Z/")


def test_layers_are_layer_versions(tmp_path: Path) -> None:
    compiled = build(tmp_path, """\
layers:
  shared:
    path: layer
    compatibleRuntimes: [python3.12]
functions:
  f:
    handler: h.handler
    layers: [!Ref SharedLambdaLayer]
""", **{"layer/python/shared.py": "X = 1\n"})
    layer = resources(compiled)["SharedLambdaLayer"]
    assert layer["Type"] == "AWS::Lambda::LayerVersion"
    assert layer["Properties"]["LayerName"] == "shared"
    assert layer["Properties"]["Content"]["S3Key"].endswith("/shared.zip")
    service_zip = next(a for a in compiled.artifacts if a.path.name == "unit.zip")
    import zipfile
    assert "layer/python/shared.py" not in zipfile.ZipFile(service_zip.path).namelist()
    assert resources(compiled)["FLambdaFunction"]["Properties"]["Layers"] == [
        {"Ref": "SharedLambdaLayer"}]
    assert "SharedLambdaLayerQualifiedArn" in compiled.update_template["Outputs"]


def test_existing_bucket_and_role(tmp_path: Path) -> None:
    compiled = build(tmp_path, """\
  deploymentBucket: my-artifacts
  iam:
    role: arn:aws:iam::123456789012:role/given
functions:
  f:
    handler: h.handler
""")
    assert "ServerlessDeploymentBucket" not in resources(compiled)
    assert "IamRoleLambdaExecution" not in resources(compiled)
    props = resources(compiled)["FLambdaFunction"]["Properties"]
    assert props["Code"]["S3Bucket"] == "my-artifacts"
    assert props["Role"] == "arn:aws:iam::123456789012:role/given"
    assert compiled.deployment_bucket == "my-artifacts"
    assert compiled.create_template["Resources"] == {}


def test_resources_deep_merge_over_compiled(tmp_path: Path) -> None:
    compiled = build(tmp_path, """\
functions:
  f:
    handler: h.handler
    timeout: 3
resources:
  Resources:
    FLambdaFunction:
      Properties:
        Timeout: 9
  Outputs:
    Fn:
      Value: !Ref FLambdaFunction
""")
    props = resources(compiled)["FLambdaFunction"]["Properties"]
    assert props["Timeout"] == 9 and props["Handler"] == "h.handler"
    assert compiled.update_template["Outputs"]["Fn"] == {"Value": {"Ref": "FLambdaFunction"}}


def test_mafia_compiles_fast(tmp_path: Path) -> None:
    """Load + package + compile of the Mafia example, best of three (a loaded CI box)."""
    directory = Path(__file__).parents[3] / "examples" / "mafia"
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        compile(load(directory), output_dir=tmp_path, install_dependencies=False)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1


def test_a_given_artifact_is_used_as_is(tmp_path: Path) -> None:
    import zipfile
    with zipfile.ZipFile(tmp_path / "prebuilt.zip", "w") as archive:
        archive.writestr("h.py", "def handler(e, c):\n    return 1\n")
    compiled = build(tmp_path, """\
package:
  artifact: prebuilt.zip
functions:
  f:
    handler: h.handler
""")
    assert [a.path.name for a in compiled.artifacts] == ["prebuilt.zip"]
    assert compiled.functions["f"].artifact.key.endswith("/prebuilt.zip")


def test_an_existing_rest_api_gets_the_resources(tmp_path: Path) -> None:
    compiled = build(tmp_path, """\
  apiGateway:
    restApiId: abc123
    restApiRootResourceId: root42
functions:
  f:
    handler: h.handler
    events:
      - http: GET items
""")
    made = resources(compiled)
    assert "ApiGatewayRestApi" not in made
    assert made["ApiGatewayResourceItems"]["Properties"] == {
        "ParentId": "root42", "PathPart": "items", "RestApiId": "abc123"}
    assert made["ApiGatewayMethodItemsGet"]["Properties"]["RestApiId"] == "abc123"
    assert "ServiceEndpoint" not in compiled.update_template["Outputs"]


def test_an_output_folder_inside_the_service_is_not_packaged(tmp_path: Path) -> None:
    import zipfile
    (tmp_path / "serverless.yml").write_text(HEAD + "functions:\n  f:\n    handler: h.handler\n")
    (tmp_path / "h.py").write_text("")
    for _ in range(2):
        compiled = compile(load(tmp_path), output_dir=tmp_path / "dist",
                           install_dependencies=False)
    assert zipfile.ZipFile(compiled.artifacts[0].path).namelist() == ["h.py"]
