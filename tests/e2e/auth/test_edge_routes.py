"""With ``--auth on`` the edge routes that take SigV4 verify it: a function URL with
AuthType AWS_IAM (refused: 403 ``{"Message":"Forbidden"}``) and an API Gateway method with
authorizationType AWS_IAM (refused: the gateway responses MISSING_AUTHENTICATION_TOKEN,
INVALID_SIGNATURE, ACCESS_DENIED, all 403).
https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from cloudlet.testing import function_ready
from tests.e2e.apigateway_support import send
from tests.e2e.auth.conftest import client
from tests.e2e.lambda_.conftest import python_zip
from tests.server import RunningServer

ECHO = """
import json
def handler(event, context):
    return {"statusCode": 200, "body": json.dumps(event["requestContext"])}
"""


def signed_headers(host: str, path: str, service: str, key_id: str,
                   secret: str) -> list[tuple[str, str]]:
    request = AWSRequest(method="GET", url=f"http://{host}{path}", headers={"Host": host})
    SigV4Auth(Credentials(key_id, secret), service, "us-east-1").add_auth(request)
    return [(k, v) for k, v in request.headers.items() if k != "Host"]


def test_a_function_url_with_aws_iam_verifies_the_signature(
        auth_server: RunningServer, accounts: list[dict[str, str]]) -> None:
    account = accounts[0]
    lam = client(auth_server, "lambda", account)
    name = "f" + uuid.uuid4().hex[:8]
    lam.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler",
                        Role=f"arn:aws:iam::{account['account_id']}:role/r",
                        Code={"ZipFile": python_zip(ECHO)})
    function_ready(lam, name)
    config = lam.create_function_url_config(FunctionName=name, AuthType="AWS_IAM")
    found = re.match(r"http://([a-z0-9]{32})\.", config["FunctionUrl"])
    assert found is not None
    host = f"{found[1]}.lambda-url.us-east-1.localhost:{auth_server.port}"
    good = signed_headers(host, "/who", "lambda", account["access_key_id"],
                          account["secret_access_key"])
    status, _, _ = send(auth_server, "GET", "/who", host=host, headers=good)
    assert status == 200
    bad = signed_headers(host, "/who", "lambda", account["access_key_id"], "x" * 40)
    status, _, body = send(auth_server, "GET", "/who", host=host, headers=bad)
    assert (status, json.loads(body)) == (403, {"Message": "Forbidden"})


def mock_api(apigw: Any) -> str:
    api = apigw.create_rest_api(name="iam" + uuid.uuid4().hex[:6])["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    pets = apigw.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
    apigw.put_method(restApiId=api, resourceId=pets, httpMethod="GET",
                     authorizationType="AWS_IAM")
    apigw.put_integration(restApiId=api, resourceId=pets, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_method_response(restApiId=api, resourceId=pets, httpMethod="GET",
                              statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=pets, httpMethod="GET",
                                   statusCode="200",
                                   responseTemplates={"application/json": '{"ok": true}'})
    apigw.create_deployment(restApiId=api, stageName="test")
    return str(api)


def test_an_aws_iam_method_verifies_the_signature(
        auth_server: RunningServer, accounts: list[dict[str, str]]) -> None:
    account = accounts[0]
    api = mock_api(client(auth_server, "apigateway", account))
    host = f"{api}.execute-api.localhost:{auth_server.port}"
    good = signed_headers(host, "/test/pets", "execute-api", account["access_key_id"],
                          account["secret_access_key"])
    status, _, body = send(auth_server, "GET", "/test/pets", host=host, headers=good)
    assert (status, json.loads(body)) == (200, {"ok": True})
    status, headers, body = send(auth_server, "GET", "/test/pets", host=host)
    assert (status, json.loads(body)) == (403, {"message": "Missing Authentication Token"})
    bad = signed_headers(host, "/test/pets", "execute-api", account["access_key_id"],
                         "x" * 40)
    status, headers, body = send(auth_server, "GET", "/test/pets", host=host, headers=bad)
    assert status == 403
    assert json.loads(body)["message"].startswith("The request signature we calculated")
    stranger = signed_headers(host, "/test/pets", "execute-api", "AKIAIOSFODNN7EXAMPLE",
                              "s" * 40)
    status, _, body = send(auth_server, "GET", "/test/pets", host=host, headers=stranger)
    assert (status, json.loads(body)) == (
        403, {"message": "The security token included in the request is invalid."})
