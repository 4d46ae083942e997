"""A REST API as served by a stage -> an OpenAPI 3.0.1 or Swagger 2.0 definition.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
- ``info``: the API's name, description and version (the deployment's date when the API has
  none); OpenAPI 3 ``servers`` / Swagger ``host`` and ``basePath``: where the stage is served
  (the stage name as the ``basePath`` variable's default).
- ``paths``: each resource with methods; request parameters as parameters, request models as
  the body, method responses with their headers and models, ``operationId``; security:
  ``api_key`` for ``apiKeyRequired``, the authorizer's name for CUSTOM and
  COGNITO_USER_POOLS methods (with the scopes), ``sigv4`` for AWS_IAM.
- Models as ``components.schemas`` / ``definitions`` (model URLs back to local ``$ref``s,
  without the JSON Schema ``$schema`` keyword, which OpenAPI does not allow).
- ``extensions``: ``integrations`` adds ``x-amazon-apigateway-integration``;
  ``authorizers`` adds ``x-amazon-apigateway-authorizer`` to the security schemes;
  ``apigateway`` adds both and every other extension (any-method is always used for ANY,
  request validators, gateway responses, binary media types, API key source, policy,
  minimum compression size).

LIMITATIONS: ``extensions=postman`` is not supported; documentation parts are not exported;
the servers URL is cloudlet's (``http://{api}.execute-api.localhost:{port}``), not AWS's.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

Doc = dict[str, Any]
_MODEL_URL = re.compile(r"^https://apigateway\.amazonaws\.com/restapis/[^/]+/models/(.+)$")


@dataclass
class View:
    """What a stage serves: the RestApi and its documents, as stored."""

    api: Doc
    resources: list[Doc] = field(default_factory=list)
    models: list[Doc] = field(default_factory=list)
    authorizers: list[Doc] = field(default_factory=list)
    validators: list[Doc] = field(default_factory=list)
    gateway_responses: list[Doc] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    version: int  # 2 (swagger) or 3 (oas30)
    server_url: str  # with "{basePath}" where the stage goes
    stage: str
    integrations: bool = False
    authorizers: bool = False
    apigateway: bool = False


def render(view: View, options: Options, fallback_version: str) -> Doc:
    v3 = options.version == 3
    api = view.api
    info: Doc = {"title": api.get("name", "")}
    if api.get("description"):
        info["description"] = api["description"]
    info["version"] = str(api.get("version") or fallback_version)
    out: Doc = {"openapi": "3.0.1"} if v3 else {"swagger": "2.0"}
    out["info"] = info
    if v3:
        out["servers"] = [{"url": options.server_url,
                           "variables": {"basePath": {"default": options.stage}}}]
    else:
        scheme, _, rest = options.server_url.partition("://")
        out["host"] = rest.split("/", 1)[0]
        out["basePath"] = f"/{options.stage}"
        out["schemes"] = [scheme]
    authorizers = {a["id"]: a for a in view.authorizers}
    validators = {v["id"]: v["name"] for v in view.validators}
    schemes: Doc = {}
    paths: Doc = {}
    for resource in sorted(view.resources, key=lambda r: r["path"]):
        methods = resource.get("resourceMethods") or {}
        if not methods:
            continue
        item: Doc = {}
        for verb in sorted(methods):
            key = "x-amazon-apigateway-any-method" if verb == "ANY" else verb.lower()
            item[key] = _operation(methods[verb], options, authorizers, validators, schemes)
        paths[resource["path"]] = item
    out["paths"] = paths
    schemas = {m["name"]: _schema(m, v3) for m in view.models}
    if v3:
        components: Doc = {}
        if schemas:
            components["schemas"] = schemas
        if schemes:
            components["securitySchemes"] = schemes
        out["components"] = components
    else:
        if schemas:
            out["definitions"] = schemas
        if schemes:
            out["securityDefinitions"] = schemes
    if options.apigateway:
        _api_extensions(out, view)
    return out


def _ref(name: str, v3: bool) -> Doc:
    return {"$ref": ("#/components/schemas/" if v3 else "#/definitions/") + name}


def _schema(model: Doc, v3: bool) -> Any:
    try:
        schema = json.loads(model.get("schema") or "{}")
    except ValueError:
        return {}
    if isinstance(schema, dict):
        schema.pop("$schema", None)  # not an OpenAPI schema keyword; AWS drops it too

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    found = _MODEL_URL.match(value)
                    if found:
                        value = _ref(found[1], v3)["$ref"]
                out[key] = rewrite(value)
            return out
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    return rewrite(schema)


def _operation(method: Doc, options: Options, authorizers: dict[str, Doc],
               validators: dict[str, str], schemes: Doc) -> Doc:
    v3 = options.version == 3
    op: Doc = {}
    if method.get("operationName"):
        op["operationId"] = method["operationName"]
    places = {"path": "path", "querystring": "query", "header": "header"}
    parameters: list[Doc] = []
    for name, required in (method.get("requestParameters") or {}).items():
        parts = name.split(".", 3)
        if len(parts) != 4 or parts[2] not in places:
            continue
        param: Doc = {"name": parts[3], "in": places[parts[2]],
                      "required": bool(required) or parts[2] == "path"}
        if v3:
            param["schema"] = {"type": "string"}
        else:
            param["type"] = "string"
        parameters.append(param)
    models = method.get("requestModels") or {}
    if models and v3:
        op["requestBody"] = {"content": {t: {"schema": _ref(m, v3)} for t, m in models.items()},
                             "required": True}
    elif models:
        op["consumes"] = list(models)
        first = next(iter(models.values()))
        parameters.append({"in": "body", "name": first, "required": True,
                           "schema": _ref(first, v3)})
    if parameters:
        op["parameters"] = parameters
    op["responses"] = _responses(method, v3, op)
    security = _security(method, options, authorizers, schemes)
    if security:
        op["security"] = security
    if options.apigateway and method.get("requestValidatorId") in validators:
        op["x-amazon-apigateway-request-validator"] = validators[method["requestValidatorId"]]
    integration = method.get("methodIntegration")
    if integration is not None and (options.integrations or options.apigateway):
        op["x-amazon-apigateway-integration"] = integration_extension(integration)
    return op


def _responses(method: Doc, v3: bool, op: Doc) -> Doc:
    out: Doc = {}
    produces: list[str] = []
    for status in sorted(method.get("methodResponses") or {}):
        response = method["methodResponses"][status]
        item: Doc = {"description": f"{status} response"}
        headers = [p.split(".", 3)[3] for p in response.get("responseParameters") or {}
                   if p.startswith("method.response.header.")]
        if headers:
            item["headers"] = {h: ({"schema": {"type": "string"}} if v3 else {"type": "string"})
                               for h in headers}
        models = response.get("responseModels") or {}
        if models and v3:
            item["content"] = {t: {"schema": _ref(m, v3)} for t, m in models.items()}
        elif models:
            item["schema"] = _ref(next(iter(models.values())), v3)
            produces += [t for t in models if t not in produces]
        out[status] = item
    if produces:
        op["produces"] = produces
    return out


def _security(method: Doc, options: Options, authorizers: dict[str, Doc],
              schemes: Doc) -> list[Doc]:
    security: list[Doc] = []
    kind = method.get("authorizationType", "NONE")
    if kind in ("CUSTOM", "COGNITO_USER_POOLS") and method.get("authorizerId") in authorizers:
        auth = authorizers[method["authorizerId"]]
        security.append({auth["name"]: list(method.get("authorizationScopes") or [])})
        schemes[auth["name"]] = _authorizer_scheme(auth, options)
    elif kind == "AWS_IAM":
        security.append({"sigv4": []})
        schemes["sigv4"] = {"type": "apiKey", "name": "Authorization", "in": "header",
                            "x-amazon-apigateway-authtype": "awsSigv4"}
    if method.get("apiKeyRequired"):
        security.append({"api_key": []})
        schemes["api_key"] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
    return security


def _authorizer_scheme(auth: Doc, options: Options) -> Doc:
    source = str(auth.get("identitySource") or "")
    header = source.split(",")[0].strip()
    name = header.rsplit(".", 1)[-1] if header.startswith("method.request.header.") else "Unused"
    scheme: Doc = {"type": "apiKey", "name": name, "in": "header",
                   "x-amazon-apigateway-authtype": auth.get("authType") or (
                       "cognito_user_pools" if auth["type"] == "COGNITO_USER_POOLS"
                       else "custom")}
    if options.authorizers or options.apigateway:
        ext: Doc = {"type": auth["type"].lower()}
        for key in ("authorizerUri", "authorizerCredentials", "identitySource",
                    "identityValidationExpression", "providerARNs"):
            if auth.get(key):
                ext[key] = copy.deepcopy(auth[key])
        if auth["type"] != "COGNITO_USER_POOLS":
            ext["authorizerResultTtlInSeconds"] = auth.get("authorizerResultTtlInSeconds", 300)
        scheme["x-amazon-apigateway-authorizer"] = ext
    return scheme


def integration_extension(integration: Doc) -> Doc:
    """An Integration document as ``x-amazon-apigateway-integration``."""
    ext: Doc = {"type": str(integration.get("type", "")).lower()}
    for key in ("httpMethod", "uri", "credentials", "connectionType", "connectionId",
                "requestParameters", "requestTemplates", "cacheNamespace",
                "cacheKeyParameters", "contentHandling", "timeoutInMillis", "tlsConfig"):
        if integration.get(key) not in (None, "", [], {}):
            ext[key] = copy.deepcopy(integration[key])
    if integration.get("passthroughBehavior"):
        ext["passthroughBehavior"] = str(integration["passthroughBehavior"]).lower()
    responses: Doc = {}
    for status, response in sorted((integration.get("integrationResponses") or {}).items()):
        item: Doc = {"statusCode": str(status)}
        for key in ("responseParameters", "responseTemplates", "contentHandling"):
            if response.get(key):
                item[key] = copy.deepcopy(response[key])
        responses[response.get("selectionPattern") or "default"] = item
    if responses:
        ext["responses"] = responses
    return ext


def _api_extensions(out: Doc, view: View) -> None:
    api = view.api
    if view.validators:
        out["x-amazon-apigateway-request-validators"] = {
            v["name"]: {"validateRequestBody": bool(v.get("validateRequestBody")),
                        "validateRequestParameters": bool(v.get("validateRequestParameters"))}
            for v in view.validators}
    responses = {}
    for response in view.gateway_responses:
        item = {k: copy.deepcopy(response[k]) for k in
                ("statusCode", "responseParameters", "responseTemplates") if response.get(k)}
        responses[response["responseType"]] = item
    if responses:
        out["x-amazon-apigateway-gateway-responses"] = responses
    if api.get("binaryMediaTypes"):
        out["x-amazon-apigateway-binary-media-types"] = list(api["binaryMediaTypes"])
    if api.get("apiKeySource"):
        out["x-amazon-apigateway-api-key-source"] = api["apiKeySource"]
    if api.get("minimumCompressionSize") is not None:
        out["x-amazon-apigateway-minimum-compression-size"] = api["minimumCompressionSize"]
    if api.get("policy"):
        try:
            out["x-amazon-apigateway-policy"] = json.loads(api["policy"])
        except ValueError:
            out["x-amazon-apigateway-policy"] = api["policy"]
