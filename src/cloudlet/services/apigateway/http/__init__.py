"""The HTTP API (``apigatewayv2``) management operations, one module per resource kind."""
