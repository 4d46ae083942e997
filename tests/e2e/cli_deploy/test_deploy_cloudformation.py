"""``cloudlet deploy`` of a plain CloudFormation template with local code (packaged as
``aws cloudformation package`` does), and the commands around it: info, deploy function,
invoke by logical id, remove; a failed deploy names the resource and exits 1."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import endpoint, get, run_cli, write_project
from tests.server import RunningServer, free_port

API_TEMPLATE = """
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Greeting:
        Type: String
        Default: hello
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: python3.12
          Handler: app.handler
          Role: arn:aws:iam::000000000000:role/cli
          Code: src
          Environment:
            Variables:
              GREETING: !Ref Greeting
      Api:
        Type: AWS::ApiGateway::RestApi
        Properties:
          Name: !Sub "${AWS::StackName}-api"
      Hello:
        Type: AWS::ApiGateway::Resource
        Properties:
          RestApiId: !Ref Api
          ParentId: !GetAtt Api.RootResourceId
          PathPart: hello
      Get:
        Type: AWS::ApiGateway::Method
        Properties:
          RestApiId: !Ref Api
          ResourceId: !Ref Hello
          HttpMethod: GET
          AuthorizationType: NONE
          Integration:
            Type: AWS_PROXY
            IntegrationHttpMethod: POST
            Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"
      Permission:
        Type: AWS::Lambda::Permission
        Properties:
          FunctionName: !Ref Fn
          Action: lambda:InvokeFunction
          Principal: apigateway.amazonaws.com
          SourceArn: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*"
      Deployment:
        Type: AWS::ApiGateway::Deployment
        DependsOn: Get
        Properties:
          RestApiId: !Ref Api
          StageName: dev
    Outputs:
      FunctionName:
        Value: !Ref Fn
"""
HANDLER = """
    import os

    def handler(event, context):
        return {"statusCode": 200, "body": os.environ["GREETING"] + " VERSION"}
"""
FUNCTION_TEMPLATE = """
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          Runtime: python3.12
          Handler: app.handler
          Role: arn:aws:iam::000000000000:role/cli
          Code: src
"""


def handler(version: str) -> str:
    return textwrap.dedent(HANDLER.replace("VERSION", version)).lstrip()


@pytest.fixture
def api_project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "cli-api", {"template.yaml": API_TEMPLATE,
                                                "src/app.py": handler("v1")})


def test_deploy_prints_a_url_that_answers_and_an_unchanged_redeploy_is_skipped(
        server: RunningServer, api_project: Path) -> None:
    done = run_cli("deploy", str(api_project), "--param", "Greeting=hi", server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✔ Service deployed to stack cli-api" in done.stdout
    assert "CREATE_COMPLETE" in done.stderr  # one line per resource event
    url = endpoint(done.stdout, "GET", "/dev/hello")
    assert get(url) == (200, b"hi v1")

    again = run_cli("deploy", str(api_project), server=server)  # Greeting keeps "hi"
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes to deploy" in again.stdout

    described = run_cli("info", str(api_project), "--json", server=server)
    info = json.loads(described.stdout)
    assert info["status"] == "CREATE_COMPLETE"
    assert url in " ".join(info["endpoints"])
    assert info["functions"]["Fn"] == info["outputs"]["FunctionName"]


def test_deploy_function_updates_only_the_code(server: RunningServer, tmp_path: Path) -> None:
    root = write_project(tmp_path / "cli-code", {"template.yaml": FUNCTION_TEMPLATE,
                                                 "src/app.py": handler("v1")
                                                 .replace('os.environ["GREETING"]', '"x"')})
    assert run_cli("deploy", str(root), server=server).returncode == 0
    (root / "src" / "app.py").write_text(handler("v2").replace('os.environ["GREETING"]', '"x"'))

    done = run_cli("deploy", "function", "-f", "Fn", str(root), server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Function code deployed: Fn" in done.stdout
    invoked = run_cli("invoke", "-f", "Fn", cwd=root, server=server)  # the logical id resolves
    assert invoked.returncode == 0, invoked.stderr
    assert json.loads(invoked.stdout)["body"] == "x v2"

    unchanged = run_cli("deploy", "function", "-f", "Fn", str(root), server=server)
    assert "Code not changed" in unchanged.stdout
    stacks = make_client(server, "cloudformation").describe_stacks(StackName="cli-code")
    assert stacks["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"  # the stack untouched


def test_remove_deletes_the_stack(server: RunningServer, tmp_path: Path) -> None:
    root = write_project(tmp_path / "cli-remove", {"template.yaml": FUNCTION_TEMPLATE,
                                                   "src/app.py": handler("v1")})
    assert run_cli("deploy", str(root), server=server).returncode == 0
    name = make_client(server, "cloudformation").describe_stack_resource(
        StackName="cli-remove", LogicalResourceId="Fn")["StackResourceDetail"][
        "PhysicalResourceId"]

    done = run_cli("remove", str(root), server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "successfully removed" in done.stdout
    functions = make_client(server, "lambda").list_functions()["Functions"]
    assert name not in {f["FunctionName"] for f in functions}
    assert run_cli("info", str(root), server=server).returncode == 1


def test_a_failed_deploy_names_the_resource_and_exits_1(server: RunningServer,
                                                        tmp_path: Path) -> None:
    root = write_project(tmp_path / "cli-broken", {"template.yaml": """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
              KeySchema: [{AttributeName: missing, KeyType: HASH}]
    """})
    done = run_cli("deploy", str(root), server=server)
    assert done.returncode == 1
    assert "Table (AWS::DynamoDB::Table):" in done.stderr


def test_an_unsupported_resource_type_fails_before_anything_is_made(
        server: RunningServer, tmp_path: Path) -> None:
    root = write_project(tmp_path / "cli-unsupported", {"template.yaml": """
        Resources:
          Thing:
            Type: AWS::GameLift::Fleet
    """})
    done = run_cli("deploy", str(root), server=server)
    assert done.returncode == 1
    assert "AWS::GameLift::Fleet" in done.stderr


def test_a_folder_without_a_template_is_refused(server: RunningServer, tmp_path: Path) -> None:
    done = run_cli("deploy", str(tmp_path), server=server)
    assert done.returncode == 1
    assert "no serverless.yml, template.yaml or CloudFormation template" in done.stderr


def test_deploy_without_a_server_says_where_it_looked(tmp_path: Path) -> None:
    root = write_project(tmp_path / "cli-offline", {"template.yaml": FUNCTION_TEMPLATE,
                                                    "src/app.py": handler("v1")})
    port = free_port()
    done = run_cli("deploy", str(root), "--endpoint", f"http://127.0.0.1:{port}")
    assert done.returncode == 1
    assert f"no cloudlet answers at http://127.0.0.1:{port}" in done.stderr
