"""Reserved concurrency and the account's limits.

https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
- Reserved concurrency both guarantees and caps a function's concurrent executions;
  0 throttles every invoke.
- Functions without a reservation share what is left ("unreserved"), which must stay at
  or above a minimum: AWS keeps 100 of its default 1000; cloudlet keeps a tenth of the
  account limit (``--account-concurrency``), at most 100, so small test limits still
  allow reservations.
"""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.server.service import NoOutput
from cloudlet.services.lambda_ import service
from cloudlet.services.lambda_.arns import LATEST, resolve
from cloudlet.services.lambda_.backend import backends
from cloudlet.services.lambda_.code import MAX_UNZIPPED, MAX_ZIPPED
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)
from cloudlet.services.lambda_.runtime_link import retire
from cloudlet.services.lambda_.shapes import (
    Concurrency,
    DeleteFunctionConcurrencyRequest,
    GetAccountSettingsRequest,
    GetAccountSettingsResponse,
    GetFunctionConcurrencyRequest,
    GetFunctionConcurrencyResponse,
    PutFunctionConcurrencyRequest,
)

TOTAL_CODE_SIZE = 80_530_636_800
FUNCTIONS_ONLY = ("This operation is permitted on Lambda functions only. Aliases and versions "
                  "do not support this operation. Please specify either a function name or an "
                  "unqualified function ARN.")


def account_limit(ctx: RequestContext) -> int:
    return int(ctx.state.config.account_concurrency)


def minimum_unreserved(limit: int) -> int:
    return min(100, limit // 10)


@service.operation("PutFunctionConcurrency")
def put_function_concurrency(ctx: RequestContext,
                             req: PutFunctionConcurrencyRequest) -> Concurrency:
    """Reserve concurrency for a function (and cap it there).

    https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html
    As AWS answers (recorded in LocalStack's test_lambda_api.snapshot.json,
    test_function_concurrency_exceptions):
    - a version or alias: InvalidParameterValueException ``This operation is permitted on
      Lambda functions only. ...``;
    - no such function: ResourceNotFoundException ``Function not found: ARN:$LATEST``.
    """
    name, qualifier = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    if qualifier:
        raise InvalidParameterValueException(FUNCTIONS_ONLY)
    backend = backends.of(ctx)
    if name not in backend.functions:
        raise ResourceNotFoundException(f"Function not found: {backend.arn(name, LATEST)}")
    value = req["ReservedConcurrentExecutions"]
    limit = account_limit(ctx)
    floor = minimum_unreserved(limit)
    if limit - backend.total_reserved(except_name=name) - value < floor:
        raise InvalidParameterValueException(
            "Specified ReservedConcurrentExecutions for function decreases account's "
            f"UnreservedConcurrentExecution below its minimum value of [{floor}].")
    backend.set_reserved(name, value)
    retire(ctx.state, backend.arn(name))
    return {"ReservedConcurrentExecutions": value}


@service.operation("GetFunctionConcurrency")
def get_function_concurrency(ctx: RequestContext,
                             req: GetFunctionConcurrencyRequest) -> GetFunctionConcurrencyResponse:
    """The function's reserved concurrency; empty when it has none.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConcurrency.html
    """
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    reserved = backends.of(ctx).function(name).reserved
    return {} if reserved is None else {"ReservedConcurrentExecutions": reserved}


@service.operation("DeleteFunctionConcurrency")
def delete_function_concurrency(ctx: RequestContext,
                                req: DeleteFunctionConcurrencyRequest) -> NoOutput:
    """Remove the reservation: the function shares the unreserved pool again (204).
    https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunctionConcurrency.html
    """
    name, _ = resolve(req["FunctionName"], None, ctx.account, ctx.region)
    backend = backends.of(ctx)
    backend.set_reserved(name, None)
    retire(ctx.state, backend.arn(name))
    return {}


@service.operation("GetAccountSettings")
def get_account_settings(ctx: RequestContext,
                         req: GetAccountSettingsRequest) -> GetAccountSettingsResponse:
    """The account's limits and usage in this region.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html
    """
    backend = backends.of(ctx)
    limit = account_limit(ctx)
    codes = {v.code_hex: v.config["CodeSize"] for f in backend.functions.values()
             for v in f.versions.values()}
    codes.update({v.code_hex: v.config["Content"]["CodeSize"]
                  for layer in backend.layers.layers.values() for v in layer.versions.values()})
    return {
        "AccountLimit": {
            "TotalCodeSize": TOTAL_CODE_SIZE,
            "CodeSizeUnzipped": MAX_UNZIPPED,
            "CodeSizeZipped": MAX_ZIPPED,
            "ConcurrentExecutions": limit,
            "UnreservedConcurrentExecutions": limit - backend.total_reserved(),
        },
        "AccountUsage": {
            "TotalCodeSize": sum(codes.values()),
            "FunctionCount": len(backend.functions),
        },
    }
