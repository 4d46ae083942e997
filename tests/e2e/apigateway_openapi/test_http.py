"""ImportRestApi and GetExport over plain HTTP: the raw body in, the definition out with the
Accept type asked for.

https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
"""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import yaml

from tests.e2e.apigateway_openapi.definitions import PETSTORE_OAS3_YAML
from tests.server import RunningServer

# --auth off: any SigV4-shaped credential is the default account; the scope names the service.
AUTH = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/apigateway/aws4_request,"
        " SignedHeaders=host, Signature=0")


def _call(server: RunningServer, method: str, path: str, body: bytes = b"",
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(server.url)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Authorization": AUTH, **(headers or {})})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_import_yaml_then_export_yaml_over_http(server: RunningServer, apigw: Any,
                                                imported: list[str]) -> None:
    """POST /restapis?mode=import with a YAML body answers 201 and the RestApi; GET
    .../exports/oas30 with Accept application/yaml answers the definition in YAML."""
    status, _, body = _call(server, "POST", "/restapis?mode=import&failonwarnings=true",
                            PETSTORE_OAS3_YAML.encode(),
                            {"Content-Type": "application/yaml"})
    assert status == 201, body
    api: dict[str, Any] = json.loads(body)
    imported.append(api["id"])
    assert api["name"] == "PetStore3"
    apigw.create_deployment(restApiId=api["id"], stageName="test")

    status, _, body = _call(server, "GET",
                                  f"/restapis/{api['id']}/stages/test/exports/oas30",
                                  headers={"Accept": "application/yaml"})

    assert status == 200  # (Content-Type: see test_export_content_type_is_the_accepted_type)
    doc = yaml.safe_load(body)
    assert doc["openapi"] == "3.0.1"
    assert set(doc["paths"]["/pets"]) == {"get", "post"}
