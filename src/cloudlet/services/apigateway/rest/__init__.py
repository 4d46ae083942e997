"""The REST API (``apigateway``) management operations, one module per resource kind."""

from __future__ import annotations

from cloudlet.services.apigateway.rest import (  # noqa: F401  (registers operations)
    account,
    apikeys,
    authorizer_test_invoke,
    authorizers,
    deployments,
    domains,
    gatewayresponses,
    integrations,
    method_test_invoke,
    methods,
    models,
    resources,
    restapis,
    stages,
    tags,
    usageplans,
)
