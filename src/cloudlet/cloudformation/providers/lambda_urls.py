"""AWS::Lambda::Url: a function URL (CreateFunctionUrlConfig).

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-url.html
- ``TargetFunctionArn`` is the function's name or ARN (an alias ARN, or ``Qualifier``,
  names the alias's URL); ``AuthType``, ``Cors`` and ``InvokeMode`` update in place
  (UpdateFunctionUrlConfig; a removed ``Cors`` is cleared), a new target or qualifier
  replaces the URL.
- ``Ref`` is the function's ARN; ``Fn::GetAtt`` gives ``FunctionArn`` and ``FunctionUrl``.
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ResourceContext,
    ignore_missing,
    provider,
)


def _target(props: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"FunctionName": props["TargetFunctionArn"]}
    if props.get("Qualifier"):
        out["Qualifier"] = props["Qualifier"]
    return out


def _outcome(config: dict[str, Any]) -> Outcome:
    return Outcome(config["FunctionArn"], {"FunctionArn": config["FunctionArn"],
                                           "FunctionUrl": config["FunctionUrl"]})


@provider
class FunctionUrl(Provider):
    type_name = "AWS::Lambda::Url"
    properties = frozenset({"TargetFunctionArn", "Qualifier", "AuthType", "Cors", "InvokeMode"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = {**_target(props), "AuthType": props["AuthType"]}
        for member in ("Cors", "InvokeMode"):
            if props.get(member) is not None:
                params[member] = props[member]
        return _outcome(await ctx.call("lambda", "CreateFunctionUrlConfig", params))

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = {**_target(props), "AuthType": props["AuthType"],
                  "Cors": props.get("Cors") or {},
                  "InvokeMode": props.get("InvokeMode") or "BUFFERED"}
        return _outcome(await ctx.call("lambda", "UpdateFunctionUrlConfig", params))

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("lambda", "DeleteFunctionUrlConfig",
                                              _target(ctx.properties)))
