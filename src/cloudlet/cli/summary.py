"""What a deployed stack offers, as ``sls info`` prints it: endpoints (URLs of this
cloudlet to curl), functions, outputs.

Endpoints are read from the APIs the stack made: each REST API's stages and its
resources' methods (``GET - http://{id}.execute-api.localhost:{port}/{stage}/path``),
each HTTP API's routes on its stages (``$default``: no stage segment).
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from cloudlet.cli.cloud import Cloud


@dataclass
class Summary:
    stack_name: str
    status: str
    region: str
    endpoints: list[str] = field(default_factory=list)
    functions: dict[str, str] = field(default_factory=dict)  # key or logical id -> name
    outputs: dict[str, str] = field(default_factory=dict)
    service: str | None = None
    stage: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        head = [f"service: {self.service}", f"stage: {self.stage}"] if self.service else []
        out = [*head, f"region: {self.region}", f"stack: {self.stack_name}"]
        if self.endpoints:
            out += ["endpoints:", *(f"  {e}" for e in self.endpoints)]
        if self.functions:
            out += ["functions:", *(f"  {k}: {v}" for k, v in self.functions.items())]
        if self.outputs:
            out += ["outputs:", *(f"  {k}: {v}" for k, v in self.outputs.items())]
        return out


def stack_resources(cloud: Cloud, stack: str) -> list[dict[str, Any]]:
    cfn = cloud.client("cloudformation")
    found: list[dict[str, Any]] = []
    for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack):
        found += page["StackResourceSummaries"]
    return found


def rest_endpoints(cloud: Cloud, api_id: str) -> list[str]:
    apigw = cloud.client("apigateway")
    stages = [s["stageName"] for s in apigw.get_stages(restApiId=api_id).get("item", [])]
    routes: list[tuple[str, str]] = []
    for page in apigw.get_paginator("get_resources").paginate(restApiId=api_id):
        for resource in page.get("items", []):
            for method in sorted(resource.get("resourceMethods") or {}):
                if method != "OPTIONS":
                    routes.append((method, resource["path"]))
    routes.sort(key=lambda r: (r[1], r[0]))
    return [f"{method} - {cloud.api_url(api_id, stage)}{'' if path == '/' else path}"
            for stage in stages for method, path in routes]


def http_endpoints(cloud: Cloud, api_id: str) -> list[str]:
    v2 = cloud.client("apigatewayv2")
    stages = [s["StageName"] for s in v2.get_stages(ApiId=api_id).get("Items", [])]
    lines: list[str] = []
    routes = sorted(r["RouteKey"] for r in v2.get_routes(ApiId=api_id).get("Items", []))
    for stage in stages:
        base = cloud.api_url(api_id, stage)
        for key in routes:
            method, _, path = key.partition(" ")
            lines.append(f"{method} - {base}{path}" if path else f"{key} - {base}")
    return lines


def function_url(cloud: Cloud, function_arn: str) -> str:
    """``NAME: URL`` of a function URL (the physical id is the function's ARN, an alias's
    when qualified)."""
    name, _, alias = function_arn.split(":function:", 1)[1].partition(":")
    params = {"FunctionName": name, **({"Qualifier": alias} if alias else {})}
    config = cloud.client("lambda").get_function_url_config(**params)
    return f"{name}{':' + alias if alias else ''}: {config['FunctionUrl']}"


def summarize(cloud: Cloud, description: dict[str, Any], *,
              functions: dict[str, str] | None = None, service: str | None = None,
              stage: str | None = None) -> Summary:
    """The summary of a settled stack; ``functions`` maps serverless keys to the names
    they deployed as (by default every function of the stack, by logical id)."""
    name = description["StackName"]
    summary = Summary(name, description["StackStatus"], cloud.region, service=service,
                      stage=stage)
    summary.outputs = {o["OutputKey"]: o["OutputValue"]
                       for o in description.get("Outputs", [])}
    resources = stack_resources(cloud, description["StackId"])
    for resource in resources:
        kind, physical = resource["ResourceType"], resource.get("PhysicalResourceId")
        if not physical or not resource["ResourceStatus"].endswith("COMPLETE") \
                or resource["ResourceStatus"].startswith("DELETE"):
            continue
        with contextlib.suppress(ClientError):
            if kind == "AWS::ApiGateway::RestApi":
                summary.endpoints += rest_endpoints(cloud, physical)
            elif kind == "AWS::ApiGatewayV2::Api":
                summary.endpoints += http_endpoints(cloud, physical)
            elif kind == "AWS::Lambda::Url":
                summary.endpoints.append(function_url(cloud, physical))
        if kind == "AWS::Lambda::Function" and functions is None:
            summary.functions[resource["LogicalResourceId"]] = physical
    if functions is not None:
        summary.functions = dict(functions)
    return summary
