"""OpenAPI 3 and Swagger 2 definitions, in and out, with the ``x-amazon-apigateway-*``
extensions: ``imports`` (ImportRestApi, PutRestApi), ``exports`` (GetExport)."""

from cloudlet.services.apigateway.openapi import exports, imports  # noqa: F401  (registers)
