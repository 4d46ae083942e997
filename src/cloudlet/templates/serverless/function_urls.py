"""A function's ``url``: the AWS::Lambda::Url and permissions the framework compiles.

As the Serverless Framework's ``compileFunctionUrl`` (``lib/plugins/aws/package/compile/
functions.js``): ``url: true`` or ``url: {authorizer: aws_iam, cors: ..., invokeMode: ...}``
gives ``{Fn}LambdaFunctionUrl`` (AuthType NONE, or AWS_IAM for ``authorizer: aws_iam``;
TargetFunctionArn the function's ARN), the output ``{Fn}LambdaFunctionUrl`` ("Lambda
Function URL", its FunctionUrl), and for NONE the permissions ``{Fn}LambdaPermissionFnUrl``
(``lambda:InvokeFunctionUrl`` for ``*``) and ``{Fn}LambdaPermissionFnUrlInvokeFunction``
(``lambda:InvokeFunction`` for ``*`` when invoked via the URL). ``cors: true`` is the
framework's default (every origin and method, its six headers); each of ``allowedOrigins``,
``allowedHeaders``, ``allowedMethods`` replaces the default (``null`` removes it),
``allowCredentials``, ``exposedResponseHeaders`` and ``maxAge`` are added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.templates.serverless import naming

if TYPE_CHECKING:
    from cloudlet.templates.serverless.build import Build

DEFAULT_CORS: dict[str, list[str]] = {
    "allowedOrigins": ["*"],
    "allowedHeaders": ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key",
                       "X-Amz-Security-Token", "X-Amzn-Trace-Id"],
    "allowedMethods": ["*"],
}


def _unique(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _cors(setting: Any) -> dict[str, Any]:
    given = setting if isinstance(setting, dict) else {}
    cors: dict[str, Any] = {k: list(v) for k, v in DEFAULT_CORS.items()}
    for key in DEFAULT_CORS:
        if given.get(key):
            cors[key] = _unique(given[key])
        elif key in given and given[key] is None:
            del cors[key]
    out = {"AllowCredentials": True if given.get("allowCredentials") else None,
           "AllowHeaders": cors.get("allowedHeaders"),
           "AllowMethods": cors.get("allowedMethods"),
           "AllowOrigins": cors.get("allowedOrigins"),
           "ExposeHeaders": _unique(given["exposedResponseHeaders"])
           if given.get("exposedResponseHeaders") else None,
           "MaxAge": given.get("maxAge")}
    return {k: v for k, v in out.items() if v is not None}


def compile_url(build: Build, key: str) -> None:
    url = build.functions[key].get("url")
    if not url:
        return
    settings = url if isinstance(url, dict) else {}
    auth = "AWS_IAM" if settings.get("authorizer") == "aws_iam" else "NONE"
    target = {"Fn::GetAtt": [naming.function(key), "Arn"]}
    properties: dict[str, Any] = {"AuthType": auth, "TargetFunctionArn": target}
    if settings.get("cors"):
        properties["Cors"] = _cors(settings["cors"])
    if str(settings.get("invokeMode") or "").upper() == "RESPONSE_STREAM":
        properties["InvokeMode"] = "RESPONSE_STREAM"
    logical = f"{naming.normalize(key)}LambdaFunctionUrl"
    build.add(logical, {"Type": "AWS::Lambda::Url", "Properties": properties})
    build.outputs[logical] = {"Description": "Lambda Function URL",
                        "Value": {"Fn::GetAtt": [logical, "FunctionUrl"]}}
    if auth == "NONE":
        permission = f"{naming.normalize(key)}LambdaPermissionFnUrl"
        build.add(permission, {"Type": "AWS::Lambda::Permission", "Properties": {
            "FunctionName": target, "Action": "lambda:InvokeFunctionUrl", "Principal": "*",
            "FunctionUrlAuthType": auth}})
        build.add(f"{permission}InvokeFunction", {
            "Type": "AWS::Lambda::Permission", "Properties": {
                "FunctionName": target, "Action": "lambda:InvokeFunction", "Principal": "*",
                "InvokedViaFunctionUrl": True}})
