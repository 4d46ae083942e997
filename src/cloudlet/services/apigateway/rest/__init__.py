"""The REST API (``apigateway``) management operations, one module per resource kind."""
