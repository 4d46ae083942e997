"""The HTTP API (``apigatewayv2``) management operations, one module per resource kind."""

from cloudlet.services.apigateway.http import (  # noqa: F401  (registers operations)
    apis,
    authorizers,
    deployments,
    domains,
    integrations,
    models,
    openapi,
    responses,
    routes,
    stages,
    tags,
)
