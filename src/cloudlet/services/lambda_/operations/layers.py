"""Layers: publish, read, list and delete layer versions (rules in ``lambda_/layers.py``).

https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html
``Content.Location`` is a URL on this server answering the version's .zip, as GetFunction's
``Code.Location`` does.

LIMITATIONS
- Content only as ``ZipFile`` (no S3 locations until cloudlet has S3).
- Layer permissions (AddLayerVersionPermission, GetLayerVersionPolicy,
  RemoveLayerVersionPermission) answer 501: layers are visible to their own account only.
"""

from __future__ import annotations

from typing import Any, cast

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import code, service
from cloudlet.services.lambda_.arns import parse_layer
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)
from cloudlet.services.lambda_.layers import LISTED, NOT_FOUND, LayerVersion
from cloudlet.services.lambda_.operations.functions import code_location, paginate
from cloudlet.services.lambda_.shapes import (
    DeleteLayerVersionRequest,
    GetLayerVersionByArnRequest,
    GetLayerVersionRequest,
    GetLayerVersionResponse,
    LayerVersionContentInput,
    LayerVersionsListItem,
    ListLayersRequest,
    ListLayersResponse,
    ListLayerVersionsRequest,
    ListLayerVersionsResponse,
    PublishLayerVersionRequest,
    PublishLayerVersionResponse,
)

MAX_LIST_ITEMS = 50


def _package(content: LayerVersionContentInput) -> code.Package:
    if content.get("S3Bucket") or content.get("S3Key"):
        raise InvalidParameterValueException(
            "not supported: S3 layer content (S3Bucket/S3Key); upload the content as ZipFile")
    data = content.get("ZipFile")
    if not data:
        raise InvalidParameterValueException("Please provide a source for layer content.")
    return code.check(data, "PublishLayerVersion")


def _answer(ctx: RequestContext, version: LayerVersion) -> GetLayerVersionResponse:
    out = dict(version.config)
    out["Content"] = {**out["Content"], "Location": code_location(ctx, version.code_hex)}
    return cast(GetLayerVersionResponse, out)


def _item(version: LayerVersion) -> LayerVersionsListItem:
    return cast(LayerVersionsListItem, {k: version.config[k] for k in LISTED if k in version.config})


@service.operation("PublishLayerVersion")
def publish_layer_version(ctx: RequestContext,
                          req: PublishLayerVersionRequest) -> PublishLayerVersionResponse:
    """Store a .zip as the layer's next version (201); the layer is created by its first.
    https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html
    """
    package = _package(req["Content"])
    version = backends.of(ctx).layers.publish(req["LayerName"], req, package)
    return _answer(ctx, version)


@service.operation("GetLayerVersion")
def get_layer_version(ctx: RequestContext, req: GetLayerVersionRequest) -> GetLayerVersionResponse:
    """A layer version with a link to its content; ResourceNotFoundException (404) when
    it does not exist or was deleted.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersion.html
    """
    version = backends.of(ctx).layers.get(req["LayerName"], req["VersionNumber"])
    return _answer(ctx, version)


@service.operation("GetLayerVersionByArn")
def get_layer_version_by_arn(ctx: RequestContext,
                             req: GetLayerVersionByArnRequest) -> GetLayerVersionResponse:
    """GetLayerVersion by the version's ARN.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersionByArn.html
    """
    ref = parse_layer(req["Arn"])
    if ref.version is None:  # arn:aws:lambda:::awslayer:NAME, AWS's own layers
        raise ResourceNotFoundException(NOT_FOUND)
    return _answer(ctx, backends.of(ctx).layers.get(req["Arn"], ref.version))


@service.operation("ListLayers")
def list_layers(ctx: RequestContext, req: ListLayersRequest) -> ListLayersResponse:
    """Each layer with its newest version (matching ``CompatibleRuntime`` and
    ``CompatibleArchitecture`` if given), by name, at most 50 per page.
    https://docs.aws.amazon.com/lambda/latest/api/API_ListLayers.html
    """
    found = backends.of(ctx).layers.latest(req.get("CompatibleRuntime"),
                                           req.get("CompatibleArchitecture"))
    items: list[dict[str, Any]] = [
        {"LayerName": layer.name, "LayerArn": version.config["LayerArn"],
         "LatestMatchingVersion": _item(version)} for layer, version in found]
    return cast(ListLayersResponse, paginate(items, "Layers", req.get("Marker"),
                                             req.get("MaxItems") or MAX_LIST_ITEMS))


@service.operation("ListLayerVersions")
def list_layer_versions(ctx: RequestContext,
                        req: ListLayerVersionsRequest) -> ListLayerVersionsResponse:
    """A layer's versions, newest first, at most 50 per page (empty for an unknown layer).
    https://docs.aws.amazon.com/lambda/latest/api/API_ListLayerVersions.html
    """
    found = backends.of(ctx).layers.versions(req["LayerName"], req.get("CompatibleRuntime"),
                                             req.get("CompatibleArchitecture"))
    items: list[dict[str, Any]] = [dict(_item(v)) for v in found]
    return cast(ListLayerVersionsResponse, paginate(items, "LayerVersions", req.get("Marker"),
                                                    req.get("MaxItems") or MAX_LIST_ITEMS))


@service.operation("DeleteLayerVersion")
def delete_layer_version(ctx: RequestContext, req: DeleteLayerVersionRequest) -> NoOutput:
    """Delete a layer version (204, also when there is none). Functions using it keep it.
    https://docs.aws.amazon.com/lambda/latest/api/API_DeleteLayerVersion.html
    """
    backends.of(ctx).layers.delete(req["LayerName"], req["VersionNumber"])
    return {}
