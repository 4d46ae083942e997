"""Function URL configurations: Create/Get/Update/Delete/ListFunctionUrlConfigs.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunctionUrlConfig.html (and
``GetFunctionUrlConfig``, ``UpdateFunctionUrlConfig``, ``DeleteFunctionUrlConfig``,
``ListFunctionUrlConfigs``); https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html
- One URL for the unqualified function and one per alias (``Qualifier``; a version
  number or ``$LATEST`` is refused by the model's pattern).
- ``FunctionUrl``: on AWS ``https://{url-id}.lambda-url.{region}.on.aws/``; here
  ``http://{url-id}.lambda-url.{region}.localhost:{port}/``.
- Create answers 201 with ``FunctionUrl``, ``FunctionArn`` (qualified by the alias),
  ``AuthType``, ``Cors``, ``CreationTime``, ``InvokeMode`` (``BUFFERED`` by default); a
  second Create: ResourceConflictException "Failed to create function url config for
  [functionArn = ARN]. Error message:  FunctionUrlConfig exists for this Lambda
  function"; Get, Update and Delete of a URL that does not exist:
  ResourceNotFoundException "The resource you requested does not exist.".
- Update changes only the members given (``Cors`` as a whole) and sets
  ``LastModifiedTime``; Delete answers 204.

LIMITATIONS: ``InvokeMode: RESPONSE_STREAM`` answers "not supported" (responses are
buffered).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Required, TypedDict

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import not_supported
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import resolve
from cloudlet.services.lambda_.backend import LambdaBackend, backends
from cloudlet.services.lambda_.errors import ResourceConflictException, ResourceNotFoundException
from cloudlet.services.lambda_.operations.functions import paginate
from cloudlet.services.lambda_.urls.store import FunctionUrl, urls

NOT_FOUND = "The resource you requested does not exist."


class UrlRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    AuthType: str
    Cors: dict[str, Any]
    InvokeMode: str


class ListUrlsRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


def iso_now(now: float) -> str:
    """``2026-12-02T17:40:00.123456Z``, the form of the URL configs' times."""
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def endpoint(ctx: RequestContext, url_id: str) -> str:
    return f"http://{url_id}.lambda-url.{ctx.region}.localhost:{ctx.state.config.port}/"


def _target(ctx: RequestContext, req: UrlRequest | ListUrlsRequest,
            qualifier: str | None = None) -> tuple[LambdaBackend, str, str]:
    """The backend, function name and qualifier ("" or an alias) a request names."""
    name, qualifier = resolve(req["FunctionName"], qualifier, ctx.account, ctx.region)
    backend = backends.of(ctx)
    backend.function(name)
    if qualifier:
        backend.alias(name, qualifier)
    return backend, name, qualifier or ""


def live(url: FunctionUrl | None, backend: LambdaBackend) -> FunctionUrl | None:
    """``url`` if its function (same creation) and alias still exist; dropped if not."""
    if url is None:
        return None
    fn = backend.functions.get(url.name)
    if fn is None or fn.created != url.created or (url.qualifier and url.qualifier not in fn.aliases):
        urls(backend.state).delete(url)
        return None
    return url


def _current(ctx: RequestContext, backend: LambdaBackend, name: str,
             qualifier: str) -> FunctionUrl | None:
    """The URL of the function (or alias) a request names, if it has a live one."""
    return live(urls(ctx.state).by_key.get((ctx.account, ctx.region, name, qualifier)), backend)


def _existing(ctx: RequestContext, req: UrlRequest) -> FunctionUrl:
    backend, name, qualifier = _target(ctx, req, req.get("Qualifier"))
    found = _current(ctx, backend, name, qualifier)
    if found is None:
        raise ResourceNotFoundException(NOT_FOUND)
    return found


def _check_mode(req: UrlRequest) -> None:
    if req.get("InvokeMode") == "RESPONSE_STREAM":
        raise not_supported("InvokeMode RESPONSE_STREAM (function URL responses are buffered)")


@service.operation("CreateFunctionUrlConfig")
def create_url(ctx: RequestContext, req: UrlRequest) -> dict[str, Any]:
    backend, name, qualifier = _target(ctx, req, req.get("Qualifier"))
    _check_mode(req)
    store = urls(ctx.state)
    arn = backend.arn(name, qualifier or None)
    if _current(ctx, backend, name, qualifier):
        raise ResourceConflictException(
            f"Failed to create function url config for [functionArn = {arn}]. Error message: "
            " FunctionUrlConfig exists for this Lambda function")
    url_id = store.new_id()
    now = iso_now(ctx.state.clock.now())
    config: dict[str, Any] = {
        "FunctionUrl": endpoint(ctx, url_id), "FunctionArn": arn,
        "AuthType": req["AuthType"], "CreationTime": now, "LastModifiedTime": now,
        "InvokeMode": req.get("InvokeMode") or "BUFFERED",
    }
    if req.get("Cors") is not None:
        config["Cors"] = dict(req["Cors"])
    store.put(FunctionUrl(url_id, ctx.account, ctx.region, name, qualifier,
                          backend.function(name).created, config))
    return {k: v for k, v in config.items() if k != "LastModifiedTime"}


@service.operation("GetFunctionUrlConfig")
def get_url(ctx: RequestContext, req: UrlRequest) -> dict[str, Any]:
    return dict(_existing(ctx, req).config)


@service.operation("UpdateFunctionUrlConfig")
def update_url(ctx: RequestContext, req: UrlRequest) -> dict[str, Any]:
    url = _existing(ctx, req)
    _check_mode(req)
    config = dict(url.config)
    for member in ("AuthType", "InvokeMode"):
        if req.get(member):
            config[member] = req[member]
    if "Cors" in req:
        config["Cors"] = dict(req["Cors"] or {})
    config["LastModifiedTime"] = iso_now(ctx.state.clock.now())
    url.config = config
    urls(ctx.state).put(url)
    return dict(config)


@service.operation("DeleteFunctionUrlConfig")
def delete_url(ctx: RequestContext, req: UrlRequest) -> NoOutput:
    urls(ctx.state).delete(_existing(ctx, req))
    return {}


@service.operation("ListFunctionUrlConfigs")
def list_urls(ctx: RequestContext, req: ListUrlsRequest) -> dict[str, Any]:
    backend, name, _ = _target(ctx, req)
    found = [u for u in urls(ctx.state).of_function(ctx.account, ctx.region, name)
             if live(u, backend)]
    return paginate([dict(u.config) for u in found], "FunctionUrlConfigs", req.get("Marker"),
                    req.get("MaxItems"))
