"""Function URLs: their configurations through the Lambda API and requests over HTTP.

https://docs.aws.amazon.com/lambda/latest/dg/lambda-urls.html,
https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html,
https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html and
https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html:
- Create answers 201 with FunctionUrl, FunctionArn, AuthType, Cors, CreationTime and
  InvokeMode (BUFFERED); a second one is ResourceConflictException; Get/Update/Delete of
  a URL that does not exist say "The resource you requested does not exist."; the
  qualifier is an alias (a version number fails the model's pattern).
- A request reaches the function with the payload 2.0 event (checked with
  aws-lambda-powertools' LambdaFunctionUrlModel); its answer is read as an HTTP API's;
  a function error is 502; AuthType AWS_IAM refuses unsigned requests with 403
  {"Message":"Forbidden"}; CORS preflights are answered by Lambda.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser.models import LambdaFunctionUrlModel
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.apigateway_support import Reply, send
from tests.e2e.lambda_.conftest import ROLE, CreateFn, error_of, python_zip
from tests.server import RunningServer

ECHO = """
    import json

    def handler(event, context):
        if event.get("rawPath") == "/fail":
            raise RuntimeError("boom")
        if event.get("rawPath") == "/bare":
            return {"just": "json"}
        return {"statusCode": 201, "headers": {"x-seen": event["rawPath"]},
                "cookies": ["a=1", "b=2"], "body": json.dumps(event)}
"""
URL_ID = re.compile(r"http://([a-z0-9]{32})\.lambda-url\.us-east-1\.localhost:\d+/")


def url_id(config: dict[str, Any]) -> str:
    found = URL_ID.fullmatch(config["FunctionUrl"])
    assert found is not None, config["FunctionUrl"]
    return found[1]


def request(server: RunningServer, uid: str, method: str = "GET", path: str = "/",
            *, headers: list[tuple[str, str]] | None = None, body: bytes | None = None,
            form: str = "host") -> Reply:
    if form == "host":
        return Reply(*send(server, method, path, host=f"{uid}.lambda-url.us-east-1.localhost:"
                                                        f"{server.port}", headers=headers, body=body))
    return Reply(*send(server, method, f"/_cloudlet/lambda-url/{uid}{path}", headers=headers,
                       body=body))


def test_url_configs_are_created_read_updated_listed_and_deleted(
        lambda_client: Any, create_function: CreateFn) -> None:
    name = create_function(ECHO)
    arn = f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    created = lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["FunctionArn"] == arn
    assert (created["AuthType"], created["InvokeMode"]) == ("NONE", "BUFFERED")
    assert "LastModifiedTime" not in created and created["CreationTime"].endswith("Z")
    url_id(created)
    assert error_of(lambda_client.create_function_url_config, FunctionName=name,
                    AuthType="NONE") == (
        "ResourceConflictException", 409, f"Failed to create function url config for "
        f"[functionArn = {arn}]. Error message:  FunctionUrlConfig exists for this Lambda "
        "function")
    got = lambda_client.get_function_url_config(FunctionName=name)
    assert got["FunctionUrl"] == created["FunctionUrl"] and "LastModifiedTime" in got
    cors = {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET", "POST"],
            "MaxAge": 60}
    updated = lambda_client.update_function_url_config(FunctionName=name, AuthType="AWS_IAM",
                                                       Cors=cors)
    assert (updated["AuthType"], updated["Cors"]) == ("AWS_IAM", cors)
    assert updated["FunctionUrl"] == created["FunctionUrl"]
    listed = lambda_client.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"]
    assert [c["FunctionUrl"] for c in listed] == [created["FunctionUrl"]]
    deleted = lambda_client.delete_function_url_config(FunctionName=name)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    missing = ("ResourceNotFoundException", 404, "The resource you requested does not exist.")
    assert error_of(lambda_client.get_function_url_config, FunctionName=name) == missing
    assert error_of(lambda_client.delete_function_url_config, FunctionName=name) == missing
    assert error_of(lambda_client.update_function_url_config, FunctionName=name,
                    AuthType="NONE") == missing
    assert lambda_client.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"] == []


def test_an_alias_has_its_own_url_and_versions_have_none(lambda_client: Any,
                                                         create_function: CreateFn) -> None:
    name = create_function(ECHO)
    lambda_client.publish_version(FunctionName=name)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    live = lambda_client.create_function_url_config(FunctionName=name, Qualifier="live",
                                                    AuthType="NONE")
    assert live["FunctionArn"].endswith(f":function:{name}:live")
    code, status, message = error_of(lambda_client.create_function_url_config,
                                     FunctionName=name, Qualifier="1", AuthType="NONE")
    assert (code, status) == ("ValidationException", 400)
    assert "at 'qualifier' failed to satisfy constraint" in message
    lambda_client.delete_alias(FunctionName=name, Name="live")
    assert lambda_client.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"] == []


@pytest.mark.parametrize("form", ["host", "path"])
def test_a_request_reaches_the_function_with_the_2_0_event(
        server: RunningServer, lambda_client: Any, create_function: CreateFn, form: str) -> None:
    """The event validates against powertools' model; the answer's status, headers,
    cookies and body come back; ``accountId`` is ``anonymous`` for AuthType NONE."""
    name = create_function(ECHO)
    uid = url_id(lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE"))
    reply = request(server, uid, "POST", "/orders/7?x=1&x=2&y=", form=form,
                    headers=[("Content-Type", "application/json"), ("Cookie", "s=1; t=2"),
                             ("X-Custom", "v")], body=b'{"n": 1}')
    assert reply.status == 201
    assert reply.header("x-seen") == "/orders/7"
    assert reply.all("set-cookie") == ["a=1", "b=2"]
    assert reply.header("x-amzn-requestid")
    event = reply.json()
    LambdaFunctionUrlModel.model_validate(event)
    assert (event["version"], event["routeKey"], event["rawPath"]) == ("2.0", "$default",
                                                                       "/orders/7")
    assert event["rawQueryString"] == "x=1&x=2&y="
    assert event["queryStringParameters"] == {"x": "1,2", "y": ""}
    assert event["cookies"] == ["s=1", "t=2"]
    assert event["headers"]["x-custom"] == "v" and "cookie" not in event["headers"]
    assert event["headers"]["host"] == f"{uid}.lambda-url.us-east-1.localhost"
    assert (event["body"], event["isBase64Encoded"]) == ('{"n": 1}', False)
    context = event["requestContext"]
    assert (context["accountId"], context["apiId"], context["domainPrefix"]) == (
        "anonymous", uid, uid)
    assert context["http"]["method"] == "POST" and context["http"]["path"] == "/orders/7"
    assert (context["stage"], context["routeKey"]) == ("$default", "$default")
    assert context["requestId"] == reply.header("x-amzn-requestid")


def test_a_url_without_the_public_permissions_is_reported(
        server: RunningServer, lambda_client: Any, create_function: CreateFn) -> None:
    """AWS answers 403 to an AuthType NONE URL unless the function's policy lets ``*``
    call lambda:InvokeFunctionUrl and lambda:InvokeFunction; cloudlet serves it and says
    so in the server log, naming what is missing."""
    name = create_function(ECHO)
    uid = url_id(lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE"))
    lambda_client.add_permission(FunctionName=name, StatementId="url", Principal="*",
                                 Action="lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE")
    assert request(server, uid).status == 201
    line = next(line for line in server.output().splitlines() if uid in line)
    assert "does not allow principal * to call lambda:InvokeFunction, so AWS would answer " \
           "403 Forbidden" in line


def test_answers_and_failures(server: RunningServer, lambda_client: Any,
                              create_function: CreateFn) -> None:
    """A bare JSON value is a 200 application/json body; a function error is 502;
    binary bodies arrive base64-encoded; an unknown URL id is 404."""
    name = create_function(ECHO)
    uid = url_id(lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE"))
    bare = request(server, uid, path="/bare")
    assert (bare.status, bare.header("content-type"), bare.json()) == (
        200, "application/json", {"just": "json"})
    failed = request(server, uid, path="/fail")
    assert (failed.status, failed.body) == (502, b"Internal Server Error")
    binary = request(server, uid, "PUT", "/bin", body=b"\x00\x01",
                     headers=[("Content-Type", "application/octet-stream")]).json()
    assert (binary["body"], binary["isBase64Encoded"]) == ("AAE=", True)
    assert request(server, "x" * 32).status == 404


def test_aws_iam_urls_need_a_signature(server: RunningServer, lambda_client: Any,
                                       create_function: CreateFn) -> None:
    """Unsigned: 403 ``{"Message":"Forbidden"}``; signed with SigV4 (service
    ``lambda``): the function runs and sees ``requestContext.authorizer.iam``."""
    name = create_function(ECHO)
    config = lambda_client.create_function_url_config(FunctionName=name, AuthType="AWS_IAM")
    uid = url_id(config)
    refused = request(server, uid, path="/who")
    assert (refused.status, refused.json()) == (403, {"Message": "Forbidden"})
    host = f"{uid}.lambda-url.us-east-1.localhost:{server.port}"
    signed = AWSRequest(method="GET", url=f"http://{host}/who", headers={"Host": host})
    SigV4Auth(Credentials("123456789012", "secret"), "lambda", "us-east-1").add_auth(signed)
    reply = request(server, uid, path="/who",
                    headers=[(k, v) for k, v in signed.headers.items() if k != "Host"])
    assert reply.status == 201
    iam = reply.json()["requestContext"]["authorizer"]["iam"]
    assert (iam["accessKey"], iam["accountId"]) == ("123456789012", "123456789012")


def test_cors_preflight_and_headers(server: RunningServer, lambda_client: Any,
                                    create_function: CreateFn) -> None:
    name = create_function(ECHO)
    uid = url_id(lambda_client.create_function_url_config(
        FunctionName=name, AuthType="NONE",
        Cors={"AllowOrigins": ["https://app.example"], "AllowMethods": ["POST"],
              "AllowHeaders": ["x-token"], "ExposeHeaders": ["x-seen"], "MaxAge": 300}))
    preflight = request(server, uid, "OPTIONS", "/x", headers=[
        ("Origin", "https://app.example"), ("Access-Control-Request-Method", "POST"),
        ("Access-Control-Request-Headers", "x-token")])
    assert preflight.status == 204
    assert preflight.header("access-control-allow-origin") == "https://app.example"
    assert preflight.header("access-control-allow-methods") == "POST"
    assert preflight.header("access-control-max-age") == "300"
    reply = request(server, uid, "POST", "/x", headers=[("Origin", "https://app.example")])
    assert reply.header("access-control-allow-origin") == "https://app.example"
    assert reply.header("access-control-expose-headers") == "x-seen"


def test_a_deleted_function_takes_its_url_along(lambda_client: Any, unique_name: str) -> None:
    for _ in range(2):
        lambda_client.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                                      Handler="app.handler", Code={"ZipFile": python_zip(ECHO)})
        function_ready(lambda_client, unique_name)
        assert lambda_client.list_function_url_configs(
            FunctionName=unique_name)["FunctionUrlConfigs"] == []
        lambda_client.create_function_url_config(FunctionName=unique_name, AuthType="NONE")
        lambda_client.delete_function(FunctionName=unique_name)


def test_urls_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = RunningServer(data).start()
    try:
        client = make_client(first, "lambda")
        client.create_function(FunctionName="kept", Runtime="python3.12", Role=ROLE,
                               Handler="app.handler", Code={"ZipFile": python_zip(ECHO)})
        function_ready(client, "kept")
        before = client.create_function_url_config(FunctionName="kept", AuthType="NONE")
    finally:
        assert first.stop() == 0
    second = RunningServer(data).start()
    try:
        client = make_client(second, "lambda")
        after = client.get_function_url_config(FunctionName="kept")
        assert url_id(after) == url_id(before)
        reply = request(second, url_id(after), path="/again")
        assert reply.status == 201 and json.loads(reply.body)["rawPath"] == "/again"
    finally:
        second.stop()
