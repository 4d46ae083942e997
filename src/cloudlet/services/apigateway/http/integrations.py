"""HTTP API integrations: where a route's requests go (a Lambda function or an HTTP URL).

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html

- AWS_PROXY (Lambda): IntegrationUri is the function ARN (or its ``.../invocations`` URI);
  PayloadFormatVersion ``1.0`` or ``2.0`` is required; IntegrationMethod is POST.
- HTTP_PROXY: IntegrationUri is an ``http(s)://`` URL, IntegrationMethod is required,
  PayloadFormatVersion is ``1.0``.
- TimeoutInMillis is 50 to 30000, 30000 by default; ConnectionType is INTERNET.
- RequestParameters keys are ``append|overwrite|remove:header.{name}``,
  ``...:querystring.{name}`` or ``overwrite:path``; ResponseParameters are keyed by status
  code (200-599), their keys ``append|overwrite|remove:header.{name}`` or
  ``overwrite:statuscode``.
- Every change redeploys the stages with AutoDeploy.

LIMITATIONS: IntegrationType AWS, HTTP and MOCK (WebSocket APIs only), AWS service
integrations (IntegrationSubtype), VPC links (ConnectionType VPC_LINK), TlsConfig and
CredentialsArn are not supported. Error texts are cloudlet's, not confirmed against AWS.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import BadRequestException, not_supported
from cloudlet.services.apigateway.http.common import Doc, apply, get_api, get_child, page, public
from cloudlet.services.apigateway.http.deployments import auto_deploy
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id

MEMBERS = (
    "ConnectionId", "ConnectionType", "ContentHandlingStrategy", "CredentialsArn",
    "Description", "IntegrationMethod", "IntegrationSubtype", "IntegrationType",
    "IntegrationUri", "PassthroughBehavior", "PayloadFormatVersion", "RequestParameters",
    "RequestTemplates", "ResponseParameters", "TemplateSelectionExpression",
    "TimeoutInMillis", "TlsConfig",
)
DEFAULT_TIMEOUT = 30000
_REQUEST_KEY = re.compile(r"^(append|overwrite|remove):(header\.[^\s]+|querystring\.[^\s]+|path)$")
_RESPONSE_KEY = re.compile(r"^((append|overwrite|remove):header\.[^\s]+|overwrite:statuscode)$")


def is_lambda_uri(uri: str) -> bool:
    return uri.startswith("arn:") and ":lambda:" in uri


def check(doc: Doc) -> Doc:
    """Fill AWS's defaults into a new or updated integration and refuse what HTTP APIs do not
    allow (BadRequestException) or cloudlet does not do (``not supported``)."""
    kind = doc["IntegrationType"]
    if kind not in ("AWS_PROXY", "HTTP_PROXY"):
        raise not_supported(f"IntegrationType {kind} for HTTP APIs (AWS_PROXY and HTTP_PROXY are)")
    if doc.get("IntegrationSubtype"):
        raise not_supported("AWS service integrations (IntegrationSubtype)")
    if doc.setdefault("ConnectionType", "INTERNET") != "INTERNET":
        raise not_supported("ConnectionType VPC_LINK (VPC links)")
    for member in ("TlsConfig", "CredentialsArn", "RequestTemplates"):
        if doc.get(member):
            raise not_supported(f"{member} on HTTP API integrations")
    uri = doc.get("IntegrationUri")
    if not uri:
        raise BadRequestException(f"IntegrationUri is required for {kind} integrations")
    if kind == "AWS_PROXY":
        if not is_lambda_uri(uri):
            raise not_supported(f"AWS_PROXY integration URI {uri} (Lambda function ARNs are)")
        version = doc.get("PayloadFormatVersion")
        if version is None:
            raise BadRequestException(
                "PayloadFormatVersion is required for AWS_PROXY integrations of HTTP APIs")
        if version not in ("1.0", "2.0"):
            raise BadRequestException(f"Invalid PayloadFormatVersion {version}: 1.0 or 2.0")
        doc.setdefault("IntegrationMethod", "POST")
    else:
        if not re.match(r"^https?://[^/\s]+", uri):
            raise BadRequestException(f"Invalid HTTP endpoint specified for URI {uri}")
        if not doc.get("IntegrationMethod"):
            raise BadRequestException("IntegrationMethod is required for HTTP_PROXY integrations")
        if doc.setdefault("PayloadFormatVersion", "1.0") != "1.0":
            raise BadRequestException("PayloadFormatVersion must be 1.0 for HTTP_PROXY integrations")
    doc.setdefault("TimeoutInMillis", DEFAULT_TIMEOUT)  # the model checks 50..30000
    for key in doc.get("RequestParameters") or {}:
        if not _REQUEST_KEY.match(key):
            raise BadRequestException(f"Invalid mapping expression specified: {key}")
    for status, mapping in (doc.get("ResponseParameters") or {}).items():
        if not (status.isdigit() and 200 <= int(status) <= 599):
            raise BadRequestException(f"Invalid status code specified: {status}")
        for key in mapping:
            if not _RESPONSE_KEY.match(key):
                raise BadRequestException(f"Invalid mapping expression specified: {key}")
    return doc


def make_integration(ctx: RequestContext, api_id: str, req: dict[str, Any], *,
                     managed: bool = False) -> Doc:
    """Check and store a new integration (no auto-deploy: the caller does it)."""
    doc: Doc = {"IntegrationId": new_id(7)}
    apply(doc, req, MEMBERS)
    if managed:
        doc["ApiGatewayManaged"] = True
    check(doc)
    return store(ctx).put("integration", api_id, doc["IntegrationId"], doc)


@http_service.operation("CreateIntegration")
def create_integration(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    get_api(ctx, api_id)
    with store(ctx).write():
        doc = make_integration(ctx, api_id, req)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("GetIntegration")
def get_integration(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(get_child(ctx, "integration", req["ApiId"], req["IntegrationId"]))


@http_service.operation("GetIntegrations")
def get_integrations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    get_api(ctx, req["ApiId"])
    return page(store(ctx).list("integration", req["ApiId"]), req)


@http_service.operation("UpdateIntegration")
def update_integration(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    doc = get_child(ctx, "integration", api_id, req["IntegrationId"])
    apply(doc, req, MEMBERS)
    check(doc)
    with store(ctx).write():
        store(ctx).put("integration", api_id, doc["IntegrationId"], doc)
        auto_deploy(ctx, api_id)
    return public(doc)


@http_service.operation("DeleteIntegration")
def delete_integration(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    api_id = req["ApiId"]
    doc = get_child(ctx, "integration", api_id, req["IntegrationId"])
    st = store(ctx)
    target = f"integrations/{doc['IntegrationId']}"
    if any(r.get("Target") == target for r in st.list("route", api_id)):
        raise BadRequestException(
            f"Integration {doc['IntegrationId']} is the target of a route; detach it first")
    with st.write():
        st.delete("integration", api_id, doc["IntegrationId"])
        for response in st.list("integrationresponse", api_id):
            if response.get("integrationId") == doc["IntegrationId"]:
                st.delete("integrationresponse", api_id, response["IntegrationResponseId"])
        auto_deploy(ctx, api_id)
    return {}
