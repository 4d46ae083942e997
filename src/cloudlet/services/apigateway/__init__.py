"""Amazon API Gateway: REST APIs (``apigateway``, v1) and HTTP APIs (``apigatewayv2``), their
management APIs on the edge port and the data plane that serves their deployed stages.

https://docs.aws.amazon.com/apigateway/latest/api/API_Operations.html
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/api-reference.html

- ``store``: every entity as the JSON document AWS answers, in SQLite per account/region;
  ``ApiIndex`` maps API ids to their account and region for the data plane.
- ``errors``: the error codes both management APIs answer with.
- ``rest/``: the REST API management operations; ``http/``: the HTTP API ones;
  ``openapi/``: import and export of OpenAPI 3 / Swagger 2 definitions.
- ``gateway/``: the data plane (``entry`` routes host and path forms to the REST or HTTP
  pipeline).
"""

from __future__ import annotations

from cloudlet.services.apigateway import http, openapi, rest  # noqa: F401  (registers operations)
from cloudlet.services.apigateway.errors import BadRequestException
from cloudlet.services.apigateway.gateway import entry  # noqa: F401  (registers routes)
from cloudlet.services.apigateway.registry import http_service, rest_service

# API Gateway answers a request its model rejects with BadRequestException, not
# ValidationException.
rest_service.validation_error = BadRequestException
http_service.validation_error = BadRequestException
services = [rest_service, http_service]
