"""Function URLs deployed from templates: a serverless.yml function's ``url`` (the
framework's AWS::Lambda::Url and permissions) and a SAM function's ``FunctionUrlConfig``
(aws-sam-translator's), each called over HTTP afterwards; the deploy summary names the URL.

https://www.serverless.com/framework/docs/providers/aws/guide/functions#lambda-function-urls
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-functionurlconfig.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-url.html
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import get, run_cli, write_project
from tests.server import RunningServer

HANDLER = """
    import json

    def handler(event, context):
        return {"statusCode": 200, "body": json.dumps({"path": event["rawPath"],
                                                        "via": event["requestContext"]["apiId"]})}
"""
FUNCTION_URL = re.compile(r"(http://[a-z0-9]{32}\.lambda-url\.us-east-1\.localhost:\d+/)")


def test_a_serverless_function_url_is_deployed_and_answers(server: RunningServer,
                                                           tmp_path: Path) -> None:
    root = write_project(tmp_path / "svc", {
        "serverless.yml": """
            service: urls
            provider:
              name: aws
              runtime: python3.12
            functions:
              api:
                handler: handler.handler
                url:
                  cors: true
        """,
        "handler.py": HANDLER,
    })
    done = run_cli("deploy", str(root), "--stage", "u1", server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    found = FUNCTION_URL.search(done.stdout)
    assert found is not None, done.stdout
    status, body = get(found[1] + "orders")
    assert status == 200 and json.loads(body)["path"] == "/orders"
    cfn = make_client(server, "cloudformation")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in
               cfn.describe_stacks(StackName="urls-u1")["Stacks"][0]["Outputs"]}
    assert outputs["ApiLambdaFunctionUrl"] == found[1]
    policy = json.loads(make_client(server, "lambda").get_policy(
        FunctionName="urls-u1-api")["Policy"])
    assert {s["Action"] for s in policy["Statement"]} == {"lambda:InvokeFunctionUrl",
                                                          "lambda:InvokeFunction"}
    assert run_cli("remove", str(root), "--stage", "u1", server=server).returncode == 0


def test_a_sam_function_url_is_deployed_and_answers(server: RunningServer,
                                                    tmp_path: Path) -> None:
    root = write_project(tmp_path / "sam", {
        "template.yaml": """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Web:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: handler.handler
                  Runtime: python3.12
                  CodeUri: src/
                  FunctionUrlConfig:
                    AuthType: NONE
            Outputs:
              WebUrl:
                Value: !GetAtt WebUrl.FunctionUrl
        """,
        "src/handler.py": HANDLER,
    })
    done = run_cli("deploy", str(root), "--stack-name", "samurl", server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    cfn = make_client(server, "cloudformation")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in
               cfn.describe_stacks(StackName="samurl")["Stacks"][0]["Outputs"]}
    assert FUNCTION_URL.fullmatch(outputs["WebUrl"])
    status, body = get(outputs["WebUrl"] + "x")
    assert status == 200 and json.loads(body)["path"] == "/x"
    assert run_cli("remove", str(root), "--stack-name", "samurl", server=server).returncode == 0
