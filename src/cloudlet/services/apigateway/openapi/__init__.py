"""OpenAPI 3 and Swagger 2 definitions, in and out, with the ``x-amazon-apigateway-*``
extensions."""
