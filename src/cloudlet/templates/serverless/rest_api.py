"""``http`` events: one API Gateway REST API (``ApiGatewayRestApi``) for the service.

https://www.serverless.com/framework/docs/providers/aws/events/apigateway
- Resources ``ApiGatewayResource{Path}`` per path segment, methods
  ``ApiGatewayMethod{Path}{Method}``; ``lambda-proxy`` (default, AWS_PROXY) and ``lambda``
  (AWS, with the framework's request template and status-code responses) integrations.
- ``cors`` adds an OPTIONS MOCK method per path; ``private`` requires an API key;
  authorizers: ``aws_iam``, a Cognito user pool ARN, a function of the service or a
  Lambda ARN (TOKEN / REQUEST); ``request.parameters`` and ``request.schemas`` (models,
  inline or from ``provider.apiGateway.request.schemas``, with the request validator);
  ``async`` is not supported yet (a named error).
- One ``ApiGatewayDeployment{timestamp}`` to stage ``{stage}``, depending on every method;
  a ``{Fn}LambdaPermissionApiGateway`` per function; provider ``apiGateway`` keys,
  usage plan, binary media types and an existing ``restApiId``.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import ACCOUNT, PARTITION, REGION, Build, get_att, join
from cloudlet.templates.serverless.errors import ServerlessError
from cloudlet.templates.serverless.lambda_integration import (
    integration_responses,
    method_responses,
    request_templates,
)

DEFAULT_CORS_HEADERS = ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key",
                        "X-Amz-Security-Token", "X-Amz-User-Agent", "X-Amzn-Trace-Id"]


def http_events(build: Build) -> list[tuple[str, dict[str, Any]]]:
    """(function key, normalized http event) in declaration order."""
    found = []
    for key, fn in build.functions.items():
        for event in fn.get("events") or []:
            if isinstance(event, dict) and "http" in event:
                found.append((key, _normalize(event["http"], key)))
    return found


def _normalize(http: Any, key: str) -> dict[str, Any]:
    if isinstance(http, str):
        method, _, path = http.partition(" ")
        http = {"method": method, "path": path}
    if not isinstance(http, dict) or "path" not in http or "method" not in http:
        raise ServerlessError(f'Invalid http event in function "{key}": it needs a path and '
                              f"a method")
    return {**http, "path": str(http["path"]).strip("/"), "method": str(http["method"]).lower()}


def compile_rest_api(build: Build) -> None:
    events = http_events(build)
    if not events:
        return
    gateway = build.provider.get("apiGateway") or {}
    api_id: Any = {"Ref": naming.REST_API}
    root: Any = get_att(naming.REST_API, "RootResourceId")
    if gateway.get("restApiId"):
        api_id = gateway["restApiId"]
        root = gateway.get("restApiRootResourceId")
        if root is None:
            raise ServerlessError("not supported: provider.apiGateway.restApiId without "
                                  "restApiRootResourceId")
    else:
        build.add(naming.REST_API, {"Type": "AWS::ApiGateway::RestApi",
                                    "Properties": _rest_api_properties(build, gateway)})
    context = _Context(build, api_id, root)
    for _, http in events:
        context.resource(http["path"])
    for _, http in events:
        context.cors(http)
    context.emit_cors()
    for key, http in events:
        context.method(key, http)
    deployment = f"ApiGatewayDeployment{build.timestamp_ms}"
    build.add(deployment, {"Type": "AWS::ApiGateway::Deployment",
                           "Properties": {"RestApiId": api_id, "StageName": build.stage},
                           "DependsOn": context.methods})
    _api_keys(build, gateway, api_id, deployment)
    for key in dict.fromkeys(k for k, _ in events):
        build.permission(f"{naming.normalize(key)}LambdaPermissionApiGateway", key,
                         "apigateway.amazonaws.com",
                         join("arn:", PARTITION, ":execute-api:", REGION, ":", ACCOUNT, ":",
                              api_id, "/*/*"))
    if not gateway.get("restApiId"):
        build.outputs["ServiceEndpoint"] = {
            "Description": "URL of the service endpoint",
            "Value": join("https://", api_id, ".execute-api.", REGION, ".",
                          {"Ref": "AWS::URLSuffix"}, f"/{build.stage}")}


def _rest_api_properties(build: Build, gateway: dict[str, Any]) -> dict[str, Any]:
    provider = build.provider
    name = provider.get("apiName") or (
        f"{build.service}-{build.stage}" if gateway.get("shouldStartNameWithService")
        else f"{build.stage}-{build.service}")
    props: dict[str, Any] = {"Name": name}
    if gateway.get("binaryMediaTypes"):
        props["BinaryMediaTypes"] = gateway["binaryMediaTypes"]
    if gateway.get("minimumCompressionSize") is not None:
        props["MinimumCompressionSize"] = gateway["minimumCompressionSize"]
    if gateway.get("description"):
        props["Description"] = gateway["description"]
    props["EndpointConfiguration"] = {
        "Types": [str(provider.get("endpointType") or "EDGE").upper()]}
    policy = gateway.get("resourcePolicy")
    props["Policy"] = {"Version": "2012-10-17", "Statement": policy} if policy else ""
    if gateway.get("disableDefaultEndpoint"):
        props["DisableExecuteApiEndpoint"] = True
    return props


class _Context:
    """Builds resources, CORS preflights and methods for one REST API."""

    def __init__(self, build: Build, api_id: Any, root: Any) -> None:
        self.build = build
        self.api_id = api_id
        self.root = root
        self.methods: list[str] = []
        self.preflight: dict[str, dict[str, Any]] = {}
        self.validator_made = False

    def resource_ref(self, path: str) -> Any:
        return {"Ref": naming.resource(path)} if path else self.root

    def resource_name(self, path: str) -> str:
        return naming.normalize_path(path) if path else ""   # the root: ApiGatewayMethodGet

    def resource(self, path: str) -> None:
        parts = path.split("/") if path else []
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            logical = naming.resource(sub)
            if logical in self.build.resources:
                continue
            parent = "/".join(parts[:depth - 1])
            self.build.add(logical, {"Type": "AWS::ApiGateway::Resource", "Properties": {
                "ParentId": self.resource_ref(parent), "PathPart": parts[depth - 1],
                "RestApiId": self.api_id}})

    def cors(self, http: dict[str, Any]) -> None:
        if not http.get("cors"):
            return
        given = http["cors"] if isinstance(http["cors"], dict) else {}
        methods = list(given.get("methods") or [])
        for extra in ("OPTIONS", http["method"].upper()):
            if extra not in methods:
                methods.append(extra)
        headers = given.get("headers") or DEFAULT_CORS_HEADERS
        headers = [headers] if isinstance(headers, str) else list(headers)
        old = self.preflight.get(http["path"], {})
        merged = {
            "headers": _union(headers, old.get("headers", [])),
            "methods": _union(methods, old.get("methods", [])),
            "origins": _union(list(given.get("origins") or []), old.get("origins", [])),
            "origin": given.get("origin", "*") if not given.get("origins") else None,
            "allowCredentials": old.get("allowCredentials") or bool(
                given.get("allowCredentials")),
        }
        for option in ("maxAge", "cacheControl"):
            if given.get(option):
                merged[option] = given[option]
        self.preflight[http["path"]] = merged
        http["_cors"] = merged

    def emit_cors(self) -> None:
        for path, config in self.preflight.items():
            origins = list(config["origins"])
            if config["origin"] and "," in config["origin"]:
                origins = [o.strip() for o in config["origin"].split(",")]
            origin = origins[0] if origins else config["origin"] or "*"
            headers = {"Access-Control-Allow-Origin": f"'{origin}'",
                       "Access-Control-Allow-Headers": f"'{','.join(config['headers'])}'",
                       "Access-Control-Allow-Methods": f"'{','.join(config['methods'])}'"}
            if config["allowCredentials"]:
                headers["Access-Control-Allow-Credentials"] = "'true'"
            if config.get("maxAge"):
                headers["Access-Control-Max-Age"] = f"'{config['maxAge']}'"
            if config.get("cacheControl"):
                headers["Cache-Control"] = f"'{config['cacheControl']}'"
            if "ANY" in config["methods"]:
                headers["Access-Control-Allow-Methods"] = headers[
                    "Access-Control-Allow-Methods"].replace("ANY", "DELETE,GET,HEAD,PATCH,POST,PUT")
            logical = naming.method(self.resource_name(path), "options")
            self.methods.append(logical)
            self.build.add(logical, {"Type": "AWS::ApiGateway::Method", "Properties": {
                "AuthorizationType": "NONE", "HttpMethod": "OPTIONS",
                "MethodResponses": [{"StatusCode": "200", "ResponseParameters": {
                    f"method.response.header.{h}": True for h in headers}, "ResponseModels": {}}],
                "RequestParameters": {},
                "Integration": {
                    "Type": "MOCK", "RequestTemplates": {"application/json": "{statusCode:200}"},
                    "ContentHandling": "CONVERT_TO_TEXT",
                    "IntegrationResponses": [{"StatusCode": "200", "ResponseParameters": {
                        f"method.response.header.{h}": v for h, v in headers.items()},
                        "ResponseTemplates": {"application/json": _origin_template(origins)}}]},
                "ResourceId": self.resource_ref(path), "RestApiId": self.api_id}})

    def method(self, key: str, http: dict[str, Any]) -> None:
        verb = http["method"]
        logical = naming.method(self.resource_name(http["path"]), verb)
        request = http.get("request") or {}
        if http.get("async"):
            raise ServerlessError(f'not supported: async http events (function "{key}")')
        parameters = _request_parameters(request.get("parameters") or {})
        props: dict[str, Any] = {
            "HttpMethod": verb.upper(), "RequestParameters": parameters,
            "ResourceId": self.resource_ref(http["path"]), "RestApiId": self.api_id,
            "ApiKeyRequired": bool(http.get("private")), "AuthorizationType": "NONE"}
        # the framework lodash-merges [authorizer] over [permission], index by index
        depends = self.authorization(key, http, props) or [
            f"{naming.normalize(key)}LambdaPermissionApiGateway"]
        integration = str(http.get("integration") or "lambda-proxy").lower()
        uri = join("arn:", PARTITION, ":apigateway:", REGION,
                   ":lambda:path/2015-03-31/functions/", self.build.function_arn(key),
                   "/invocations")
        if integration in ("lambda-proxy", "aws_proxy", "aws-proxy"):
            props["Integration"] = {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY",
                                    "Uri": uri}
            props["MethodResponses"] = []
        elif integration in ("lambda", "aws"):
            templates: dict[str, Any] = request_templates()
            for content_type, template in (request.get("template") or {}).items():
                if template is None:
                    templates.pop(content_type, None)
                else:
                    templates[content_type] = template
            response = http.get("response") or {}
            props["Integration"] = {
                "IntegrationHttpMethod": "POST", "Type": "AWS", "Uri": uri,
                "PassthroughBehavior": request.get("passThrough", "NEVER"),
                "ContentHandling": request.get("contentHandling"),
                "RequestTemplates": templates or None,
                "IntegrationResponses": integration_responses(http.get("_cors"), response)}
            if parameters:
                props["Integration"]["RequestParameters"] = {
                    name.replace("method.", "integration.", 1): name for name in parameters}
            props["MethodResponses"] = method_responses(http.get("_cors"), response)
        else:
            raise ServerlessError(f'not supported: http event integration "{integration}" '
                                  f'(function "{key}")')
        self.validation(logical, request, props)
        self.methods.append(logical)
        self.build.add(logical, {"Type": "AWS::ApiGateway::Method", "Properties": props,
                                 "DependsOn": depends})

    def validation(self, method: str, request: dict[str, Any], props: dict[str, Any]) -> None:
        """The request validator (for ``parameters`` or ``schemas``) and request models."""
        parameters = request.get("parameters") or {}
        if any(v.get("required", True) if isinstance(v, dict) else v
               for v in parameters.values()):
            props["RequestValidatorId"] = {"Ref": self.validator()}
        for content_type, config in (request.get("schemas") or {}).items():
            shared = (self.build.provider.get("apiGateway") or {}).get("request", {}).get(
                "schemas", {})
            if isinstance(config, str) and config in shared:
                model = self.shared_model(config, shared[config])
            else:
                model = f"{method}{_start_case(content_type)}Model"
                given = config if isinstance(config, dict) and "schema" in config else None
                self.build.add(model, {"Type": "AWS::ApiGateway::Model", "Properties": {
                    "RestApiId": self.api_id, "ContentType": content_type,
                    "Schema": given["schema"] if given else config,
                    "Name": given.get("name") if given else None,
                    "Description": given.get("description") if given else None}})
            props["RequestValidatorId"] = {"Ref": self.validator()}
            props.setdefault("RequestModels", {})[content_type] = {"Ref": model}

    def shared_model(self, name: str, config: Any) -> str:
        """``provider.apiGateway.request.schemas.<name>``: ``ApiGateway{Name}Model``."""
        words = re.findall(r"[A-Za-z0-9]+", name)
        logical = "ApiGateway" + "".join(w[:1].upper() + w[1:].lower() for w in words) + "Model"
        schema = config.get("schema", config) if isinstance(config, dict) else config
        props: dict[str, Any] = {"RestApiId": self.api_id, "Schema": schema,
                                 "ContentType": "application/json"}
        if isinstance(config, dict) and config.get("name"):
            props["Name"] = config["name"]
        if isinstance(config, dict) and config.get("description"):
            props["Description"] = config["description"]
        self.build.add(logical, {"Type": "AWS::ApiGateway::Model", "Properties": props})
        return logical

    def execute_api_arn(self) -> Any:
        return join("arn:", PARTITION, ":execute-api:", REGION, ":", ACCOUNT, ":", self.api_id,
                    "/*/*")

    def validator(self) -> str:
        logical = f"ApiGateway{naming.alnum(self.build.service)}RequestValidator"
        if not self.validator_made:
            self.validator_made = True
            self.build.add(logical, {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
                "RestApiId": self.api_id, "ValidateRequestBody": True,
                "ValidateRequestParameters": True,
                "Name": f"{self.build.service}-{self.build.stage} | Validate request body and "
                        f"querystring parameters"}})
        return logical

    def authorization(self, key: str, http: dict[str, Any], props: dict[str, Any]) -> list[str]:
        """Sets AuthorizationType (and AuthorizerId); returns extra DependsOn ids."""
        auth = http.get("authorizer")
        if not auth:
            return []
        ttl = 300 if isinstance(auth, dict) else None   # the object form defaults to 300 s
        if isinstance(auth, str):
            auth = {"type": "AWS_IAM"} if auth.lower() == "aws_iam" else (
                {"arn": auth} if auth.startswith("arn:") else {"name": auth})
        kind = str(auth.get("type") or "").upper()
        if kind == "AWS_IAM":
            props["AuthorizationType"] = "AWS_IAM"
            return []
        if auth.get("authorizerId"):
            props["AuthorizationType"] = kind or "CUSTOM"
            props["AuthorizerId"] = auth["authorizerId"]
            return []
        arn = auth.get("arn")
        name = auth.get("name") or (str(arn).split(":")[-1].split("-")[-1] if arn else None)
        if not name:
            raise ServerlessError(f'Invalid authorizer in function "{key}"')
        logical = f"{naming.normalize(name)}ApiGatewayAuthorizer"
        cognito = kind == "COGNITO_USER_POOLS" or (
            isinstance(arn, str) and arn.startswith("arn:aws:cognito-idp"))
        self._authorizer(logical, name, {"resultTtlInSeconds": ttl, **auth}, arn, cognito)
        props["AuthorizationType"] = "COGNITO_USER_POOLS" if cognito else "CUSTOM"
        props["AuthorizerId"] = {"Ref": logical}
        if cognito and auth.get("scopes"):
            props["AuthorizationScopes"] = auth["scopes"]
        return [logical]

    def _authorizer(self, logical: str, name: str, auth: dict[str, Any], arn: Any,
                    cognito: bool) -> None:
        if logical in self.build.resources:
            return
        props: dict[str, Any] = {
            "AuthorizerResultTtlInSeconds": auth.get("resultTtlInSeconds"),
            "IdentitySource": auth.get("identitySource", "method.request.header.Authorization"),
            "Name": name, "RestApiId": self.api_id}
        if auth.get("identityValidationExpression"):
            props["IdentityValidationExpression"] = auth["identityValidationExpression"]
        resource: dict[str, Any] = {"Type": "AWS::ApiGateway::Authorizer", "Properties": props}
        if cognito:
            props["Type"] = "COGNITO_USER_POOLS"
            props["ProviderARNs"] = [arn]
        else:
            target = arn if arn else self.build.function_arn(name)
            if not arn:
                self.build.permission(f"{naming.normalize(name)}LambdaPermissionApiGateway", name,
                                      "apigateway.amazonaws.com", self.execute_api_arn())
            props["AuthorizerUri"] = join(
                "arn:", PARTITION, ":apigateway:", REGION, ":lambda:path/2015-03-31/functions/",
                target, "/invocations")
            props["Type"] = str(auth.get("type") or "TOKEN").upper()
        self.build.add(logical, resource)


def _start_case(text: str) -> str:
    """lodash ``startCase`` without the spaces: ``application/json`` -> ``ApplicationJson``."""
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", text))


def _origin_template(origins: list[str]) -> str:
    """With several allowed origins, the preflight answers with the caller's own Origin when
    it matches one of them (``*`` a wildcard), as the framework's template does."""
    if not origins:
        return ""
    tests = " || ".join(
        f'$origin.matches("{o.replace(".", "[.]").replace("*", ".+", 1)}")' for o in origins)
    return ('#set($origin = $input.params("Origin"))\n'
            '#if($origin == "") #set($origin = $input.params("origin")) #end\n'
            f"#if({tests}) #set($context.responseOverride.header.Access-Control-Allow-Origin"
            " = $origin) #end")


def _request_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, prefix in (("querystrings", "querystring"), ("headers", "header"),
                         ("paths", "path")):
        for name, required in (parameters.get(kind) or {}).items():
            value = required.get("required", False) if isinstance(required, dict) else required
            out[f"method.request.{prefix}.{name}"] = bool(value)
    return out


def _api_keys(build: Build, gateway: dict[str, Any], api_id: Any, deployment: str) -> None:
    keys = gateway.get("apiKeys") or []
    if not keys and not gateway.get("usagePlan"):
        return
    for index, key in enumerate(keys, start=1):
        if isinstance(key, dict) and not ("name" in key or "value" in key):
            raise ServerlessError("not supported: per-usage-plan api keys")
        props: dict[str, Any] = {"Enabled": True,
                                 "Name": key if isinstance(key, str) else key.get("name"),
                                 "StageKeys": [{"RestApiId": api_id, "StageName": build.stage}]}
        if isinstance(key, dict):
            for option, field_name in (("value", "Value"), ("description", "Description"),
                                       ("customerId", "CustomerId")):
                if key.get(option):
                    props[field_name] = key[option]
            if key.get("enabled") is False:
                props["Enabled"] = False
        build.add(f"ApiGatewayApiKey{index}", {"Type": "AWS::ApiGateway::ApiKey",
                                               "Properties": props, "DependsOn": deployment})
    plan = gateway.get("usagePlan") or {}
    if isinstance(plan, list):
        raise ServerlessError("not supported: several usage plans")
    props = {"ApiStages": [{"ApiId": api_id, "Stage": build.stage}],
             "Description": f"Usage plan for {build.service} {build.stage} stage",
             "UsagePlanName": f"{build.service}-{build.stage}"}
    if plan.get("quota"):
        props["Quota"] = {k[:1].upper() + k[1:]: v for k, v in plan["quota"].items()}
    if plan.get("throttle"):
        props["Throttle"] = {k[:1].upper() + k[1:]: v for k, v in plan["throttle"].items()}
    build.add("ApiGatewayUsagePlan", {"Type": "AWS::ApiGateway::UsagePlan",
                                      "DependsOn": deployment, "Properties": props})
    for index in range(1, len(keys) + 1):
        build.add(f"ApiGatewayUsagePlanKey{index}", {
            "Type": "AWS::ApiGateway::UsagePlanKey", "Properties": {
                "KeyId": {"Ref": f"ApiGatewayApiKey{index}"}, "KeyType": "API_KEY",
                "UsagePlanId": {"Ref": "ApiGatewayUsagePlan"}}})


def _union(first: list[Any], second: list[Any]) -> list[Any]:
    return list(dict.fromkeys([*first, *second]))
