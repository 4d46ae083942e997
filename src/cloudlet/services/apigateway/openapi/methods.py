"""Paths and operations of a definition -> resources, methods, integrations.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-any-method.html
- Each path is a resource (its parents are created too); each operation (get, put, post,
  delete, options, head, patch, ``x-amazon-apigateway-any-method`` = ANY) a method, with
  ``operationId`` as its ``operationName``.
- Parameters (path-level ones too) in path, query and header become
  ``method.request.{path|querystring|header}.NAME`` request parameters, ``true`` when required
  (path parameters always are). A body parameter (Swagger) or ``requestBody`` (OpenAPI 3)
  becomes ``requestModels`` per content type (Swagger: the
  ``consumes`` types, default ``application/json``).
- Responses become method responses: headers as ``method.response.header.NAME: false``, the
  schema as ``responseModels`` per content type.
- Security: a scheme with ``x-amazon-apigateway-authorizer`` makes the method CUSTOM (or
  COGNITO_USER_POOLS, the requirement's scopes as ``authorizationScopes``) with that
  authorizer; ``x-amazon-apigateway-authtype: awsSigv4`` makes it AWS_IAM; an ``apiKey``
  scheme without either (AWS's ``api_key``) sets ``apiKeyRequired``. The definition-level
  ``security`` applies to operations without their own. ``x-amazon-apigateway-auth``
  (``type`` AWS_IAM or NONE) sets the authorization type directly.
- ``x-amazon-apigateway-request-validator`` (operation, or definition-wide default) names
  the method's request validator.
- ``x-amazon-apigateway-integration``: type, httpMethod, uri, credentials,
  connectionType/connectionId, passthroughBehavior (default WHEN_NO_MATCH), requestTemplates,
  requestParameters, cacheNamespace, cacheKeyParameters, contentHandling, timeoutInMillis
  (default 29000), tlsConfig and ``responses``: selection pattern -> statusCode,
  responseParameters, responseTemplates, contentHandling (``default``: no pattern).
- An inline request or response schema becomes a ``MODEL{hash}`` model (``reader``).

LIMITATIONS: ``default`` responses, cookie and formData parameters are skipped with a
warning.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.services.apigateway.openapi.components import security_schemes
from cloudlet.services.apigateway.openapi.errors import invalid_definition
from cloudlet.services.apigateway.openapi.plan import MethodPlan, Plan
from cloudlet.services.apigateway.openapi.reader import Document, apply_base_path, base_path
from cloudlet.services.apigateway.rest.integrations import check as check_integration

VERBS = {"get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS",
         "head": "HEAD", "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY"}
_PART = re.compile(r"^(?:[A-Za-z0-9._\-:~@$&',;=!*]+|\{[A-Za-z0-9._\-]+\+?\})$")
_LOCATIONS = {"path": "path", "query": "querystring", "header": "header"}
INTEGRATION_TYPES = ("AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK")


def read_paths(document: Document, plan: Plan, parameters: dict[str, str]) -> None:
    paths = document.doc.get("paths") or {}
    if not isinstance(paths, dict):
        raise invalid_definition("paths is not an object")
    mapped = apply_base_path([str(p) for p in paths], base_path(document),
                             parameters.get("basepath", "ignore"))
    schemes = security_schemes(document)
    for raw_path, item in paths.items():
        path = mapped[str(raw_path)]
        check_path(path)
        item = document.resolve(item)
        if not isinstance(item, dict):
            raise invalid_definition(f"the path {raw_path} is not an object")
        methods = plan.paths.setdefault(path, {})
        shared = item.get("parameters") or []
        for key, operation in item.items():
            verb = VERBS.get(str(key).lower())
            if verb is None:
                continue
            if not isinstance(operation, dict):
                raise invalid_definition(f"{key} {raw_path} is not an object")
            methods[verb] = read_operation(document, schemes, path, verb, operation, shared)


def check_path(path: str) -> None:
    if not path.startswith("/"):
        raise invalid_definition(f"the path {path!r} does not start with '/'")
    for part in path.strip("/").split("/") if path != "/" else []:
        if not _PART.match(part):
            raise invalid_definition(
                f"the path {path!r}: Resource's path part only allow a-zA-Z0-9._- and curly"
                " braces at the beginning and the end and an optional plus sign before the"
                " closing brace.")


def read_operation(document: Document, schemes: dict[str, dict[str, Any]], path: str,
                   verb: str, op: dict[str, Any], shared: list[Any]) -> MethodPlan:
    where = f"{verb} {path}"
    method: dict[str, Any] = {"httpMethod": verb, "authorizationType": "NONE",
                              "apiKeyRequired": False}
    if op.get("operationId"):
        method["operationName"] = str(op["operationId"])
    plan = MethodPlan(method)
    _read_parameters(document, method, [*shared, *(op.get("parameters") or [])], op, where)
    if document.version == 3 and op.get("requestBody") is not None:
        body = document.resolve(op["requestBody"])
        models = _content_models(document, (body or {}).get("content"), where, "request body")
        if models:
            method["requestModels"] = models
    responses = _read_responses(document, op.get("responses") or {}, op, where)
    if responses:
        method["methodResponses"] = responses
    _read_security(document, schemes, plan, op, where)
    validator = op.get("x-amazon-apigateway-request-validator",
                       document.doc.get("x-amazon-apigateway-request-validator"))
    if validator:
        plan.validator = str(validator)
    integration = op.get("x-amazon-apigateway-integration")
    if integration is not None:
        method["methodIntegration"] = read_integration(document.resolve(integration), where)
    return plan


def _read_parameters(document: Document, method: dict[str, Any], params: list[Any],
                     op: dict[str, Any], where: str) -> None:
    request: dict[str, bool] = {}
    for raw in params:
        param = document.resolve(raw)
        if not isinstance(param, dict) or "name" not in param:
            raise invalid_definition(f"{where}: a parameter without a name")
        place = str(param.get("in", ""))
        if place in _LOCATIONS:
            required = place == "path" or bool(param.get("required", False))
            request[f"method.request.{_LOCATIONS[place]}.{param['name']}"] = required
        elif place == "body" and document.version == 2:
            name = document.model_name(param.get("schema"))
            if name is None:
                document.warn(f"{where}: the body parameter has no schema")
                continue
            types = op.get("consumes") or document.doc.get("consumes") or ["application/json"]
            method["requestModels"] = {str(t): name for t in types}
        else:
            document.warn(f"not supported: {where}: the {place} parameter {param['name']!r}"
                          " was skipped")
    if request:
        method["requestParameters"] = request


def _content_models(document: Document, content: Any, where: str, what: str) -> dict[str, str]:
    models: dict[str, str] = {}
    for ctype, media in (content or {}).items():
        schema = (media or {}).get("schema") if isinstance(media, dict) else None
        if schema is None:
            continue
        name = document.model_name(schema)
        if name is None:
            document.warn(f"{where}: the {what} schema is not an object")
            continue
        models[str(ctype)] = name
    return models


def _read_responses(document: Document, responses: dict[str, Any], op: dict[str, Any],
                    where: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for status, raw in responses.items():
        status = str(status)
        if not re.fullmatch(r"[1-5]\d\d", status):
            document.warn(f"not supported: {where}: the response {status!r} was skipped")
            continue
        response = document.resolve(raw) or {}
        out: dict[str, Any] = {"statusCode": status}
        headers = response.get("headers") or {}
        if headers:
            out["responseParameters"] = {f"method.response.header.{h}": False for h in headers}
        if document.version == 2:
            name = document.model_name(response.get("schema"))
            if name is not None:
                types = op.get("produces") or document.doc.get("produces") or ["application/json"]
                out["responseModels"] = {str(t): name for t in types}
            elif response.get("schema") is not None:
                document.warn(f"{where}: the response schema is not an object")
        else:
            models = _content_models(document, response.get("content"), where, "response")
            if models:
                out["responseModels"] = models
        found[status] = out
    return found


def _read_security(document: Document, schemes: dict[str, dict[str, Any]], plan: MethodPlan,
                   op: dict[str, Any], where: str) -> None:
    requirements = op.get("security", document.doc.get("security")) or []
    method = plan.doc
    auth = op.get("x-amazon-apigateway-auth")
    if isinstance(auth, dict) and auth.get("type"):
        kind = str(auth["type"]).upper()
        if kind not in ("AWS_IAM", "NONE"):
            raise invalid_definition(f"{where}: x-amazon-apigateway-auth type {auth['type']!r}"
                                     " is not AWS_IAM or NONE")
        method["authorizationType"] = kind
    for requirement in requirements:
        for name, scopes in (requirement or {}).items():
            scheme = schemes.get(str(name))
            if scheme is None:
                document.warn(f"{where}: the security scheme {name!r} is not defined")
                continue
            authorizer = scheme.get("x-amazon-apigateway-authorizer")
            authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
            if isinstance(authorizer, dict):
                plan.authorizer = str(name)
                if str(authorizer.get("type", "")).lower() == "cognito_user_pools":
                    method["authorizationType"] = "COGNITO_USER_POOLS"
                    if scopes:
                        method["authorizationScopes"] = [str(s) for s in scopes]
                else:
                    method["authorizationType"] = "CUSTOM"
            elif authtype == "awssigv4":
                method["authorizationType"] = "AWS_IAM"
            elif scheme.get("type") == "apiKey":
                method["apiKeyRequired"] = True
            else:
                document.warn(f"not supported: {where}: the security scheme {name!r}"
                              f" of type {scheme.get('type')!r}")


def read_integration(ext: Any, where: str) -> dict[str, Any]:
    if not isinstance(ext, dict):
        raise invalid_definition(f"{where}: x-amazon-apigateway-integration is not an object")
    kind = str(ext.get("type", "")).upper()
    if kind not in INTEGRATION_TYPES:
        raise invalid_definition(f"{where}: the integration type {ext.get('type')!r} is not"
                                 f" one of {', '.join(t.lower() for t in INTEGRATION_TYPES)}")
    out: dict[str, Any] = {"type": kind}
    if kind != "MOCK":
        if not ext.get("uri"):
            raise invalid_definition(f"{where}: the {kind.lower()} integration has no uri")
        if not ext.get("httpMethod"):
            raise invalid_definition(f"{where}: the {kind.lower()} integration has no"
                                     " httpMethod")
    for key in ("uri", "credentials", "connectionId", "cacheNamespace", "contentHandling"):
        if ext.get(key):
            out[key] = str(ext[key])
    if ext.get("httpMethod"):
        out["httpMethod"] = str(ext["httpMethod"]).upper()
    out["connectionType"] = str(ext.get("connectionType", "INTERNET")).upper()
    out["passthroughBehavior"] = str(ext.get("passthroughBehavior", "when_no_match")).upper()
    out["timeoutInMillis"] = int(ext.get("timeoutInMillis", 29000))
    out["cacheKeyParameters"] = [str(p) for p in ext.get("cacheKeyParameters") or []]
    for key in ("requestParameters", "requestTemplates"):
        if isinstance(ext.get(key), dict):
            out[key] = {str(k): str(v) for k, v in ext[key].items()}
    if isinstance(ext.get("tlsConfig"), dict):
        out["tlsConfig"] = {"insecureSkipVerification":
                            bool(ext["tlsConfig"].get("insecureSkipVerification", False))}
    responses: dict[str, dict[str, Any]] = {}
    for pattern, spec in (ext.get("responses") or {}).items():
        if not isinstance(spec, dict) or spec.get("statusCode") is None:
            raise invalid_definition(f"{where}: the integration response {pattern!r} has no"
                                     " statusCode")
        status = str(spec["statusCode"])
        response: dict[str, Any] = {"statusCode": status}
        if pattern != "default":
            response["selectionPattern"] = str(pattern)
        for key in ("responseParameters", "responseTemplates"):
            if isinstance(spec.get(key), dict):
                response[key] = {str(k): str(v) for k, v in spec[key].items()}
        if spec.get("contentHandling"):
            response["contentHandling"] = str(spec["contentHandling"])
        responses[status] = response
    if responses:
        out["integrationResponses"] = responses
    check_integration(out)  # PutIntegration's checks, with AWS's messages
    return out
