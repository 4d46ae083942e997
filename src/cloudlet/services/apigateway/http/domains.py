"""Custom domain names and API mappings for HTTP APIs, stored as data.

https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/domainnames-domainname-apimappings.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-custom-domain-names.html

- CreateDomainName: a lower-case DNS name, unique in the account and region
  (ConflictException); each DomainNameConfiguration needs a CertificateArn and gets
  EndpointType REGIONAL, SecurityPolicy TLS_1_2, DomainNameStatus AVAILABLE and an
  ApiGatewayDomainName ``d-{id}.execute-api.{region}.amazonaws.com``.
  ApiMappingSelectionExpression is ``$request.basepath``; DomainNameArn
  ``arn:aws:apigateway:{region}::/domainnames/{name}``.
- CreateApiMapping maps ``ApiMappingKey`` (a base path, "" for the root) of a domain to a
  stage of an API; the key is unique per domain (ConflictException), the API and stage
  must exist (NotFoundException). Deleting a domain deletes its mappings.
- Stored kinds (account-wide, ``api`` = ""): ``v2domainname`` (id = the name) and
  ``apimapping`` (id = ``{domain}/{ApiMappingId}``, private member ``domainName``).

LIMITATIONS: requests to a custom domain are not served (there is no DNS); EDGE endpoints,
MutualTlsAuthentication, RoutingMode other than API_MAPPING_ONLY, HostedZoneId and
certificate checks are not supported. Error texts are cloudlet's.
"""

from __future__ import annotations

import re
from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
    not_supported,
)
from cloudlet.services.apigateway.http.common import Doc, get_api, get_child, page, public
from cloudlet.services.apigateway.registry import http_service, store
from cloudlet.services.apigateway.store import new_id

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9*]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_KEY = re.compile(r"^$|^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")


def _configurations(ctx: RequestContext, configs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for config in configs:
        if not config.get("CertificateArn"):
            raise BadRequestException("CertificateArn is required in a DomainNameConfiguration")
        if config.get("EndpointType", "REGIONAL") != "REGIONAL":
            raise not_supported(f"EndpointType {config['EndpointType']} for HTTP API domains")
        out.append({
            "ApiGatewayDomainName": f"d-{new_id(10)}.execute-api.{ctx.region}.amazonaws.com",
            "DomainNameStatus": "AVAILABLE",
            "EndpointType": "REGIONAL",
            "SecurityPolicy": "TLS_1_2",
            **config,
        })
    return out


def _domain(ctx: RequestContext, name: str) -> Doc:
    found = store(ctx).get("v2domainname", "", name)
    if found is None:
        raise NotFoundException(
            f"Invalid domain name identifier specified {name}", "DomainName")
    return found


@http_service.operation("CreateDomainName")
def create_domain_name(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    name = req["DomainName"]
    if not _DOMAIN.match(name):
        raise BadRequestException(f"Invalid domain name {name}")
    if req.get("MutualTlsAuthentication"):
        raise not_supported("MutualTlsAuthentication")
    if req.get("RoutingMode", "API_MAPPING_ONLY") != "API_MAPPING_ONLY":
        raise not_supported(f"RoutingMode {req['RoutingMode']}")
    st = store(ctx)
    if st.get("v2domainname", "", name) is not None:
        raise ConflictException("The domain name you provided already exists.")
    doc: Doc = {
        "DomainName": name,
        "DomainNameArn": f"arn:aws:apigateway:{ctx.region}::/domainnames/{name}",
        "ApiMappingSelectionExpression": "$request.basepath",
        "DomainNameConfigurations": _configurations(ctx, req.get("DomainNameConfigurations") or []),
        "RoutingMode": "API_MAPPING_ONLY",
        "Tags": dict(req.get("Tags") or {}),
    }
    st.put("v2domainname", "", name, doc)
    return public(doc)


@http_service.operation("GetDomainName")
def get_domain_name(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(_domain(ctx, req["DomainName"]))


@http_service.operation("GetDomainNames")
def get_domain_names(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page(store(ctx).list("v2domainname", ""), req)


@http_service.operation("UpdateDomainName")
def update_domain_name(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = _domain(ctx, req["DomainName"])
    if req.get("MutualTlsAuthentication"):
        raise not_supported("MutualTlsAuthentication")
    if "DomainNameConfigurations" in req:
        doc["DomainNameConfigurations"] = _configurations(ctx, req["DomainNameConfigurations"])
    store(ctx).put("v2domainname", "", doc["DomainName"], doc)
    return public(doc)


@http_service.operation("DeleteDomainName")
def delete_domain_name(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _domain(ctx, req["DomainName"])
    st = store(ctx)
    with st.write():
        for mapping in _mappings(ctx, doc["DomainName"]):
            st.delete("apimapping", "", f"{doc['DomainName']}/{mapping['ApiMappingId']}")
        st.delete("v2domainname", "", doc["DomainName"])
    return {}


def _mappings(ctx: RequestContext, domain: str) -> list[Doc]:
    return [m for m in store(ctx).list("apimapping", "") if m.get("domainName") == domain]


def _mapping(ctx: RequestContext, domain: str, mapping_id: str) -> Doc:
    _domain(ctx, domain)
    found = store(ctx).get("apimapping", "", f"{domain}/{mapping_id}")
    if found is None:
        raise NotFoundException(
            f"Invalid API mapping identifier specified {mapping_id}", "ApiMapping")
    return found


def _check_mapping(ctx: RequestContext, doc: Doc) -> Doc:
    get_child(ctx, "stage", doc["ApiId"], doc["Stage"])
    key = doc.get("ApiMappingKey", "")
    if not _KEY.match(key):
        raise BadRequestException(f"Invalid ApiMappingKey {key}")
    for other in _mappings(ctx, doc["domainName"]):
        if other.get("ApiMappingKey", "") == key and other["ApiMappingId"] != doc["ApiMappingId"]:
            raise ConflictException(f"ApiMapping with key '{key}' already exists for this domain")
    return doc


@http_service.operation("CreateApiMapping")
def create_api_mapping(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    _domain(ctx, req["DomainName"])
    get_api(ctx, req["ApiId"])
    doc: Doc = {"ApiMappingId": new_id(6), "ApiId": req["ApiId"], "Stage": req["Stage"],
                "ApiMappingKey": req.get("ApiMappingKey") or "",
                "domainName": req["DomainName"]}
    _check_mapping(ctx, doc)
    store(ctx).put("apimapping", "", f"{req['DomainName']}/{doc['ApiMappingId']}", doc)
    return public(doc)


@http_service.operation("GetApiMapping")
def get_api_mapping(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(_mapping(ctx, req["DomainName"], req["ApiMappingId"]))


@http_service.operation("GetApiMappings")
def get_api_mappings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _domain(ctx, req["DomainName"])
    return page(_mappings(ctx, req["DomainName"]), req)


@http_service.operation("UpdateApiMapping")
def update_api_mapping(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    doc = _mapping(ctx, req["DomainName"], req["ApiMappingId"])
    for member in ("ApiId", "ApiMappingKey", "Stage"):
        if member in req:
            doc[member] = req[member]
    get_api(ctx, doc["ApiId"])
    _check_mapping(ctx, doc)
    store(ctx).put("apimapping", "", f"{req['DomainName']}/{doc['ApiMappingId']}", doc)
    return public(doc)


@http_service.operation("DeleteApiMapping")
def delete_api_mapping(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = _mapping(ctx, req["DomainName"], req["ApiMappingId"])
    store(ctx).delete("apimapping", "", f"{req['DomainName']}/{doc['ApiMappingId']}")
    return {}
