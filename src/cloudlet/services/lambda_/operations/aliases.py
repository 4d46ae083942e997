"""Aliases: create, read, list, update, delete (rules in ``lambda_/aliases.py``).

https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html
Invoke, GetFunction and GetFunctionConfiguration accept an alias as ``Qualifier`` or in
the function's ARN; Invoke runs the version the alias routes to.
"""

from __future__ import annotations

from typing import cast

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.operations.functions import paginate
from cloudlet.services.lambda_.shapes import (
    AliasConfiguration,
    CreateAliasRequest,
    DeleteAliasRequest,
    GetAliasRequest,
    ListAliasesRequest,
    ListAliasesResponse,
    UpdateAliasRequest,
)


def _function(ctx: RequestContext, value: str) -> str:
    name, _ = resolve(value, None, ctx.account, ctx.region)
    return name


@service.operation("CreateAlias")
def create_alias(ctx: RequestContext, req: CreateAliasRequest) -> AliasConfiguration:
    """Name a version of the function (201).

    https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html
    - The name in use: ResourceConflictException (409) ``Alias already exists: ALIAS_ARN``.
    - A version that does not exist: ResourceNotFoundException (404)
      ``Function not found: FUNCTION_ARN:VERSION``.
    """
    name = _function(ctx, req["FunctionName"])
    config = backends.of(ctx).put_alias(name, req["Name"], req, create=True)
    return cast(AliasConfiguration, config)


@service.operation("GetAlias")
def get_alias(ctx: RequestContext, req: GetAliasRequest) -> AliasConfiguration:
    """An alias's configuration; ResourceNotFoundException ``Cannot find alias arn: ARN``.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetAlias.html
    """
    name = _function(ctx, req["FunctionName"])
    return cast(AliasConfiguration, backends.of(ctx).alias(name, req["Name"]))


@service.operation("UpdateAlias")
def update_alias(ctx: RequestContext, req: UpdateAliasRequest) -> AliasConfiguration:
    """Change the members given: version, description, routing (an empty
    ``AdditionalVersionWeights`` removes the routing).

    https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html
    - Unknown alias: ResourceNotFoundException ``Alias not found: ARN``.
    - ``RevisionId`` other than the alias's: PreconditionFailedException (412).
    """
    name = _function(ctx, req["FunctionName"])
    config = backends.of(ctx).put_alias(name, req["Name"], req, create=False)
    return cast(AliasConfiguration, config)


@service.operation("DeleteAlias")
def delete_alias(ctx: RequestContext, req: DeleteAliasRequest) -> NoOutput:
    """Delete an alias (204); the versions stay. An alias that does not exist answers
    204 too (recorded in LocalStack's test_lambda_api.snapshot.json,
    test_non_existent_alias_deletion); a function that does not exist is 404.
    https://docs.aws.amazon.com/lambda/latest/api/API_DeleteAlias.html
    """
    backend = backends.of(ctx)
    name = _function(ctx, req["FunctionName"])
    if req["Name"] in backend.function(name).aliases:
        backend.delete_alias(name, req["Name"])
    return {}


@service.operation("ListAliases")
def list_aliases(ctx: RequestContext, req: ListAliasesRequest) -> ListAliasesResponse:
    """The function's aliases by name, ``MaxItems`` per page with ``NextMarker``;
    ``FunctionVersion`` keeps only the aliases pointing to that version.
    https://docs.aws.amazon.com/lambda/latest/api/API_ListAliases.html
    """
    fn = backends.of(ctx).function(_function(ctx, req["FunctionName"]))
    wanted = req.get("FunctionVersion")
    found = [fn.aliases[a] for a in sorted(fn.aliases)
             if wanted is None or fn.aliases[a]["FunctionVersion"] == wanted]
    return cast(ListAliasesResponse,
                paginate(found, "Aliases", req.get("Marker"), req.get("MaxItems")))
