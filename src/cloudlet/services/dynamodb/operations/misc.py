"""DescribeLimits and DescribeEndpoints."""

from __future__ import annotations

from cloudlet.server.context import RequestContext
from cloudlet.services.dynamodb.registry import service
from cloudlet.services.dynamodb.shapes import (
    DescribeEndpointsRequest,
    DescribeEndpointsResponse,
    DescribeLimitsInput,
    DescribeLimitsOutput,
)


@service.operation("DescribeLimits")
def describe_limits(ctx: RequestContext, req: DescribeLimitsInput) -> DescribeLimitsOutput:
    """The default provisioned-capacity quotas of an account in a region.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html
    """
    return {
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000,
    }


@service.operation("DescribeEndpoints")
def describe_endpoints(ctx: RequestContext,
                       req: DescribeEndpointsRequest) -> DescribeEndpointsResponse:
    """The endpoint to use: this server (as seen by the caller), cached for 1440 minutes.

    https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html
    """
    host = ctx.headers.get("host") or f"dynamodb.{ctx.region}.amazonaws.com"
    return {"Endpoints": [{"Address": host, "CachePeriodInMinutes": 1440}]}
