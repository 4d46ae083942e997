"""Functions: create, read, list, update code and configuration, delete.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any, cast

from cloudlet.server.context import RequestContext
from cloudlet.services.lambda_ import code, service, states
from cloudlet.services.lambda_.arns import LATEST, resolve
from cloudlet.services.lambda_.backend import LambdaBackend, backends
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
)
from cloudlet.services.lambda_.operations.tags import check_count
from cloudlet.services.lambda_.runtime_link import retire
from cloudlet.services.lambda_.shapes import (
    CreateFunctionRequest,
    DeleteFunctionRequest,
    DeleteFunctionResponse,
    FunctionConfiguration,
    GetFunctionConfigurationRequest,
    GetFunctionRequest,
    GetFunctionResponse,
    ListFunctionsRequest,
    ListFunctionsResponse,
    UpdateFunctionCodeRequest,
    UpdateFunctionConfigurationRequest,
)

DEFAULT_MAX_ITEMS = 50
CODE_PATH = "/_cloudlet_lambda/code"
# Members a listing (ListFunctions, ListVersionsByFunction) leaves out, as AWS answers
# them (recorded in LocalStack's test_lambda_api.snapshot.json, test_list_functions and
# test_version_lifecycle).
NOT_LISTED = ("State", "StateReason", "StateReasonCode", "LastUpdateStatus",
              "LastUpdateStatusReason", "LastUpdateStatusReasonCode", "RuntimeVersionConfig")


def _zip_of(source: Mapping[str, Any], operation: str) -> code.Package:
    """The package a request uploads: only ``ZipFile`` until cloudlet has S3."""
    if source.get("S3Bucket") or source.get("S3Key"):
        raise InvalidParameterValueException(
            "not supported: S3 code location (S3Bucket/S3Key); upload the package as ZipFile")
    if source.get("ImageUri"):
        raise InvalidParameterValueException("not supported: PackageType Image (container images)")
    data = source.get("ZipFile")
    if not data:
        raise InvalidParameterValueException(
            "Please provide a source for function code.")
    return code.check(data, operation)


def code_location(ctx: RequestContext, code_hex: str) -> str:
    """A URL on this server that answers with the package (GetFunction's Code.Location)."""
    return (f"{ctx.state.config.endpoint_url}{CODE_PATH}/{ctx.account}/{ctx.region}/"
            f"{code_hex}.zip")


def as_configuration(config: dict[str, Any]) -> FunctionConfiguration:
    """A version's stored configuration (a plain dict, built by ``configuration.py``) as
    the model's FunctionConfiguration."""
    return cast(FunctionConfiguration, config)


def listed(config: Mapping[str, Any], *, qualified_latest: bool) -> dict[str, Any]:
    """A configuration as a listing shows it: without the state members and
    ``RuntimeVersionConfig``; among versions, ``$LATEST``'s ARN ends in ``:$LATEST``."""
    out = {k: v for k, v in config.items() if k not in NOT_LISTED}
    if qualified_latest and out.get("Version") == LATEST:
        out["FunctionArn"] = f"{out['FunctionArn']}:{LATEST}"
    return out


def configuration_of(backend: LambdaBackend, name: str, qualifier: str | None) -> FunctionConfiguration:
    """The configuration a qualifier names; through an alias, its version's configuration
    with the alias ARN as ``FunctionArn``; asked for as ``$LATEST``, ``FunctionArn`` ends
    in ``:$LATEST``. A function that does not exist is named with the qualifier asked for
    (``Function not found: ARN:$LATEST``)."""
    version = backend.resolve(name, qualifier)
    fn = backend.function(name)
    config = backend.shown(fn, version)
    if qualifier and (qualifier in fn.aliases or qualifier == LATEST):
        config = {**config, "FunctionArn": backend.arn(name, qualifier)}
    return as_configuration(config)


def describe(ctx: RequestContext, backend: LambdaBackend, name: str,
             qualifier: str | None) -> GetFunctionResponse:
    configuration = configuration_of(backend, name, qualifier)
    fn = backend.function(name)
    version = backend.resolve(name, qualifier)
    out: GetFunctionResponse = {
        "Configuration": configuration,
        "Code": {"RepositoryType": "S3", "Location": code_location(ctx, version.code_hex)},
    }
    if fn.tags:
        out["Tags"] = fn.tags
    if fn.reserved is not None:
        out["Concurrency"] = {"ReservedConcurrentExecutions": fn.reserved}
    return out


@service.operation("CreateFunction")
def create_function(ctx: RequestContext, req: CreateFunctionRequest) -> FunctionConfiguration:
    """Create a function from a .zip package; answer its ``$LATEST`` configuration (201).

    https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
    - The answer says ``State: Pending``; the function is ``Active`` milliseconds later
      (``states.py``; the waiter ``function_active_v2`` passes).
    - ``Layers``: up to 5 layer versions of this region (see ``layers.py``).
    - A name in use: ResourceConflictException (409) ``Function already exist: NAME``.
    - More than 50 ``Tags``: InvalidParameterValueException ``Number of tags exceeds
      resource tag limit.`` (recorded in LocalStack's test_lambda_api.snapshot.json,
      test_tag_limits).
    - ``Publish`` also publishes version 1 and answers its configuration, ``Version``
      ``1`` with the unqualified ``FunctionArn`` (recorded in LocalStack's
      test_lambda_api.snapshot.json, test_publish_version_on_create).
    """
    name, qualifier = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    if qualifier:
        raise InvalidParameterValueException("Qualifier is not allowed in CreateFunction.")
    req = {**req, "FunctionName": name}
    check_count(dict(req.get("Tags") or {}))
    package = _zip_of(req["Code"], "CreateFunction")
    backend = backends.of(ctx)
    fn = backend.create(req, package)
    if req.get("Publish"):
        version = backend.publish(name, None, None, None, with_change=True)
        config = states.shown(version.config, states.CREATING)
        return as_configuration({**config, "FunctionArn": backend.arn(name)})
    return as_configuration(backend.shown(fn, fn.latest))


@service.operation("GetFunction")
def get_function(ctx: RequestContext, req: GetFunctionRequest) -> GetFunctionResponse:
    """Configuration, a download link for the code, tags and reserved concurrency.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
    """
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    return describe(ctx, backends.of(ctx), name, qualifier)


@service.operation("GetFunctionConfiguration")
def get_function_configuration(ctx: RequestContext,
                               req: GetFunctionConfigurationRequest) -> FunctionConfiguration:
    """The configuration of ``$LATEST`` or of the version the qualifier (a version or an
    alias) names.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html
    """
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    return configuration_of(backends.of(ctx), name, qualifier)


@service.operation("ListFunctions")
def list_functions(ctx: RequestContext, req: ListFunctionsRequest) -> ListFunctionsResponse:
    """Functions in name order, ``MaxItems`` (default 50) per page with ``NextMarker``;
    ``FunctionVersion=ALL`` lists published versions too.
    https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html
    """
    every = req.get("FunctionVersion") == "ALL"
    configs = [listed(c, qualified_latest=every) for c in backends.of(ctx).listing(every)]
    return cast(ListFunctionsResponse,
                paginate(configs, "Functions", req.get("Marker"), req.get("MaxItems")))


def paginate(items: list[dict[str, Any]], key: str, marker: str | None,
             max_items: int | None) -> dict[str, Any]:
    start = 0
    if marker:
        try:
            start = int(base64.urlsafe_b64decode(marker.encode()).decode())
        except ValueError:
            start = -1
        if start < 0:
            raise InvalidParameterValueException(f"Invalid marker: {marker}")
    size = max_items or DEFAULT_MAX_ITEMS
    out: dict[str, Any] = {key: items[start:start + size]}
    if start + size < len(items):
        out["NextMarker"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return out


@service.operation("UpdateFunctionCode")
def update_function_code(ctx: RequestContext,
                         req: UpdateFunctionCodeRequest) -> FunctionConfiguration:
    """Replace ``$LATEST``'s code; warm environments are retired, so the next invoke
    runs the new code.

    https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html
    - ``RevisionId`` other than the current: PreconditionFailedException (412).
    - ``DryRun`` checks the package and changes nothing; ``Publish`` publishes a version
      and answers it as AWS does, still being created: ``State`` ``Pending``
      (``StateReasonCode`` ``Creating``), no ``LastUpdateStatus`` (recorded in
      LocalStack's test_lambda_api.snapshot.json, test_publish_with_update).
    """
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    package = _zip_of(req, "UpdateFunctionCode")
    backend = backends.of(ctx)
    if req.get("DryRun"):
        config = dict(backend.function(name).latest.config)
        config.update(CodeSha256=package.sha256, CodeSize=package.size)
        return as_configuration(config)
    version = backend.update_code(name, package, req.get("RevisionId"))
    retire(ctx.state, backend.arn(name))
    fn = backend.function(name)
    if req.get("Publish"):
        version = backend.publish(name, None, None, None, with_change=True)
        return as_configuration(states.shown(version.config, states.CREATING))
    return as_configuration(backend.shown(fn, version))


@service.operation("UpdateFunctionConfiguration")
def update_function_configuration(ctx: RequestContext,
                                  req: UpdateFunctionConfigurationRequest) -> FunctionConfiguration:
    """Change ``$LATEST``'s settings (only the members given); warm environments are
    retired. ``LastUpdateStatus`` is ``InProgress``, then ``Successful`` milliseconds later
    (``states.py``; the waiter ``function_updated_v2`` passes).
    https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html
    """
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    backend = backends.of(ctx)
    version = backend.update_configuration(name, req)
    retire(ctx.state, backend.arn(name))
    return as_configuration(backend.shown(backend.function(name), version))


@service.operation("DeleteFunction")
def delete_function(ctx: RequestContext, req: DeleteFunctionRequest) -> DeleteFunctionResponse:
    """Delete a function with all its versions, aliases and settings, or one published
    version (``$LATEST`` alone cannot be deleted; nor a version an alias points to:
    ResourceConflictException, 409). Answers 204.
    https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html
    """
    name, qualifier = resolve(req["FunctionName"], req.get("Qualifier"), ctx.account, ctx.region)
    backend = backends.of(ctx)
    backend.delete(name, qualifier)
    retire(ctx.state, backend.arn(name))
    return {"StatusCode": 204}
