"""SAM ``DeploymentPreference``: CodeDeploy's gradual shift becomes an all-at-once alias
update (the transform's output, then a stack deployed and updated through it)."""

from __future__ import annotations

import json
from typing import Any

from cloudlet.templates.sam import transform
from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

CODE = """
def handler(event, context):
    return {"answer": "%s"}
"""


def _template(answer: str) -> dict[str, Any]:
    return {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {
            "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "index.handler",
                "InlineCode": CODE % answer, "AutoPublishAlias": "live",
                "DeploymentPreference": {"Type": "Linear10PercentEvery1Minute",
                                         "Hooks": {"PreTraffic": {"Ref": "Hook"}}}}},
            "Hook": {"Type": "AWS::Serverless::Function", "Properties": {
                "Runtime": "python3.12", "Handler": "index.handler",
                "InlineCode": CODE % "hook"}}},
        "Outputs": {"Alias": {"Value": {"Ref": "FnAliaslive"}}},
    }


def test_transform_leaves_no_codedeploy_resources_or_update_policy() -> None:
    out = transform(_template("one"), {}, account="123456789012", region="us-east-1")
    resources = out["Resources"]
    assert not [r for r in resources.values() if r["Type"].startswith("AWS::CodeDeploy::")]
    alias = resources["FnAliaslive"]
    assert alias["Type"] == "AWS::Lambda::Alias" and "UpdatePolicy" not in alias
    assert "CodeDeployLambdaAliasUpdate" not in json.dumps(out)
    assert "ServerlessDeploymentApplication" not in json.dumps(out)


def _invoke(server: RunningServer, alias_arn: str) -> Any:
    out = make_client(server, "lambda").invoke(FunctionName=alias_arn)
    return json.loads(out["Payload"].read())


def test_alias_moves_to_the_new_version_at_once(server: RunningServer) -> None:
    stack = deploy(server, _template("one"))
    alias_arn = stack.outputs["Alias"]
    assert _invoke(server, alias_arn) == {"answer": "one"}
    stack = deploy(server, _template("two"), name=stack.name, update=True)
    lam = make_client(server, "lambda")
    alias = lam.get_alias(FunctionName=stack.physical("Fn"), Name="live")
    assert alias["FunctionVersion"] == "2"
    assert "RoutingConfig" not in alias or not alias["RoutingConfig"].get(
        "AdditionalVersionWeights")
    assert _invoke(server, alias_arn) == {"answer": "two"}
    remove(server, stack.name)
