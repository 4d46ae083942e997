"""ImportRestApi: resources, methods, integrations, models, authorizers and the other
``x-amazon-apigateway-*`` extensions of a definition, seen through the management API.

https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway_openapi.conftest import import_api, resources_by_path
from tests.e2e.apigateway_openapi.definitions import (
    LAMBDA_URI,
    PETSTORE_OAS3_YAML,
    PETSTORE_SWAGGER,
    swagger,
)


def _error(err: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    resp = err.value.response
    return (resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"],
            resp["Error"].get("Message", ""))


def test_import_swagger_creates_the_api_with_its_info(apigw: Any, imported: list[str]) -> None:
    """The API is named after info.title, with its description and version (201)."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)

    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    got = apigw.get_rest_api(restApiId=api["id"])
    assert (got["name"], got["description"], got["version"]) == ("PetStore", "Your first API",
                                                                "1.0")
    assert "warnings" not in api


def test_import_swagger_creates_every_path_and_its_parents(apigw: Any,
                                                           imported: list[str]) -> None:
    """Each path is a resource; a path's missing parents are created (/proxy)."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)

    found = resources_by_path(apigw, api["id"])
    assert set(found) == {"/", "/pets", "/pets/{petId}", "/proxy", "/proxy/{proxy+}"}
    assert found["/pets/{petId}"]["parentId"] == found["/pets"]["id"]
    assert found["/pets/{petId}"]["pathPart"] == "{petId}"
    assert set(found["/pets"]["resourceMethods"]) == {"GET", "POST"}
    assert set(found["/"]["resourceMethods"]) == {"GET"}
    assert "resourceMethods" not in found["/proxy"]


def test_import_any_method_extension_is_the_any_verb(apigw: Any, imported: list[str]) -> None:
    """x-amazon-apigateway-any-method becomes the ANY method."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    proxy = resources_by_path(apigw, api["id"])["/proxy/{proxy+}"]

    method = apigw.get_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY")
    assert method["methodIntegration"]["type"] == "AWS_PROXY"
    assert method["methodIntegration"]["uri"] == LAMBDA_URI
    assert method["requestParameters"] == {"method.request.path.proxy": True}


def test_import_parameters_become_request_parameters(apigw: Any, imported: list[str]) -> None:
    """Query parameters map to method.request.querystring.X: required; path-level
    parameters apply to the path's operations and are always required."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    found = resources_by_path(apigw, api["id"])

    pets = apigw.get_method(restApiId=api["id"], resourceId=found["/pets"]["id"],
                            httpMethod="GET")
    assert pets["requestParameters"] == {"method.request.querystring.type": False,
                                         "method.request.querystring.page": True}
    assert pets["operationName"] == "ListPets"
    pet = apigw.get_method(restApiId=api["id"], resourceId=found["/pets/{petId}"]["id"],
                           httpMethod="GET")
    assert pet["requestParameters"] == {"method.request.path.petId": True}


def test_import_integration_extension_sets_the_integration(apigw: Any,
                                                           imported: list[str]) -> None:
    """type, httpMethod, uri, requestParameters, timeoutInMillis and the responses
    (selection pattern -> status; ``default`` without a pattern)."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    pets = resources_by_path(apigw, api["id"])["/pets"]

    integration = apigw.get_integration(restApiId=api["id"], resourceId=pets["id"],
                                        httpMethod="GET")
    assert integration["type"] == "HTTP"
    assert integration["httpMethod"] == "GET"
    assert integration["uri"].endswith("/petstore/pets")
    assert integration["timeoutInMillis"] == 10000
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert integration["cacheNamespace"] == pets["id"]
    assert integration["requestParameters"]["integration.request.querystring.page"] == \
        "method.request.querystring.page"
    assert "selectionPattern" not in integration["integrationResponses"]["200"]
    bad = apigw.get_integration_response(restApiId=api["id"], resourceId=pets["id"],
                                         httpMethod="GET", statusCode="400")
    assert bad["selectionPattern"] == "4\\d{2}"


def test_import_mock_integration_with_templates(apigw: Any, imported: list[str]) -> None:
    """requestTemplates and a response's responseParameters/responseTemplates are kept;
    method responses carry the response headers."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    root = resources_by_path(apigw, api["id"])["/"]

    method = apigw.get_method(restApiId=api["id"], resourceId=root["id"], httpMethod="GET")
    integration = method["methodIntegration"]
    assert integration["type"] == "MOCK"
    assert integration["requestTemplates"] == {"application/json": '{"statusCode": 200}'}
    response = integration["integrationResponses"]["200"]
    assert response["responseTemplates"] == {"text/html": "<html>hi</html>"}
    assert response["responseParameters"] == {
        "method.response.header.Content-Type": "'text/html'"}
    assert method["methodResponses"]["200"]["responseParameters"] == {
        "method.response.header.Content-Type": False}


def test_import_definitions_become_models(apigw: Any, imported: list[str]) -> None:
    """Each definition is a model (application/json); $refs between them become model URLs;
    the default Empty and Error models are there too."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)

    models = {m["name"]: m for m in apigw.get_models(restApiId=api["id"])["items"]}
    assert set(models) == {"Empty", "Error", "Pets", "Pet", "NewPet", "NewPetResponse"}
    assert models["Pet"]["contentType"] == "application/json"
    schema = json.loads(models["Pets"]["schema"])
    assert schema["items"]["$ref"] == (
        f"https://apigateway.amazonaws.com/restapis/{api['id']}/models/Pet")


def test_import_body_and_response_schemas_become_models(apigw: Any,
                                                        imported: list[str]) -> None:
    """A body parameter's $ref is the method's request model per consumes type; a response
    schema its response model."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    pets = resources_by_path(apigw, api["id"])["/pets"]

    post = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="POST")
    assert post["requestModels"] == {"application/json": "NewPet"}
    assert post["methodResponses"]["200"]["responseModels"] == {
        "application/json": "NewPetResponse"}


def test_import_authorizer_extension_creates_the_authorizer(apigw: Any,
                                                            imported: list[str]) -> None:
    """A security scheme with x-amazon-apigateway-authorizer is an authorizer named after
    it; a method using it is CUSTOM with its id; api_key sets apiKeyRequired."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    pets = resources_by_path(apigw, api["id"])["/pets"]

    authorizers = apigw.get_authorizers(restApiId=api["id"])["items"]
    assert len(authorizers) == 1
    auth = authorizers[0]
    assert (auth["name"], auth["type"], auth["authorizerUri"]) == ("tokenAuth", "TOKEN",
                                                                 LAMBDA_URI)
    assert auth["identitySource"] == "method.request.header.Authorization"
    assert auth["authorizerResultTtlInSeconds"] == 60
    post = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="POST")
    assert post["authorizationType"] == "CUSTOM"
    assert post["authorizerId"] == auth["id"]
    assert post["apiKeyRequired"] is True
    get = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET")
    assert (get["authorizationType"], get["apiKeyRequired"]) == ("NONE", False)


def test_import_request_validators_and_their_default(apigw: Any, imported: list[str]) -> None:
    """x-amazon-apigateway-request-validators are created; the definition-level
    x-amazon-apigateway-request-validator applies unless an operation names its own."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)
    pets = resources_by_path(apigw, api["id"])["/pets"]

    validators = {v["name"]: v for v in
                  apigw.get_request_validators(restApiId=api["id"])["items"]}
    assert validators["all"]["validateRequestBody"] is True
    assert validators["params"]["validateRequestBody"] is False
    get = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET")
    post = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="POST")
    assert get["requestValidatorId"] == validators["params"]["id"]
    assert post["requestValidatorId"] == validators["all"]["id"]


def test_import_api_level_extensions(apigw: Any, imported: list[str]) -> None:
    """Binary media types and the API key source are the API's."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)

    got = apigw.get_rest_api(restApiId=api["id"])
    assert got["binaryMediaTypes"] == ["image/png"]
    assert got["apiKeySource"] == "AUTHORIZER"


def test_import_gateway_responses_extension(apigw: Any, imported: list[str]) -> None:
    """x-amazon-apigateway-gateway-responses customise the named response types."""
    api = import_api(apigw, imported, PETSTORE_SWAGGER)

    found = apigw.get_gateway_response(restApiId=api["id"],
                                       responseType="MISSING_AUTHENTICATION_TOKEN")
    assert found["statusCode"] == "404"
    assert found["responseTemplates"] == {"application/json": '{"message": "no such route"}'}
    assert found["responseParameters"] == {"gatewayresponse.header.x-why": "'missing'"}


def test_import_openapi3_yaml(apigw: Any, imported: list[str]) -> None:
    """An OpenAPI 3.0 definition in YAML: header parameters, requestBody models, response
    content models and headers, a Cognito authorizer with the requirement's scopes."""
    api = import_api(apigw, imported, PETSTORE_OAS3_YAML)
    pets = resources_by_path(apigw, api["id"])["/pets"]

    get = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="GET")
    assert get["requestParameters"] == {"method.request.header.x-trace": True}
    assert get["methodResponses"]["200"]["responseModels"] == {"application/json": "Pets"}
    assert get["methodResponses"]["200"]["responseParameters"] == {
        "method.response.header.Access-Control-Allow-Origin": False}
    post = apigw.get_method(restApiId=api["id"], resourceId=pets["id"], httpMethod="POST")
    assert post["requestModels"] == {"application/json": "Pet"}
    assert post["authorizationType"] == "COGNITO_USER_POOLS"
    assert post["authorizationScopes"] == ["pets/write"]
    auth = apigw.get_authorizer(restApiId=api["id"], authorizerId=post["authorizerId"])
    assert auth["type"] == "COGNITO_USER_POOLS"
    assert auth["providerARNs"] == [
        "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc"]


@pytest.mark.parametrize(("mode", "expected"), [
    ("ignore", {"/", "/pets"}),
    ("prepend", {"/", "/v1", "/v1/pets"}),
])
def test_import_basepath_parameter_swagger(apigw: Any, imported: list[str], mode: str,
                                           expected: set[str]) -> None:
    """basepath=ignore drops Swagger's basePath, prepend puts it before every path."""
    doc = swagger(paths={"/pets": PETSTORE_SWAGGER["paths"]["/pets"]})
    api = import_api(apigw, imported, doc, parameters={"basepath": mode})

    assert set(resources_by_path(apigw, api["id"])) == expected


def test_import_basepath_split_drops_the_first_segment(apigw: Any,
                                                       imported: list[str]) -> None:
    """basepath=split takes the server URL's first segment as a stage and prepends the
    rest (OpenAPI 3: the basePath variable's default)."""
    api = import_api(apigw, imported, PETSTORE_OAS3_YAML, parameters={"basepath": "split"})

    assert set(resources_by_path(apigw, api["id"])) == {"/", "/api", "/api/pets"}


def test_import_endpoint_configuration_types_parameter(apigw: Any, imported: list[str]) -> None:
    """endpointConfigurationTypes=REGIONAL makes a regional API (EDGE by default)."""
    regional = import_api(apigw, imported, PETSTORE_SWAGGER,
                          parameters={"endpointConfigurationTypes": "REGIONAL"})
    edge = import_api(apigw, imported, PETSTORE_SWAGGER)

    assert regional["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert edge["endpointConfiguration"]["types"] == ["EDGE"]


def _api_count(apigw: Any) -> int:
    return len(apigw.get_rest_apis(limit=500)["items"])


@pytest.mark.parametrize("body", [b"{not json: [", b"[1, 2]", b'{"info": {"title": "x"}}',
                                  b'{"openapi": "3.1.0", "info": {"title": "x"}, "paths": {}}',
                                  b'{"swagger": "2.0", "info": {}, "paths": {}}'])
def test_import_invalid_definition_is_bad_request(apigw: Any, body: bytes) -> None:
    """A body that is not a definition (not JSON/YAML, no version, OpenAPI 3.1, no
    info.title): BadRequestException (400) and no API."""
    before = _api_count(apigw)

    with pytest.raises(ClientError) as err:
        apigw.import_rest_api(body=body)

    assert _error(err)[:2] == ("BadRequestException", 400)
    assert _api_count(apigw) == before


def test_import_malformed_integration_creates_nothing(apigw: Any) -> None:
    """An integration with an unknown type fails the whole import; nothing is created."""
    doc = swagger(paths={"/a": {"get": {"x-amazon-apigateway-integration": {"type": "ftp"}}}})
    before = _api_count(apigw)

    with pytest.raises(ClientError) as err:
        apigw.import_rest_api(body=json.dumps(doc).encode())

    assert _error(err)[:2] == ("BadRequestException", 400)
    assert _api_count(apigw) == before


def test_import_integration_timeout_out_of_range_is_bad_request(apigw: Any) -> None:
    """timeoutInMillis above 29000 is refused with PutIntegration's message."""
    integration = {"type": "mock", "timeoutInMillis": 30000}
    doc = swagger(paths={"/a": {"get": {"x-amazon-apigateway-integration": integration}}})

    with pytest.raises(ClientError) as err:
        apigw.import_rest_api(body=json.dumps(doc).encode())

    assert _error(err) == ("BadRequestException", 400,
                           "Timeout should be between 50 ms and 29000 ms")


def test_import_missing_model_reference_is_a_warning(apigw: Any, imported: list[str]) -> None:
    """A reference to an undefined model is a warning in the answer; the method is still
    created, without the model."""
    op = {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Nope"}}}}
    doc = swagger(paths={"/a": {"get": op}})
    api = import_api(apigw, imported, doc)

    assert any("Nope" in w for w in api["warnings"])
    a = resources_by_path(apigw, api["id"])["/a"]
    method = apigw.get_method(restApiId=api["id"], resourceId=a["id"], httpMethod="GET")
    assert "responseModels" not in method["methodResponses"]["200"]


def test_import_fail_on_warnings_fails_and_creates_nothing(apigw: Any) -> None:
    """failonwarnings=true turns a warning into BadRequestException; no API is created."""
    op = {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Nope"}}}}
    doc = swagger(paths={"/a": {"get": op}})
    before = _api_count(apigw)

    with pytest.raises(ClientError) as err:
        apigw.import_rest_api(body=json.dumps(doc).encode(), failOnWarnings=True)

    code, status, message = _error(err)
    assert (code, status) == ("BadRequestException", 400)
    assert "Nope" in message
    assert _api_count(apigw) == before


def test_import_ignore_documentation_parameter(apigw: Any, imported: list[str]) -> None:
    """Documentation is not imported: a warning, unless ignore=documentation."""
    doc = swagger(**{"x-amazon-apigateway-documentation": {"version": "1", "documentationParts": []}})

    warned = import_api(apigw, imported, doc)
    ignored = import_api(apigw, imported, doc, parameters={"ignore": "documentation"})

    assert any("documentation" in w for w in warned["warnings"])
    assert "warnings" not in ignored


@pytest.mark.parametrize("paths", [["/pets/{a}", "/pets/{b}"], ["/p/{proxy+}", "/p/{proxy+}/x"],
                                   ["/bad path"]])
def test_import_invalid_resource_tree_is_bad_request(apigw: Any, paths: list[str]) -> None:
    """Two variable siblings, a child of a greedy variable or a bad path part:
    BadRequestException and no API."""
    doc = swagger(paths={p: {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}
                         for p in paths})
    before = _api_count(apigw)

    with pytest.raises(ClientError) as err:
        apigw.import_rest_api(body=json.dumps(doc).encode())

    assert _error(err)[:2] == ("BadRequestException", 400)
    assert _api_count(apigw) == before


def test_import_iam_authorization(apigw: Any, imported: list[str]) -> None:
    """x-amazon-apigateway-auth type AWS_IAM and a sigv4 security scheme
    (x-amazon-apigateway-authtype awsSigv4) both make the method AWS_IAM."""
    mock = {"x-amazon-apigateway-integration": {"type": "mock"}}
    doc = swagger(
        securityDefinitions={"sigv4": {"type": "apiKey", "name": "Authorization",
                                       "in": "header",
                                       "x-amazon-apigateway-authtype": "awsSigv4"}},
        paths={"/a": {"get": {**mock, "x-amazon-apigateway-auth": {"type": "aws_iam"}},
                      "put": {**mock, "security": [{"sigv4": []}]},
                      "post": mock}})
    api = import_api(apigw, imported, doc)
    a = resources_by_path(apigw, api["id"])["/a"]

    kinds = {verb: apigw.get_method(restApiId=api["id"], resourceId=a["id"],
                                    httpMethod=verb)["authorizationType"]
             for verb in ("GET", "PUT", "POST")}
    assert kinds == {"GET": "AWS_IAM", "PUT": "AWS_IAM", "POST": "NONE"}


def test_import_inline_schema_becomes_a_generated_model(apigw: Any, imported: list[str]) -> None:
    """An inline body schema becomes a model named MODEL{6 hex digits}, the method's
    request model."""
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}}
    op = {"parameters": [{"in": "body", "name": "b", "schema": schema}],
          "x-amazon-apigateway-integration": {"type": "mock"}}
    api = import_api(apigw, imported, swagger(paths={"/a": {"post": op}}))
    a = resources_by_path(apigw, api["id"])["/a"]

    name = apigw.get_method(restApiId=api["id"], resourceId=a["id"],
                            httpMethod="POST")["requestModels"]["application/json"]
    assert name.startswith("MODEL") and len(name) == 11
    assert json.loads(apigw.get_model(restApiId=api["id"], modelName=name)["schema"]) == schema
