"""Definitions the tests import: AWS's PetStore example (Swagger 2.0, with API Gateway's
extensions) and an OpenAPI 3.0 one, trimmed to what the tests check.

https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-api-from-example.html
"""

from __future__ import annotations

import copy
from typing import Any

LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:000000000000:function:auth/invocations")

PETSTORE_SWAGGER: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "PetStore", "description": "Your first API", "version": "1.0"},
    "basePath": "/v1",
    "schemes": ["https"],
    "x-amazon-apigateway-binary-media-types": ["image/png"],
    "x-amazon-apigateway-api-key-source": "AUTHORIZER",
    "x-amazon-apigateway-request-validators": {
        "all": {"validateRequestBody": True, "validateRequestParameters": True},
        "params": {"validateRequestBody": False, "validateRequestParameters": True},
    },
    "x-amazon-apigateway-request-validator": "params",
    "x-amazon-apigateway-gateway-responses": {
        "MISSING_AUTHENTICATION_TOKEN": {
            "statusCode": 404,
            "responseTemplates": {"application/json": '{"message": "no such route"}'},
            "responseParameters": {"gatewayresponse.header.x-why": "'missing'"},
        },
    },
    "securityDefinitions": {
        "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
        "tokenAuth": {
            "type": "apiKey", "name": "Authorization", "in": "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                "type": "token", "authorizerUri": LAMBDA_URI,
                "authorizerResultTtlInSeconds": 60,
            },
        },
    },
    "paths": {
        "/": {
            "get": {
                "produces": ["text/html"],
                "responses": {"200": {"description": "ok",
                                      "headers": {"Content-Type": {"type": "string"}}}},
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "passthroughBehavior": "when_no_match",
                    "responses": {"default": {
                        "statusCode": "200",
                        "responseParameters": {
                            "method.response.header.Content-Type": "'text/html'"},
                        "responseTemplates": {"text/html": "<html>hi</html>"},
                    }},
                },
            },
        },
        "/pets": {
            "get": {
                "operationId": "ListPets",
                "parameters": [
                    {"name": "type", "in": "query", "required": False, "type": "string"},
                    {"name": "page", "in": "query", "required": True, "type": "string"},
                ],
                "responses": {"200": {"description": "ok",
                                      "schema": {"$ref": "#/definitions/Pets"}}},
                "x-amazon-apigateway-integration": {
                    "type": "http", "httpMethod": "GET",
                    "uri": "http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets",
                    "requestParameters": {
                        "integration.request.querystring.type": "method.request.querystring.type",
                        "integration.request.querystring.page": "method.request.querystring.page",
                    },
                    "timeoutInMillis": 10000,
                    "responses": {"default": {"statusCode": "200"},
                                  "4\\d{2}": {"statusCode": "400"}},
                },
            },
            "post": {
                "operationId": "CreatePet",
                "consumes": ["application/json"],
                "parameters": [{"in": "body", "name": "NewPet", "required": True,
                                "schema": {"$ref": "#/definitions/NewPet"}}],
                "responses": {"200": {"description": "ok",
                                      "schema": {"$ref": "#/definitions/NewPetResponse"}}},
                "security": [{"api_key": []}, {"tokenAuth": []}],
                "x-amazon-apigateway-request-validator": "all",
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy", "httpMethod": "POST",
                    "uri": "http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets",
                },
            },
        },
        "/pets/{petId}": {
            "parameters": [{"name": "petId", "in": "path", "required": True, "type": "string"}],
            "get": {
                "operationId": "GetPet",
                "responses": {"200": {"description": "ok",
                                      "schema": {"$ref": "#/definitions/Pet"}}},
                "x-amazon-apigateway-integration": {
                    "type": "http", "httpMethod": "GET",
                    "uri": "http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets/{id}",
                    "requestParameters": {
                        "integration.request.path.id": "method.request.path.petId"},
                    "responses": {"default": {"statusCode": "200"}},
                },
            },
        },
        "/proxy/{proxy+}": {
            "x-amazon-apigateway-any-method": {
                "parameters": [{"name": "proxy", "in": "path", "required": True,
                                "type": "string"}],
                "x-amazon-apigateway-integration": {
                    "type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA_URI,
                },
            },
        },
    },
    "definitions": {
        "Pets": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
        "Pet": {"type": "object", "properties": {"id": {"type": "integer"},
                                                  "type": {"type": "string"},
                                                  "price": {"type": "number"}}},
        "NewPet": {"type": "object", "properties": {"type": {"type": "string"},
                                                     "price": {"type": "number"}}},
        "NewPetResponse": {"type": "object", "properties": {
            "pet": {"$ref": "#/definitions/Pet"}, "message": {"type": "string"}}},
    },
}

PETSTORE_OAS3_YAML = """\
openapi: 3.0.1
info:
  title: PetStore3
  version: '2024-01-01'
servers:
  - url: https://example.com/{basePath}
    variables:
      basePath:
        default: /prod/api
paths:
  /pets:
    get:
      operationId: ListPets
      parameters:
        - name: x-trace
          in: header
          required: true
          schema: {type: string}
      responses:
        '200':
          description: ok
          headers:
            Access-Control-Allow-Origin:
              schema: {type: string}
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pets'
      x-amazon-apigateway-integration:
        type: http
        httpMethod: GET
        uri: http://example.com/pets
        responses:
          default:
            statusCode: '200'
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
    post:
      operationId: CreatePet
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Pet'
      responses:
        '201':
          description: created
      security:
        - cognito: [pets/write]
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{"statusCode": 201}'
        responses:
          default:
            statusCode: '201'
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    Pets:
      type: array
      items:
        $ref: '#/components/schemas/Pet'
  securitySchemes:
    cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:
          - arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc
"""


def swagger(**changes: Any) -> dict[str, Any]:
    """A copy of the PetStore Swagger definition with top-level members replaced."""
    doc = copy.deepcopy(PETSTORE_SWAGGER)
    doc.update(changes)
    return doc
