"""Error answers of the rest-json services as AWS sends them.

https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html and the Errors section of
each operation (e.g. https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html):
the code in ``X-Amzn-ErrorType``; the body carries the members of the error's shape in
the service model - Lambda's ``Type`` (``User`` for a caller's fault, ``Service`` for
Lambda's) and ``Message`` (or ``message``, as the shape names it; both are sent, as AWS
does) - and the message names the resource as AWS does: a missing version keeps its
qualifier (``Function not found: arn:aws:lambda:REGION:ACCOUNT:function:NAME:1221``).
API Gateway's error shapes have only ``message``
(https://docs.aws.amazon.com/apigateway/latest/api/CommonErrors.html).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.lambda_.conftest import CreateFn
from tests.server import RunningServer

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def raw(server: RunningServer, method: str, path: str, body: bytes | None = None,
        service: str = "lambda") -> tuple[int, dict[str, str], dict[str, Any]]:
    request = urllib.request.Request(
        server.url + path, data=body, method=method,
        headers={"Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                                  f"{service}/aws4_request, SignedHeaders=host, Signature=x",
                 "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def test_lambda_errors_carry_type_and_message(server: RunningServer) -> None:
    """GetFunction of a missing function: 404, ``X-Amzn-ErrorType:
    ResourceNotFoundException``, body ``{"Type": "User", "Message": ..., "message": ...}``."""
    status, headers, body = raw(server, "GET", "/2015-03-31/functions/nope-fn")
    assert status == 404
    assert {k.lower(): v for k, v in headers.items()}["x-amzn-errortype"] == (
        "ResourceNotFoundException")
    assert body == {"Type": "User", "Message": f"Function not found: {ARN}nope-fn",
                    "message": f"Function not found: {ARN}nope-fn"}


def test_a_missing_version_keeps_its_qualifier(lambda_client: Any,
                                               create_function: CreateFn) -> None:
    """GetFunction, GetFunctionConfiguration, Invoke and DeleteFunction of a version that
    does not exist name the qualified ARN; boto3 reads ``Type`` and ``Message`` into the
    error response as modeled members."""
    name = create_function()
    calls = [
        (lambda_client.get_function, {"FunctionName": name, "Qualifier": "1221"}),
        (lambda_client.get_function_configuration, {"FunctionName": name, "Qualifier": "1221"}),
        (lambda_client.invoke, {"FunctionName": f"{name}:1221"}),
        (lambda_client.delete_function, {"FunctionName": name, "Qualifier": "1221"}),
    ]
    for call, kwargs in calls:
        with pytest.raises(ClientError) as caught:
            call(**kwargs)
        response = caught.value.response
        assert response["Error"] == {"Code": "ResourceNotFoundException",
                                     "Message": f"Function not found: {ARN}{name}:1221"}
        assert response["Type"] == "User"
        assert response["Message"] == f"Function not found: {ARN}{name}:1221"


def test_a_malformed_request_is_the_callers_fault(server: RunningServer) -> None:
    """A request that is not JSON is the caller's fault (``Type: User``); the shape's
    members are there for codes the model does not list too."""
    status, _, body = raw(server, "POST", "/2015-03-31/functions", b"{not json")
    assert status == 400
    assert body["Type"] == "User"
    assert body["message"] == body["Message"]


def test_api_gateway_errors_carry_only_message(server: RunningServer) -> None:
    """API Gateway's NotFoundException shape has one member, ``message``."""
    status, headers, body = raw(server, "GET", "/restapis/nope123", service="apigateway")
    assert status == 404
    assert {k.lower(): v for k, v in headers.items()}["x-amzn-errortype"] == "NotFoundException"
    assert set(body) == {"message"}
