"""Hello over HTTP: ``GET /hello/{name}`` through an API Gateway REST API to a function.

``deploy`` builds it with boto3 exactly as against AWS: the function; a REST API with the
resources ``/hello`` and ``/hello/{name}``; method GET with an ``AWS_PROXY`` integration
whose URI is the function's invocation URI; AddPermission for
``apigateway.amazonaws.com`` limited to this API's ``GET /hello/*``; a deployment to stage
``dev``. ``play`` then calls the stage over plain HTTP, as a browser or curl would.

On cloudlet the stage answers at ``http://{api_id}.execute-api.localhost:{port}/dev/...``
(curl resolves ``*.localhost`` to the loopback address itself; other clients send that
``Host`` header to 127.0.0.1) or at ``http://127.0.0.1:{port}/restapis/{api_id}/dev/
_user_request_/...``.
"""

from __future__ import annotations

import http.client
import io
import json
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any

SRC = Path(__file__).parent / "src"
ROLE = "arn:aws:iam::000000000000:role/hello"
STAGE = "dev"


class Deployed:
    """What ``deploy`` made (a plain class: the app is loaded from its file, not imported)."""

    def __init__(self, function: str, api_id: str, endpoint: str) -> None:
        self.function = function
        self.api_id = api_id
        self.endpoint = endpoint  # the cloudlet server, http://127.0.0.1:PORT

    @property
    def host(self) -> str:
        port = urllib.parse.urlsplit(self.endpoint).port
        return f"{self.api_id}.execute-api.localhost:{port}"

    def url(self, path: str) -> str:
        """The stage URL of ``path``, as AWS would print it (host form)."""
        return f"http://{self.host}/{STAGE}{path}"

    def path_url(self, path: str) -> str:
        """The same through the path form, for clients that cannot set a Host."""
        return f"{self.endpoint}/restapis/{self.api_id}/{STAGE}/_user_request_{path}"


def package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SRC.glob("*.py")):
            archive.write(path, path.name)
    return buffer.getvalue()


def deploy(session: Any, prefix: str = "hello") -> Deployed:
    lam = session.client("lambda")
    apigw = session.client("apigateway")
    region = session.region_name
    fn = lam.create_function(FunctionName=f"{prefix}-fn", Runtime="python3.12", Role=ROLE,
                             Handler="hello.handler", Code={"ZipFile": package()}, Timeout=10)
    lam.get_waiter("function_active_v2").wait(FunctionName=fn["FunctionName"])
    account = fn["FunctionArn"].split(":")[4]

    api_id = apigw.create_rest_api(name=f"{prefix}-api", description="GET /hello/{name}")["id"]
    root = next(r["id"] for r in apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    hello = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="hello")["id"]
    name = apigw.create_resource(restApiId=api_id, parentId=hello, pathPart="{name}")["id"]
    apigw.put_method(restApiId=api_id, resourceId=name, httpMethod="GET", authorizationType="NONE",
                     requestParameters={"method.request.path.name": True})
    apigw.put_integration(
        restApiId=api_id, resourceId=name, httpMethod="GET", type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
            f"{fn['FunctionArn']}/invocations")
    lam.add_permission(
        FunctionName=fn["FunctionName"], StatementId="apigateway-get-hello",
        Action="lambda:InvokeFunction", Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{region}:{account}:{api_id}/*/GET/hello/*")
    apigw.create_deployment(restApiId=api_id, stageName=STAGE, description="first")
    endpoint = apigw.meta.endpoint_url.rstrip("/")
    return Deployed(fn["FunctionName"], api_id, endpoint)


def get(deployed: Deployed, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET a stage path over HTTP (host form: the API's host name sent to the server)."""
    target = urllib.parse.urlsplit(deployed.endpoint)
    conn = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port, timeout=30)
    try:
        conn.request("GET", f"/{STAGE}{path}", headers={"Host": deployed.host})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def urls(deployed: Deployed) -> list[str]:
    return [f"GET {deployed.url('/hello/{name}')}",
            f"    {deployed.path_url('/hello/{name}')}",
            f"try: curl {deployed.url('/hello/Ada')}"]


def play(session: Any, deployed: Deployed) -> list[str]:
    """Greet a few names over HTTP; returns what was asked and answered."""
    transcript = []
    for path in ("/hello/Ada", "/hello/Grace?greeting=Howdy"):
        status, headers, body = get(deployed, path)
        assert status == 200, (status, body)
        assert headers.get("content-type") == "application/json", headers
        transcript.append(f"GET /{STAGE}{path} -> {status} {json.loads(body)['message']}")
    status, _, body = get(deployed, "/nothing/here")
    transcript.append(f"GET /{STAGE}/nothing/here -> {status} {body.decode()}")
    return transcript


def demo(session: Any, prefix: str) -> list[str]:
    deployed = deploy(session, prefix)
    return [f"REST API {deployed.api_id}, stage {STAGE}, function {deployed.function}",
            *urls(deployed), *play(session, deployed)]
