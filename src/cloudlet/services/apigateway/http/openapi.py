"""ImportApi, ReimportApi and ExportApi: HTTP APIs from and to OpenAPI 3.0 definitions.

https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-swagger-extensions.html

- The body is an OpenAPI 3.0 document, JSON or YAML. ``info.title`` names the API
  (``info.description``, ``info.version`` too). Each operation of ``paths`` becomes a route
  ``METHOD /path`` (``x-amazon-apigateway-any-method``: ANY; the path ``$default``: the
  ``$default`` route); ``operationId`` its OperationName.
- ``x-amazon-apigateway-integration`` (type ``aws_proxy`` / ``http_proxy``, uri,
  httpMethod, payloadFormatVersion, connectionType, timeoutInMillis, requestParameters,
  responseParameters) makes the route's integration.
- ``components.securitySchemes`` with ``x-amazon-apigateway-authorizer`` (type ``jwt``:
  jwtConfiguration {issuer, audience}, identitySource; type ``request``: authorizerUri,
  authorizerPayloadFormatVersion, enableSimpleResponses, authorizerResultTtlInSeconds,
  identitySource) make authorizers; ``security`` (of the operation, else the document)
  sets the route's authorization and scopes; a scheme with
  ``x-amazon-apigateway-authtype: awsSigv4`` means AWS_IAM.
- ``x-amazon-apigateway-cors`` is the CorsConfiguration; root-level ``tags`` entries with
  ``x-amazon-apigateway-tag-value`` are the API's tags (SAM marks its APIs so).
- What cannot be imported is a warning (``Warnings``); with FailOnWarnings it is a
  BadRequestException. ReimportApi replaces the routes, integrations, authorizers and CORS
  of an existing API (its stages stay; auto-deploying ones are redeployed).
- ExportApi (Specification OAS30, OutputType JSON or YAML) writes the API (from a stage's
  deployment when StageName is given); IncludeExtensions false leaves out the
  ``x-amazon-apigateway-*`` members.

LIMITATIONS: Swagger 2.0 and OpenAPI 3.1 bodies are refused; ``$ref`` is followed only
inside the document; Basepath ``prepend``/``split`` is applied to paths, ``ignore`` drops the
server path; request/response schemas are not turned into models. Error texts are
cloudlet's, not AWS's.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cloudlet.lazy_import import lazy_module
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ServiceError
from cloudlet.services.apigateway.errors import BadRequestException, not_supported
from cloudlet.services.apigateway.http import apis, authorizers, integrations, routes
from cloudlet.services.apigateway.http.common import Doc, get_api, get_child, public
from cloudlet.services.apigateway.http.deployments import auto_deploy
from cloudlet.services.apigateway.openapi.errors import invalid_definition
from cloudlet.services.apigateway.openapi.reader import parse_definition
from cloudlet.services.apigateway.registry import http_service, store

if TYPE_CHECKING:
    import yaml
else:
    yaml = lazy_module("yaml")

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_ANY = "x-amazon-apigateway-any-method"
# What ReimportApi replaces: kind -> its id member.
_REPLACED = {"route": "RouteId", "integration": "IntegrationId", "authorizer": "AuthorizerId",
             "routeresponse": "RouteResponseId", "integrationresponse": "IntegrationResponseId"}
_CORS_KEYS = {"allowOrigins": "AllowOrigins", "allowMethods": "AllowMethods",
              "allowHeaders": "AllowHeaders", "exposeHeaders": "ExposeHeaders",
              "maxAge": "MaxAge", "allowCredentials": "AllowCredentials"}


def load(body: str) -> dict[str, Any]:
    found = parse_definition(body)
    version = str(found.get("openapi", ""))
    if not version.startswith("3.0"):
        if "swagger" in found:
            raise not_supported("Swagger 2.0 definitions for HTTP APIs (OpenAPI 3.0 is)")
        raise invalid_definition(
            f"unsupported OpenAPI version {version or '(none)'}; 3.0 is supported")
    return found


def _deref(doc: dict[str, Any], value: Any) -> Any:
    for _ in range(32):
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return value
        ref = value["$ref"]
        if not ref.startswith("#/"):
            raise not_supported(f"external $ref {ref}")
        node: Any = doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise invalid_definition(f"$ref {ref} does not resolve")
            node = node[part]
        value = node
    raise invalid_definition("$ref chain too long")


def _base_path(doc: dict[str, Any], mode: str) -> str:
    servers = doc.get("servers") or []
    if mode == "ignore" or not servers or not isinstance(servers[0], dict):
        return ""
    url = str(servers[0].get("url", ""))
    for name, var in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str((var or {}).get("default", "")))
    path = urlsplit(url).path.rstrip("/")
    if mode == "split":
        path = "/" + "/".join(path.strip("/").split("/")[1:]) if path.strip("/") else ""
        path = path.rstrip("/")
    return path


def _integration(ext: dict[str, Any]) -> dict[str, Any]:
    kind = str(ext.get("type", "")).upper()
    out: dict[str, Any] = {"IntegrationType": kind, "IntegrationUri": ext.get("uri")}
    if str(ext.get("connectionType", "INTERNET")).upper() != "INTERNET":
        out["ConnectionType"] = str(ext["connectionType"]).upper()
    for key, member in (("httpMethod", "IntegrationMethod"),
                        ("payloadFormatVersion", "PayloadFormatVersion"),
                        ("timeoutInMillis", "TimeoutInMillis"),
                        ("requestParameters", "RequestParameters"),
                        ("responseParameters", "ResponseParameters"),
                        ("description", "Description")):
        if key in ext:
            out[member] = str(ext[key]) if key == "payloadFormatVersion" else ext[key]
    if "TimeoutInMillis" in out:
        out["TimeoutInMillis"] = int(out["TimeoutInMillis"])
    return out


def _authorizer(name: str, ext: dict[str, Any]) -> dict[str, Any]:
    kind = str(ext.get("type", "")).lower()
    source = ext.get("identitySource") or []
    sources = ([s.strip() for s in source.split(",") if s.strip()]
               if isinstance(source, str) else list(source))
    out: dict[str, Any] = {"Name": name, "IdentitySource": sources}
    if kind == "jwt":
        config = ext.get("jwtConfiguration") or {}
        out.update(AuthorizerType="JWT", JwtConfiguration={
            "Issuer": config.get("issuer"), "Audience": list(config.get("audience") or [])})
        return out
    if kind == "request":
        out.update(AuthorizerType="REQUEST", AuthorizerUri=ext.get("authorizerUri"),
                   AuthorizerPayloadFormatVersion=str(
                       ext.get("authorizerPayloadFormatVersion", "")) or None)
        for key, member in (("enableSimpleResponses", "EnableSimpleResponses"),
                            ("authorizerResultTtlInSeconds", "AuthorizerResultTtlInSeconds"),
                            ("authorizerCredentials", "AuthorizerCredentialsArn")):
            if key in ext:
                out[member] = ext[key]
        return {k: v for k, v in out.items() if v is not None}
    raise BadRequestException(f"Unsupported authorizer type {kind or '(none)'} in {name}")


def _cors(ext: dict[str, Any]) -> dict[str, Any]:
    return {member: ext[key] for key, member in _CORS_KEYS.items() if key in ext}


def apply_definition(ctx: RequestContext, api_id: str, doc: dict[str, Any], *,
                     base: str, fail_on_warnings: bool) -> list[str]:
    """Create the definition's authorizers, integrations and routes under ``api_id``;
    answer the warnings."""
    warnings: list[str] = []
    schemes: dict[str, tuple[str, str | None]] = {}  # name -> (AuthorizationType, id)
    components = doc.get("components") or {}
    for name, scheme in (components.get("securitySchemes") or {}).items():
        scheme = _deref(doc, scheme) or {}
        if scheme.get("x-amazon-apigateway-authtype") == "awsSigv4":
            schemes[name] = ("AWS_IAM", None)
            continue
        ext = scheme.get("x-amazon-apigateway-authorizer")
        if ext is None:
            warnings.append(f"Security scheme {name} has no x-amazon-apigateway-authorizer")
            continue
        made = authorizers.make_authorizer(ctx, api_id, _authorizer(name, ext))
        kind = "JWT" if made["AuthorizerType"] == "JWT" else "CUSTOM"
        schemes[name] = (kind, made["AuthorizerId"])
    default_security = doc.get("security")
    for path, item in (doc.get("paths") or {}).items():
        item = _deref(doc, item) or {}
        for method, operation in item.items():
            if method == _ANY:
                verb = "ANY"
            elif method in _METHODS:
                verb = method.upper()
            else:
                continue
            operation = _deref(doc, operation) or {}
            key = "$default" if path == "$default" else f"{verb} {base}{path}"
            route: dict[str, Any] = {"RouteKey": key}
            if operation.get("operationId"):
                route["OperationName"] = operation["operationId"]
            ext = _deref(doc, operation.get("x-amazon-apigateway-integration"))
            if ext is not None:
                try:
                    made = integrations.make_integration(ctx, api_id, _integration(ext))
                    route["Target"] = f"integrations/{made['IntegrationId']}"
                except ServiceError as exc:
                    warnings.append(f"Integration of {key} not imported: {exc.message}")
            security = operation.get("security", default_security) or []
            for requirement in security[:1]:
                for name, scopes in (requirement or {}).items():
                    if name not in schemes:
                        warnings.append(f"Route {key} uses unknown security scheme {name}")
                        continue
                    kind, authorizer_id = schemes[name]
                    route["AuthorizationType"] = kind
                    if authorizer_id:
                        route["AuthorizerId"] = authorizer_id
                    if scopes and kind == "JWT":
                        route["AuthorizationScopes"] = list(scopes)
            routes.make_route(ctx, api_id, route)
    if warnings and fail_on_warnings:
        raise BadRequestException("Warnings found during import:\n\t" + "\n\t".join(warnings))
    return warnings


def _api_members(doc: dict[str, Any]) -> dict[str, Any]:
    info = doc.get("info") or {}
    if not info.get("title"):
        raise invalid_definition("info.title is required: it names the API")
    out: dict[str, Any] = {"Name": str(info["title"]), "ProtocolType": "HTTP"}
    if info.get("description"):
        out["Description"] = str(info["description"])
    if info.get("version") is not None:
        out["Version"] = str(info["version"])
    if isinstance(doc.get("x-amazon-apigateway-cors"), dict):
        out["CorsConfiguration"] = _cors(doc["x-amazon-apigateway-cors"])
    tags = {str(t["name"]): str(t["x-amazon-apigateway-tag-value"])
            for t in doc.get("tags") or []
            if isinstance(t, dict) and "name" in t and "x-amazon-apigateway-tag-value" in t}
    if tags:
        out["Tags"] = tags
    endpoint = doc.get("x-amazon-apigateway-endpoint-configuration") or {}
    if endpoint.get("disableExecuteApiEndpoint") is not None:
        out["DisableExecuteApiEndpoint"] = bool(endpoint["disableExecuteApiEndpoint"])
    return out


@http_service.operation("ImportApi")
def import_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    definition = load(req["Body"])
    doc = apis.new_api_doc(ctx, _api_members(definition))
    with apis.new_api(ctx, doc) as doc:
        warnings = apply_definition(ctx, doc["ApiId"], definition,
                                    base=_base_path(definition, req.get("Basepath", "ignore")),
                                    fail_on_warnings=bool(req.get("FailOnWarnings")))
    out = public(doc)
    if warnings:
        out["Warnings"] = warnings
    return out


@http_service.operation("ReimportApi")
def reimport_api(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    api_id = req["ApiId"]
    current = get_api(ctx, api_id)
    definition = load(req["Body"])
    members = _api_members(definition)
    st = store(ctx)
    with st.write():
        for kind, id_member in _REPLACED.items():
            for found in st.list(kind, api_id):
                st.delete(kind, api_id, found[id_member])
        current.pop("CorsConfiguration", None)
        current.update({k: v for k, v in members.items() if k not in ("ProtocolType", "Tags")})
        st.put("api", api_id, api_id, apis.check(current))
        warnings = apply_definition(ctx, api_id, definition,
                                    base=_base_path(definition, req.get("Basepath", "ignore")),
                                    fail_on_warnings=bool(req.get("FailOnWarnings")))
        auto_deploy(ctx, api_id)
    out = public(current)
    if warnings:
        out["Warnings"] = warnings
    return out


def _export_integration(integration: Doc) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": integration["IntegrationType"].lower(),
        "uri": integration.get("IntegrationUri"),
        "payloadFormatVersion": integration.get("PayloadFormatVersion"),
        "connectionType": integration.get("ConnectionType", "INTERNET"),
        "timeoutInMillis": integration.get("TimeoutInMillis"),
    }
    if integration.get("IntegrationMethod"):
        out["httpMethod"] = integration["IntegrationMethod"]
    for member, key in (("RequestParameters", "requestParameters"),
                        ("ResponseParameters", "responseParameters")):
        if integration.get(member):
            out[key] = integration[member]
    return {k: v for k, v in out.items() if v is not None}


def _export_authorizer(authorizer: Doc) -> dict[str, Any]:
    sources = ",".join(authorizer.get("IdentitySource") or [])
    if authorizer["AuthorizerType"] == "JWT":
        config = authorizer.get("JwtConfiguration") or {}
        return {"type": "oauth2", "flows": {}, "x-amazon-apigateway-authorizer": {
            "type": "jwt", "identitySource": sources, "jwtConfiguration": {
                "issuer": config.get("Issuer"), "audience": config.get("Audience") or []}}}
    ext: dict[str, Any] = {
        "type": "request", "identitySource": sources,
        "authorizerUri": authorizer.get("AuthorizerUri"),
        "authorizerPayloadFormatVersion": authorizer.get("AuthorizerPayloadFormatVersion"),
        "authorizerResultTtlInSeconds": authorizer.get("AuthorizerResultTtlInSeconds", 0),
    }
    if authorizer.get("EnableSimpleResponses"):
        ext["enableSimpleResponses"] = True
    return {"type": "apiKey", "name": "Authorization", "in": "header",
            "x-amazon-apigateway-authorizer": ext}


def export(api: Doc, route_docs: list[Doc], integration_docs: list[Doc],
           authorizer_docs: list[Doc], stage: str | None, extensions: bool) -> dict[str, Any]:
    """The OpenAPI 3.0 document of an API (or of a deployment's snapshot)."""
    created = datetime.fromtimestamp(float(api.get("CreatedDate") or 0), UTC)
    info: dict[str, Any] = {"title": api["Name"],
                            "version": api.get("Version") or created.strftime(
                                "%Y-%m-%d %H:%M:%S") + "UTC"}
    if api.get("Description"):
        info["description"] = api["Description"]
    out: dict[str, Any] = {"openapi": "3.0.1", "info": info}
    if stage is not None:
        server: dict[str, Any] = {"url": api["ApiEndpoint"] + "/{basePath}",
                                  "variables": {"basePath": {"default": ""}}}
        if stage != "$default":
            server["variables"]["basePath"]["default"] = stage
        out["servers"] = [server]
    by_integration = {i["IntegrationId"]: i for i in integration_docs}
    by_authorizer = {a["AuthorizerId"]: a for a in authorizer_docs}
    paths: dict[str, dict[str, Any]] = {}
    for route in route_docs:
        key = route["RouteKey"]
        if key == "$default":
            path, method = "$default", _ANY
        else:
            verb, _, path = key.partition(" ")
            method = _ANY if verb == "ANY" else verb.lower()
        operation: dict[str, Any] = {"responses": {
            "default": {"description": f"Default response for {key}"}}}
        if route.get("OperationName"):
            operation["operationId"] = route["OperationName"]
        params = [seg[1:-1] for seg in path.split("/") if seg.startswith("{")]
        if params:
            operation["parameters"] = [{"name": p, "in": "path", "required": True,
                                        "schema": {"type": "string"}} for p in params]
        authorizer = by_authorizer.get(route.get("AuthorizerId") or "")
        if authorizer is not None:
            operation["security"] = [{authorizer["Name"]: route.get("AuthorizationScopes") or []}]
        elif route.get("AuthorizationType") == "AWS_IAM":
            operation["security"] = [{"sigv4": []}]
        target = str(route.get("Target") or "").removeprefix("integrations/")
        if extensions and target in by_integration:
            operation["x-amazon-apigateway-integration"] = _export_integration(
                by_integration[target])
        paths.setdefault(path, {})[method] = operation
    out["paths"] = paths
    schemes: dict[str, Any] = {}
    for authorizer in authorizer_docs:
        scheme = _export_authorizer(authorizer)
        if not extensions:
            scheme = {k: v for k, v in scheme.items() if not k.startswith("x-amazon")}
        schemes[authorizer["Name"]] = scheme
    if any(r.get("AuthorizationType") == "AWS_IAM" for r in route_docs):
        schemes["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header",
                            **({"x-amazon-apigateway-authtype": "awsSigv4"} if extensions else {})}
    if schemes:
        out["components"] = {"securitySchemes": schemes}
    if extensions:
        cors = api.get("CorsConfiguration")
        if cors:
            out["x-amazon-apigateway-cors"] = {key: cors[m] for key, m in _CORS_KEYS.items()
                                               if m in cors}
        out["x-amazon-apigateway-importexport-version"] = "1.0"
    return out


@http_service.operation("ExportApi")
def export_api(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    api_id = req["ApiId"]
    api = get_api(ctx, api_id)
    if req["Specification"] != "OAS30":
        raise BadRequestException(f"Unsupported specification {req['Specification']}")
    if req.get("ExportVersion", "1.0") != "1.0":
        raise BadRequestException(f"Unsupported export version {req['ExportVersion']}")
    stage_name = req.get("StageName")
    st = store(ctx)
    if stage_name:
        stage = get_child(ctx, "stage", api_id, stage_name)
        deployment = st.get("deployment", api_id, stage.get("DeploymentId") or "")
        if deployment is None:
            raise BadRequestException(f"Stage {stage_name} has no deployment to export")
        snap = deployment["snapshot"]
        doc = export(snap["api"], snap["routes"], snap["integrations"], snap["authorizers"],
                     stage_name, req.get("IncludeExtensions", True) is not False)
    else:
        doc = export(public(api), st.list("route", api_id), st.list("integration", api_id),
                     st.list("authorizer", api_id), None,
                     req.get("IncludeExtensions", True) is not False)
    if req["OutputType"] == "YAML":
        body = yaml.safe_dump(doc, sort_keys=False).encode()
    else:
        body = json.dumps(doc, indent=2).encode()
    return {"body": body}
