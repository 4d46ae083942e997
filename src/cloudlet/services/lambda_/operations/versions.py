"""Versions: publish ``$LATEST`` as an immutable numbered version, list them.

https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
"""

from __future__ import annotations

from typing import cast

from cloudlet.server.context import RequestContext
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.operations.functions import as_configuration, listed, paginate
from cloudlet.services.lambda_.shapes import (
    FunctionConfiguration,
    ListVersionsByFunctionRequest,
    ListVersionsByFunctionResponse,
    PublishVersionRequest,
)


@service.operation("PublishVersion")
def publish_version(ctx: RequestContext, req: PublishVersionRequest) -> FunctionConfiguration:
    """Snapshot ``$LATEST``'s code and configuration as the next version (201).

    https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
    - Nothing changed since the newest version: that version is returned again.
    - ``CodeSha256`` other than ``$LATEST``'s: InvalidParameterValueException ``CodeSHA256
      (X) is different from current CodeSHA256 in $LATEST (Y). Please try again with the
      CodeSHA256 in $LATEST.`` (recorded in LocalStack's test_lambda_api.snapshot.json,
      test_publish_with_wrong_sha256).
    - ``RevisionId`` other than ``$LATEST``'s: PreconditionFailedException (412).
    """
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    version = backends.of(ctx).publish(name, req.get("CodeSha256"), req.get("Description"),
                                       req.get("RevisionId"))
    return as_configuration(version.config)


@service.operation("ListVersionsByFunction")
def list_versions_by_function(ctx: RequestContext,
                              req: ListVersionsByFunctionRequest) -> ListVersionsByFunctionResponse:
    """``$LATEST`` (its ARN ending in ``:$LATEST``) then every published version, oldest
    first, paginated; without state members or ``RuntimeVersionConfig`` (recorded in
    LocalStack's test_lambda_api.snapshot.json, test_version_lifecycle).
    https://docs.aws.amazon.com/lambda/latest/api/API_ListVersionsByFunction.html
    """
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    fn = backends.of(ctx).function(name)
    configs = [listed(c, qualified_latest=True)
               for c in (fn.latest.config, *(v.config for v in fn.published()))]
    return cast(ListVersionsByFunctionResponse,
                paginate(configs, "Versions", req.get("Marker"), req.get("MaxItems")))
