"""Custom domain names and their base path mappings (account-wide), kept as data.

https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDomainName.html
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateBasePathMapping.html
- A domain's endpoint is EDGE unless ``endpointConfiguration`` says REGIONAL; it answers
  the CloudFront (``distributionDomainName``) or regional (``regionalDomainName``) target
  AWS would create, with ``domainNameStatus`` AVAILABLE.
- A name in use: ConflictException ``The domain name you provided already exists.``;
  unknown: NotFoundException ``Invalid domain name identifier specified``.
- A mapping ties ``basePath`` (``(none)`` for the empty path) to a REST API and optionally
  a stage of it. A path in use: ConflictException ``Base path already exists for this
  domain name``; unknown: NotFoundException ``Invalid base path mapping identifier
  specified``.

LIMITATIONS: no DNS, TLS or serving: the data plane does not route custom domains;
certificates are not checked; ``domainNameId`` (private domains) is ignored.
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.apigateway.errors import (
    BadRequestException,
    ConflictException,
    NotFoundException,
)
from cloudlet.services.apigateway.registry import rest_service, store
from cloudlet.services.apigateway.rest import patch
from cloudlet.services.apigateway.rest.common import Doc, now, page, public, rest_api
from cloudlet.services.apigateway.store import new_id

_CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2"
_COPIED = ("certificateName", "certificateArn", "regionalCertificateName",
           "regionalCertificateArn", "tags", "mutualTlsAuthentication",
           "ownershipVerificationCertificateArn", "policy", "routingMode",
           "endpointAccessMode")


def domain(ctx: RequestContext, name: str) -> Doc:
    found = store(ctx).get("domainname", "", name)
    if found is None:
        raise NotFoundException("Invalid domain name identifier specified")
    return found


@rest_service.operation("CreateDomainName")
def create_domain_name(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """A custom domain (201)."""
    name = req["domainName"]
    db = store(ctx)
    if db.get("domainname", "", name) is not None:
        raise ConflictException("The domain name you provided already exists.")
    endpoint = req.get("endpointConfiguration") or {}
    types = endpoint.get("types") or ["EDGE"]
    doc: Doc = {"domainName": name, "endpointConfiguration": {**endpoint, "types": types},
                "domainNameStatus": "AVAILABLE",
                "securityPolicy": req.get("securityPolicy") or "TLS_1_2",
                "domainNameArn": f"arn:aws:apigateway:{ctx.region}::/domainnames/{name}"}
    doc.update({k: req[k] for k in _COPIED if req.get(k) is not None})
    if "REGIONAL" in types:
        doc["regionalDomainName"] = f"d-{new_id(10)}.execute-api.{ctx.region}.amazonaws.com"
        doc["regionalHostedZoneId"] = "Z1UJRXOUMOOFQ8"
    else:
        doc["distributionDomainName"] = f"d{new_id(13)}.cloudfront.net"
        doc["distributionHostedZoneId"] = _CLOUDFRONT_ZONE
        if req.get("certificateArn") or req.get("certificateName"):
            doc["certificateUploadDate"] = now(ctx)
    db.put("domainname", "", name, doc)
    return doc


@rest_service.operation("GetDomainName")
def get_domain_name(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return public(domain(ctx, req["domainName"]))


@rest_service.operation("GetDomainNames")
def get_domain_names(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return page(store(ctx).list("domainname"), req)


_DOMAIN_RULES = patch.Rules(
    replace=("/certificateName", "/certificateArn", "/regionalCertificateName",
             "/regionalCertificateArn", "/securityPolicy", "/endpointConfiguration/types/*",
             "/mutualTlsAuthentication/truststoreUri",
             "/mutualTlsAuthentication/truststoreVersion"),
    list_members=("endpointConfiguration/types",),
)


@rest_service.operation("UpdateDomainName")
def update_domain_name(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateDomainName.html"""
    doc = domain(ctx, req["domainName"])
    patch.apply(doc, req.get("patchOperations") or [], _DOMAIN_RULES)
    store(ctx).put("domainname", "", doc["domainName"], doc)
    return public(doc)


def _mapping_id(name: str, base_path: str) -> str:
    return f"{name}/{base_path}"


@rest_service.operation("DeleteDomainName")
def delete_domain_name(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    """Delete the domain and its mappings (202)."""
    doc = domain(ctx, req["domainName"])
    db = store(ctx)
    with db.write():
        for mapping in db.list("basepathmapping"):
            if mapping.get("domainName") == doc["domainName"]:
                db.delete("basepathmapping", "", _mapping_id(doc["domainName"],
                                                             mapping["basePath"]))
        db.delete("domainname", "", doc["domainName"])
    return {}


def _check_target(ctx: RequestContext, doc: Doc) -> None:
    rest_api(ctx, doc["restApiId"])
    stage = doc.get("stage")
    if stage and store(ctx).get("stage", doc["restApiId"], stage) is None:
        raise BadRequestException("Invalid stage identifier specified")


def mapping(ctx: RequestContext, name: str, base_path: str) -> Doc:
    domain(ctx, name)
    found = store(ctx).get("basepathmapping", "", _mapping_id(name, base_path or "(none)"))
    if found is None:
        raise NotFoundException("Invalid base path mapping identifier specified")
    return found


def _shown(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if k != "domainName"}


@rest_service.operation("CreateBasePathMapping")
def create_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Map a base path of the domain to an API's stage (201)."""
    name = domain(ctx, req["domainName"])["domainName"]
    base_path = req.get("basePath") or "(none)"
    doc: Doc = {"domainName": name, "basePath": base_path, "restApiId": req["restApiId"]}
    if req.get("stage"):
        doc["stage"] = req["stage"]
    _check_target(ctx, doc)
    db = store(ctx)
    if db.get("basepathmapping", "", _mapping_id(name, base_path)) is not None:
        raise ConflictException("Base path already exists for this domain name")
    db.put("basepathmapping", "", _mapping_id(name, base_path), doc)
    return _shown(doc)


@rest_service.operation("GetBasePathMapping")
def get_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    return _shown(mapping(ctx, req["domainName"], req["basePath"]))


@rest_service.operation("GetBasePathMappings")
def get_base_path_mappings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = domain(ctx, req["domainName"])["domainName"]
    docs = [_shown(d) for d in store(ctx).list("basepathmapping") if d["domainName"] == name]
    return page(docs, req)


_MAPPING_RULES = patch.Rules(replace=("/basePath", "/restapiId", "/stage"))


@rest_service.operation("UpdateBasePathMapping")
def update_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> Doc:
    """Replace ``/basePath``, ``/restapiId`` or ``/stage``.
    https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateBasePathMapping.html
    """
    doc = mapping(ctx, req["domainName"], req["basePath"])
    old_id = _mapping_id(doc["domainName"], doc["basePath"])
    patch.apply(doc, req.get("patchOperations") or [], _MAPPING_RULES)
    if "restapiId" in doc:
        doc["restApiId"] = doc.pop("restapiId")
    doc["basePath"] = doc.get("basePath") or "(none)"
    _check_target(ctx, doc)
    new_key = _mapping_id(doc["domainName"], doc["basePath"])
    db = store(ctx)
    with db.write():
        if new_key != old_id:
            if db.get("basepathmapping", "", new_key) is not None:
                raise ConflictException("Base path already exists for this domain name")
            db.delete("basepathmapping", "", old_id)
        db.put("basepathmapping", "", new_key, doc)
    return _shown(doc)


@rest_service.operation("DeleteBasePathMapping")
def delete_base_path_mapping(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    doc = mapping(ctx, req["domainName"], req["basePath"])
    store(ctx).delete("basepathmapping", "", _mapping_id(doc["domainName"], doc["basePath"]))
    return {}
