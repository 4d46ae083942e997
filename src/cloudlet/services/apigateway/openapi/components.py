"""The API-wide parts of a definition: the RestApi's own members, models, authorizers,
request validators and gateway responses.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
- ``info.title`` is the API's name (required on import), ``info.description`` and ``info.version`` its
  description and version.
- ``definitions`` (Swagger) / ``components.schemas`` (OpenAPI 3) become models with content
  type ``application/json``; a model's ``$ref``s to other models become model URLs
  (``https://apigateway.amazonaws.com/restapis/{api}/models/{name}``) when written.
- ``securityDefinitions`` / ``components.securitySchemes`` with
  ``x-amazon-apigateway-authorizer`` become authorizers named after the scheme: ``type``
  token, request or cognito_user_pools; ``authorizerUri``, ``authorizerCredentials``,
  ``identitySource`` (a token authorizer defaults to the scheme's header),
  ``identityValidationExpression``, ``authorizerResultTtlInSeconds`` (default 300),
  ``providerARNs``; ``x-amazon-apigateway-authtype`` is the authorizer's ``authType``.
- ``x-amazon-apigateway-request-validators`` (name -> validateRequestBody,
  validateRequestParameters), ``x-amazon-apigateway-gateway-responses`` (type -> statusCode,
  responseParameters, responseTemplates), ``x-amazon-apigateway-binary-media-types``,
  ``x-amazon-apigateway-api-key-source`` (HEADER or AUTHORIZER), ``x-amazon-apigateway-policy``
  and ``x-amazon-apigateway-minimum-compression-size`` set the matching members.

LIMITATIONS: a model name that is not alphanumeric is skipped with a warning (AWS renames
such models); ``x-amazon-apigateway-documentation`` is not imported (a warning says so unless
``ignore=documentation``); ``x-amazon-apigateway-endpoint-configuration`` reads only
``disableExecuteApiEndpoint``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from cloudlet.services.apigateway.gateway.errors import DEFAULTS as GATEWAY_RESPONSE_TYPES
from cloudlet.services.apigateway.openapi.errors import invalid_definition
from cloudlet.services.apigateway.openapi.plan import Plan
from cloudlet.services.apigateway.openapi.reader import Document

_MODEL_NAME = re.compile(r"^[A-Za-z0-9]+$")
AUTHORIZER_TYPES = {"token": "TOKEN", "request": "REQUEST",
                    "cognito_user_pools": "COGNITO_USER_POOLS"}


def read_api(document: Document, plan: Plan, parameters: dict[str, str],
             new_api: bool = True) -> None:
    """The RestApi's members; a new API needs ``info.title`` (an update keeps its name)."""
    doc = document.doc
    info = doc.get("info")
    info = info if isinstance(info, dict) else {}
    if not info.get("title") and new_api:
        raise invalid_definition("info.title (the API's name) is missing")
    api = plan.api
    if info.get("title"):
        api["name"] = str(info["title"])
    if info.get("description"):
        api["description"] = str(info["description"])
    if info.get("version") is not None:
        api["version"] = str(info["version"])
    binary = doc.get("x-amazon-apigateway-binary-media-types")
    if binary is not None:
        if not isinstance(binary, list):
            raise invalid_definition("x-amazon-apigateway-binary-media-types is not a list")
        api["binaryMediaTypes"] = [str(t) for t in binary]
    source = doc.get("x-amazon-apigateway-api-key-source")
    if source is not None:
        if str(source).upper() not in ("HEADER", "AUTHORIZER"):
            raise invalid_definition(f"x-amazon-apigateway-api-key-source {source!r} is not"
                                     " HEADER or AUTHORIZER")
        api["apiKeySource"] = str(source).upper()
    policy = doc.get("x-amazon-apigateway-policy")
    if policy is not None:
        api["policy"] = policy if isinstance(policy, str) else json.dumps(policy)
    size = doc.get("x-amazon-apigateway-minimum-compression-size")
    if size is not None:
        api["minimumCompressionSize"] = int(size)
    endpoint = doc.get("x-amazon-apigateway-endpoint-configuration")
    if isinstance(endpoint, dict) and "disableExecuteApiEndpoint" in endpoint:
        api["disableExecuteApiEndpoint"] = bool(endpoint["disableExecuteApiEndpoint"])
    types = parameters.get("endpointConfigurationTypes")
    if types:
        if types not in ("EDGE", "REGIONAL", "PRIVATE"):
            raise invalid_definition(f"endpointConfigurationTypes={types} is not one of EDGE,"
                                     " REGIONAL, PRIVATE")
        api["endpointConfiguration"] = {"types": [types]}
    if "x-amazon-apigateway-documentation" in doc and parameters.get("ignore") != "documentation":
        document.warn("not supported: x-amazon-apigateway-documentation (documentation parts"
                      " were not imported)")


def read_models(document: Document, plan: Plan) -> None:
    doc = document.doc
    if document.version == 2:
        schemas = doc.get("definitions") or {}
    else:
        schemas = (doc.get("components") or {}).get("schemas") or {}
    if not isinstance(schemas, dict):
        raise invalid_definition("the schemas are not an object")
    for name, schema in schemas.items():
        if not _MODEL_NAME.match(str(name)):
            document.warn(f"not supported: the model name {name!r} is not alphanumeric"
                          " (the model was skipped)")
            continue
        if not isinstance(schema, dict):
            raise invalid_definition(f"the schema of model {name!r} is not an object")
        model: dict[str, Any] = {"name": str(name), "contentType": "application/json",
                                 "schema": schema}
        if isinstance(schema.get("description"), str):
            model["description"] = schema["description"]
        plan.models[str(name)] = model


def security_schemes(document: Document) -> dict[str, dict[str, Any]]:
    doc = document.doc
    if document.version == 2:
        found = doc.get("securityDefinitions") or {}
    else:
        found = (doc.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(found, dict):
        raise invalid_definition("the security schemes are not an object")
    return {str(k): document.resolve(v) for k, v in found.items() if isinstance(v, dict)}


def read_authorizers(document: Document, plan: Plan) -> None:
    for name, scheme in security_schemes(document).items():
        ext = scheme.get("x-amazon-apigateway-authorizer")
        if not isinstance(ext, dict):
            continue
        kind = AUTHORIZER_TYPES.get(str(ext.get("type", "")).lower())
        if kind is None:
            raise invalid_definition(f"the authorizer {name!r} has type {ext.get('type')!r}"
                                     " (token, request or cognito_user_pools)")
        auth: dict[str, Any] = {"name": name, "type": kind,
                                "authorizerResultTtlInSeconds":
                                    int(ext.get("authorizerResultTtlInSeconds", 300))}
        if scheme.get("x-amazon-apigateway-authtype"):
            auth["authType"] = str(scheme["x-amazon-apigateway-authtype"])
        for key in ("authorizerUri", "authorizerCredentials", "identityValidationExpression"):
            if ext.get(key):
                auth[key] = str(ext[key])
        if ext.get("providerARNs"):
            auth["providerARNs"] = [str(a) for a in ext["providerARNs"]]
        source = ext.get("identitySource")
        if not source and kind in ("TOKEN", "COGNITO_USER_POOLS") and scheme.get("name"):
            source = f"method.request.header.{scheme['name']}"
        if source:
            auth["identitySource"] = str(source)
        if kind in ("TOKEN", "REQUEST") and "authorizerUri" not in auth:
            raise invalid_definition(f"the authorizer {name!r} has no authorizerUri")
        if kind == "COGNITO_USER_POOLS" and "providerARNs" not in auth:
            raise invalid_definition(f"the authorizer {name!r} has no providerARNs")
        plan.authorizers[name] = auth


def read_validators(document: Document, plan: Plan) -> None:
    found = document.doc.get("x-amazon-apigateway-request-validators") or {}
    if not isinstance(found, dict):
        raise invalid_definition("x-amazon-apigateway-request-validators is not an object")
    for name, spec in found.items():
        spec = spec if isinstance(spec, dict) else {}
        plan.validators[str(name)] = {
            "name": str(name),
            "validateRequestBody": bool(spec.get("validateRequestBody", False)),
            "validateRequestParameters": bool(spec.get("validateRequestParameters", False)),
        }


def read_gateway_responses(document: Document, plan: Plan) -> None:
    found = document.doc.get("x-amazon-apigateway-gateway-responses") or {}
    if not isinstance(found, dict):
        raise invalid_definition("x-amazon-apigateway-gateway-responses is not an object")
    for kind, spec in found.items():
        if kind not in GATEWAY_RESPONSE_TYPES:
            raise invalid_definition(f"{kind!r} is not a gateway response type")
        spec = spec if isinstance(spec, dict) else {}
        response: dict[str, Any] = {"responseType": kind, "defaultResponse": False}
        if spec.get("statusCode") is not None:
            response["statusCode"] = str(spec["statusCode"])
        for key in ("responseParameters", "responseTemplates"):
            if isinstance(spec.get(key), dict):
                response[key] = {str(k): str(v) for k, v in spec[key].items()}
        plan.gateway_responses[kind] = response
