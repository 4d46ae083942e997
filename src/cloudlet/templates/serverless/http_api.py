"""``httpApi`` events: one API Gateway HTTP API (``HttpApi``) with a ``$default`` stage.

https://www.serverless.com/framework/docs/providers/aws/events/http-api
- Routes ``HttpApiRoute{Method}{Path}`` (``'*'`` is ``$default``: ``HttpApiRouteDefault``),
  one ``HttpApiIntegration{Fn}`` (AWS_PROXY, payload ``provider.httpApi.payload``, 2.0 by
  default) and ``{Fn}LambdaPermissionHttpApi`` per function.
- ``provider.httpApi.cors`` (``true`` or a map) as CorsConfiguration; authorizers ``jwt``
  (``HttpApiAuthorizer{Name}``, scopes on the route) and ``request`` (a function of the
  service or an ARN, with ``{Name}LambdaAuthorizerPermissionHttpApi``); ``aws_iam`` routes.
- ``provider.httpApi.id`` attaches the routes to an existing HTTP API.
"""

from __future__ import annotations

from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import ACCOUNT, PARTITION, REGION, Build, get_att, join
from cloudlet.templates.serverless.errors import ServerlessError
from cloudlet.templates.serverless.rest_api import DEFAULT_CORS_HEADERS

METHODS = ["GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE"]


def _route_key(event: Any, key: str) -> tuple[str, dict[str, Any]]:
    if isinstance(event, str):
        event = {"path": event} if event == "*" else dict(
            zip(("method", "path"), event.split(" ", 1), strict=False))
    if not isinstance(event, dict):
        raise ServerlessError(f'Invalid httpApi event in function "{key}"')
    path = str(event.get("path", ""))
    if path == "*":
        return "*", event
    method = str(event.get("method") or "*").upper()
    return (f"ANY {path}" if method in ("*", "ANY") else f"{method} {path}"), event


def compile_http_api(build: Build) -> None:
    routes: list[tuple[str, str, dict[str, Any]]] = []
    for key, fn in build.functions.items():
        for event in fn.get("events") or []:
            if isinstance(event, dict) and "httpApi" in event:
                route, detail = _route_key(event["httpApi"], key)
                routes.append((key, route, detail))
    if not routes:
        return
    settings = build.provider.get("httpApi") or {}
    api_id: Any = settings.get("id") or {"Ref": naming.HTTP_API}
    if not settings.get("id"):
        methods = [route.split(" ")[0] for _, route, _ in routes]
        build.add(naming.HTTP_API, {"Type": "AWS::ApiGatewayV2::Api",
                                    "Properties": _api_properties(build, settings, methods)})
        build.add("HttpApiStage", {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": api_id, "StageName": "$default", "AutoDeploy": True,
            "DefaultRouteSettings": {"DetailedMetricsEnabled": bool(settings.get("metrics"))}}})
    authorizers = settings.get("authorizers") or {}
    used = {str((d.get("authorizer") or {}).get("name")) for _, _, d in routes
            if isinstance(d.get("authorizer"), dict)}
    for name, auth in authorizers.items():
        if name in used:
            _authorizer(build, api_id, name, auth)
    payload = str(settings.get("payload") or "2.0")
    seen: set[str] = set()
    for key, route, detail in routes:
        normalized = naming.normalize(key)
        integration = f"HttpApiIntegration{normalized}"
        if key not in seen:
            seen.add(key)
            build.permission(f"{normalized}LambdaPermissionHttpApi", key,
                             "apigateway.amazonaws.com",
                             join("arn:", PARTITION, ":execute-api:", REGION, ":", ACCOUNT, ":",
                                  api_id, "/*"))
            build.add(integration, {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
                "ApiId": api_id, "IntegrationType": "AWS_PROXY",
                "IntegrationUri": build.function_arn(key), "PayloadFormatVersion": payload,
                "TimeoutInMillis": 30000}})
        props: dict[str, Any] = {
            "ApiId": api_id, "RouteKey": "$default" if route == "*" else route,
            "Target": join("integrations", {"Ref": integration}, sep="/")}
        _route_authorization(detail.get("authorizer"), authorizers, props, key)
        build.add(naming.http_api_route(route), {"Type": "AWS::ApiGatewayV2::Route",
                                                 "Properties": props, "DependsOn": integration})
    if not settings.get("id"):
        build.outputs["HttpApiId"] = {"Description": "Id of the HTTP API", "Value": api_id}
        build.outputs["HttpApiUrl"] = {"Description": "URL of the HTTP API", "Value": join(
            "https://", api_id, ".execute-api.", REGION, ".", {"Ref": "AWS::URLSuffix"})}


def _cors_methods(used: list[str]) -> list[str]:
    """Without ``allowedMethods``: OPTIONS, then the routes' methods in order (every method
    for an ANY or ``*`` route), as the framework fills them."""
    methods = ["OPTIONS"]
    for method in used:
        for one in METHODS if method in ("ANY", "*") else [method]:
            if one not in methods:
                methods.append(one)
    return methods


def _api_properties(build: Build, settings: dict[str, Any], used: list[str]
                    ) -> dict[str, Any]:
    name = settings.get("name") or (
        f"{build.service}-{build.stage}" if settings.get("shouldStartNameWithService")
        else f"{build.stage}-{build.service}")
    props: dict[str, Any] = {"Name": name, "ProtocolType": "HTTP"}
    if settings.get("disableDefaultEndpoint"):
        props["DisableExecuteApiEndpoint"] = True
    cors = settings.get("cors")
    if cors:
        given = cors if isinstance(cors, dict) else {}
        config: dict[str, Any] = {
            "AllowHeaders": given.get("allowedHeaders") or DEFAULT_CORS_HEADERS,
            "AllowMethods": given.get("allowedMethods") or _cors_methods(used),
            "AllowOrigins": given.get("allowedOrigins") or ["*"]}
        if given.get("allowCredentials"):
            config["AllowCredentials"] = True
        if given.get("exposedResponseHeaders"):
            config["ExposeHeaders"] = given["exposedResponseHeaders"]
        if given.get("maxAge") is not None:
            config["MaxAge"] = given["maxAge"]
        props["CorsConfiguration"] = config
    return props


def _authorizer(build: Build, api_id: Any, name: str, auth: dict[str, Any]) -> None:
    logical = f"HttpApiAuthorizer{naming.normalize(name)}"
    kind = str(auth.get("type") or "jwt").lower()
    source = auth.get("identitySource")
    props: dict[str, Any] = {"ApiId": api_id, "Name": auth.get("name") or name}
    if kind == "jwt":
        props.update({"IdentitySource": [source], "AuthorizerType": "JWT", "JwtConfiguration": {
            "Audience": auth.get("audience") if isinstance(auth.get("audience"), list)
            else [auth.get("audience")], "Issuer": auth.get("issuerUrl")}})
    elif kind == "request":
        target = auth.get("functionArn") or get_att(naming.function(str(auth.get("functionName"))))
        props.update({
            "AuthorizerType": "REQUEST",
            "AuthorizerPayloadFormatVersion": str(auth.get("payloadVersion") or "2.0"),
            "AuthorizerUri": join("arn:", PARTITION, ":apigateway:", REGION,
                                  ":lambda:path/2015-03-31/functions/", target, "/invocations")})
        if source:
            props["IdentitySource"] = source if isinstance(source, list) else [source]
        if auth.get("enableSimpleResponses"):
            props["EnableSimpleResponses"] = True
        if auth.get("resultTtlInSeconds") is not None:
            props["AuthorizerResultTtlInSeconds"] = auth["resultTtlInSeconds"]
        if not auth.get("functionArn"):
            function = str(auth.get("functionName"))
            build.permission(f"{naming.normalize(name)}LambdaAuthorizerPermissionHttpApi",
                             function, "apigateway.amazonaws.com",
                             join("arn:", PARTITION, ":execute-api:", REGION, ":", ACCOUNT, ":",
                                  api_id, "/*"))
    else:
        raise ServerlessError(f'not supported: httpApi authorizer type "{kind}"')
    build.add(logical, {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": props})


def _route_authorization(auth: Any, authorizers: dict[str, Any], props: dict[str, Any],
                         key: str) -> None:
    if not auth:
        return
    if isinstance(auth, dict) and auth.get("type") == "aws_iam" or auth == "aws_iam":
        props["AuthorizationType"] = "AWS_IAM"
        return
    name = auth.get("name") if isinstance(auth, dict) else None
    if auth.get("id") if isinstance(auth, dict) else False:
        props.update({"AuthorizationType": str(auth.get("type") or "JWT").upper(),
                      "AuthorizerId": auth["id"]})
        return
    if name not in authorizers:
        raise ServerlessError(f'Function "{key}": httpApi authorizer "{name}" is not '
                              f"configured in provider.httpApi.authorizers")
    kind = str(authorizers[name].get("type") or "jwt").upper()
    props["AuthorizationType"] = "JWT" if kind == "JWT" else "CUSTOM"
    props["AuthorizerId"] = {"Ref": f"HttpApiAuthorizer{naming.normalize(str(name))}"}
    if auth.get("scopes"):
        props["AuthorizationScopes"] = auth["scopes"]
