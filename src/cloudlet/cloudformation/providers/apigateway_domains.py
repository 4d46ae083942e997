"""Custom domain names, kept as data as the service keeps them (no DNS, TLS or serving):
AWS::ApiGateway::DomainName and ::BasePathMapping, AWS::ApiGatewayV2::DomainName and
::ApiMapping.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainname.html
- ``Ref`` is the domain name; ``Fn::GetAtt`` gives DistributionDomainName,
  DistributionHostedZoneId (EDGE), RegionalDomainName, RegionalHostedZoneId (REGIONAL) and
  DomainNameArn. Certificates, the security policy and the endpoint type update in place
  (UpdateDomainName), tags through TagResource; DomainName replaces.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-basepathmapping.html
- A mapping of ``BasePath`` (empty: ``(none)``) to an API and stage; the API and stage
  update in place, the domain and base path replace. Its physical id is generated.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-domainname.html
- ``Ref`` is the domain name; ``Fn::GetAtt`` RegionalDomainName, RegionalHostedZoneId
  (of the first configuration) and DomainNameArn; DomainNameConfigurations update in place.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-apimapping.html
- ``Ref`` (and ``Fn::GetAtt`` ``ApiMappingId``) is the mapping id; ApiId, Stage and
  ApiMappingKey update in place (UpdateApiMapping), DomainName replaces.

LIMITATIONS: the data plane does not route custom domains (see the service).
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.apigateway_shared import (
    camel,
    camel_tree,
    endpoint_type_ops,
    given,
    kept,
    made,
    members,
    patch,
    remove,
    replace_changed,
    retag,
    tag_map,
)
from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    provider,
)

REST, HTTP = "apigateway", "apigatewayv2"

_DOMAIN_CREATE = ("CertificateArn", "RegionalCertificateArn", "SecurityPolicy",
                  "OwnershipVerificationCertificateArn", "RoutingMode", "EndpointAccessMode")
_DOMAIN_PATHS = {"CertificateArn": "/certificateArn",
                 "RegionalCertificateArn": "/regionalCertificateArn",
                 "SecurityPolicy": "/securityPolicy"}
_DOMAIN_ATTRIBUTES = {"DistributionDomainName": "distributionDomainName",
                      "DistributionHostedZoneId": "distributionHostedZoneId",
                      "RegionalDomainName": "regionalDomainName",
                      "RegionalHostedZoneId": "regionalHostedZoneId",
                      "DomainNameArn": "domainNameArn"}


def _domain_outcome(doc: dict[str, Any]) -> Outcome:
    return Outcome(doc["domainName"], {k: doc[m] for k, m in _DOMAIN_ATTRIBUTES.items()
                                       if doc.get(m) is not None})


@provider
class DomainName(Provider):
    type_name = "AWS::ApiGateway::DomainName"
    properties = frozenset({"DomainName", "EndpointConfiguration", "MutualTlsAuthentication",
                            "Tags", *_DOMAIN_CREATE})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = members(props, _DOMAIN_CREATE)
        for name in ("EndpointConfiguration", "MutualTlsAuthentication"):
            if props.get(name):
                params[camel(name)] = camel_tree(props[name])
        if not props.get("DomainName"):
            raise ProviderError("not supported: a DomainName without its DomainName")
        doc = await ctx.call(REST, "CreateDomainName", {
            "domainName": props["DomainName"], **params,
            "tags": tag_map(ctx, props.get("Tags"))})
        return _domain_outcome(doc)

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        ops = replace_changed(old, props, _DOMAIN_PATHS)
        ops += endpoint_type_ops(old, props)
        name = str(ctx.physical_id)
        await patch(ctx, "UpdateDomainName", {"domainName": name}, ops)
        doc = await ctx.call(REST, "GetDomainName", {"domainName": name})
        await retag(ctx, REST, doc["domainNameArn"])
        return _domain_outcome(doc)

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteDomainName", {"domainName": ctx.physical_id})


def _base_path(props: dict[str, Any]) -> str:
    return str(props.get("BasePath") or "(none)")


def _mapping_key(props: dict[str, Any]) -> dict[str, Any]:
    return {"domainName": props["DomainName"], "basePath": _base_path(props)}


@provider
class BasePathMapping(Provider):
    type_name = "AWS::ApiGateway::BasePathMapping"
    properties = frozenset({"DomainName", "BasePath", "RestApiId", "Stage"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        await ctx.call(REST, "CreateBasePathMapping", {
            "domainName": props["DomainName"], "basePath": _base_path(props),
            **members(props, ("RestApiId", "Stage"))})
        return made(ctx.physical_name())

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        ops = replace_changed(ctx.previous or {}, props, {"RestApiId": "/restapiId",
                                                          "Stage": "/stage"})
        await patch(ctx, "UpdateBasePathMapping", _mapping_key(props), ops)
        return kept(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteBasePathMapping", _mapping_key(ctx.properties))


def _v2_domain_outcome(doc: dict[str, Any]) -> Outcome:
    first = (doc.get("DomainNameConfigurations") or [{}])[0]
    attributes = {"RegionalDomainName": first.get("ApiGatewayDomainName"),
                  "RegionalHostedZoneId": first.get("HostedZoneId"),
                  "DomainNameArn": doc.get("DomainNameArn")}
    return Outcome(doc["DomainName"], {k: v for k, v in attributes.items() if v is not None})


@provider
class DomainNameV2(Provider):
    type_name = "AWS::ApiGatewayV2::DomainName"
    properties = frozenset({"DomainName", "DomainNameConfigurations",
                            "MutualTlsAuthentication", "RoutingMode", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params = given(props, ("DomainNameConfigurations", "MutualTlsAuthentication",
                               "RoutingMode"))
        doc = await ctx.call(HTTP, "CreateDomainName", {
            "DomainName": props["DomainName"], **params,
            "Tags": tag_map(ctx, props.get("Tags"))})
        return _v2_domain_outcome(doc)

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        name = str(ctx.physical_id)
        if props.get("DomainNameConfigurations") != old.get("DomainNameConfigurations"):
            await ctx.call(HTTP, "UpdateDomainName", {
                "DomainName": name,
                "DomainNameConfigurations": props.get("DomainNameConfigurations") or []})
        doc = await ctx.call(HTTP, "GetDomainName", {"DomainName": name})
        await retag(ctx, HTTP, doc["DomainNameArn"], keys=("ResourceArn", "Tags", "TagKeys"))
        return _v2_domain_outcome(doc)

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteDomainName", {"DomainName": ctx.physical_id}, service=HTTP)


_MAPPING = ("ApiId", "Stage", "ApiMappingKey")


@provider
class ApiMapping(Provider):
    type_name = "AWS::ApiGatewayV2::ApiMapping"
    properties = frozenset({"DomainName", *_MAPPING})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        out = await ctx.call(HTTP, "CreateApiMapping", {
            "DomainName": props["DomainName"],
            **given(props, _MAPPING)})
        return made(out["ApiMappingId"], "ApiMappingId")

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        await ctx.call(HTTP, "UpdateApiMapping", {
            "DomainName": props["DomainName"], "ApiMappingId": ctx.physical_id,
            "ApiId": props["ApiId"], "Stage": props["Stage"],
            "ApiMappingKey": props.get("ApiMappingKey") or ""})
        return kept(ctx, "ApiMappingId")

    async def delete(self, ctx: ResourceContext) -> None:
        await remove(ctx, "DeleteApiMapping", {"DomainName": ctx.properties["DomainName"],
                                               "ApiMappingId": ctx.physical_id}, service=HTTP)
