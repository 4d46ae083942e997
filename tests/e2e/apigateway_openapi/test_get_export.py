"""GetExport: a stage's deployed API as OpenAPI 3.0 or Swagger 2.0, JSON or YAML, and back.

https://docs.aws.amazon.com/apigateway/latest/api/API_GetExport.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-export-api.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

from tests.e2e.apigateway_openapi.conftest import import_api, resources_by_path
from tests.e2e.apigateway_openapi.definitions import PETSTORE_SWAGGER


@pytest.fixture
def deployed(apigw: Any, imported: list[str]) -> str:
    """The PetStore API, deployed to stage ``test``."""
    api_id = str(import_api(apigw, imported, PETSTORE_SWAGGER)["id"])
    apigw.create_deployment(restApiId=api_id, stageName="test")
    return api_id


def _export(apigw: Any, api_id: str, kind: str = "oas30", **kwargs: Any) -> dict[str, Any]:
    found: dict[str, Any] = apigw.get_export(restApiId=api_id, stageName="test",
                                             exportType=kind, **kwargs)
    return found


def _shape(apigw: Any, api_id: str) -> dict[str, Any]:
    """Paths -> verbs -> (authorizationType, apiKeyRequired, integration type, uri)."""
    out: dict[str, Any] = {}
    for path, res in resources_by_path(apigw, api_id).items():
        for verb in res.get("resourceMethods") or {}:
            m = apigw.get_method(restApiId=api_id, resourceId=res["id"], httpMethod=verb)
            i = m.get("methodIntegration") or {}
            out.setdefault(path, {})[verb] = (m["authorizationType"], m["apiKeyRequired"],
                                              m.get("requestParameters"), i.get("type"),
                                              i.get("uri"), sorted(i.get("integrationResponses")
                                                                   or {}))
    return out


def test_export_oas30_json(apigw: Any, deployed: str) -> None:
    """oas30 as JSON (the default Accept): openapi 3.0.1, info, the stage as the servers'
    basePath, every path and verb, the models as schemas."""
    exported = _export(apigw, deployed)

    assert exported["ResponseMetadata"]["HTTPStatusCode"] == 200
    doc = json.loads(exported["body"].read())
    assert doc["openapi"] == "3.0.1"
    assert doc["info"]["title"] == "PetStore"
    assert doc["servers"][0]["variables"]["basePath"]["default"] == "test"
    assert set(doc["paths"]) == {"/", "/pets", "/pets/{petId}", "/proxy/{proxy+}"}
    assert set(doc["paths"]["/pets"]) == {"get", "post"}
    assert "x-amazon-apigateway-any-method" in doc["paths"]["/proxy/{proxy+}"]
    assert doc["components"]["schemas"]["Pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert "x-amazon-apigateway-integration" not in doc["paths"]["/pets"]["get"]


def test_export_swagger_yaml(apigw: Any, deployed: str) -> None:
    """swagger with Accept application/yaml: a YAML Swagger 2.0 document."""
    exported = _export(apigw, deployed, "swagger", accepts="application/yaml")

    doc = yaml.safe_load(exported["body"].read())
    assert doc["swagger"] == "2.0"
    assert doc["basePath"] == "/test"
    assert doc["definitions"]["Pets"]["items"] == {"$ref": "#/definitions/Pet"}
    post = doc["paths"]["/pets"]["post"]
    assert {"api_key": []} in post["security"]
    assert doc["securityDefinitions"]["api_key"] == {"type": "apiKey", "name": "x-api-key",
                                                     "in": "header"}


@pytest.mark.parametrize("accept", ["application/json", "application/yaml"])
def test_export_content_type_is_the_accepted_type(apigw: Any, deployed: str,
                                                  accept: str) -> None:
    """The answer's Content-Type is the Accept type asked for."""
    assert _export(apigw, deployed, accepts=accept)["contentType"] == accept


def test_export_integrations_extension(apigw: Any, deployed: str) -> None:
    """extensions=integrations adds x-amazon-apigateway-integration to each method."""
    doc = json.loads(_export(apigw, deployed, parameters={"extensions": "integrations"})
                     ["body"].read())

    integration = doc["paths"]["/pets"]["get"]["x-amazon-apigateway-integration"]
    assert integration["type"] == "http"
    assert integration["responses"]["4\\d{2}"] == {"statusCode": "400"}
    assert "x-amazon-apigateway-authorizer" not in doc["components"]["securitySchemes"]["tokenAuth"]


def test_export_apigateway_extensions(apigw: Any, deployed: str) -> None:
    """extensions=apigateway adds every extension: authorizers, validators, binary media
    types, API key source, gateway responses."""
    doc = json.loads(_export(apigw, deployed, parameters={"extensions": "apigateway"})
                     ["body"].read())

    scheme = doc["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["x-amazon-apigateway-authorizer"]["type"] == "token"
    assert doc["x-amazon-apigateway-binary-media-types"] == ["image/png"]
    assert doc["x-amazon-apigateway-api-key-source"] == "AUTHORIZER"
    assert set(doc["x-amazon-apigateway-request-validators"]) == {"all", "params"}
    assert doc["paths"]["/pets"]["post"]["x-amazon-apigateway-request-validator"] == "all"
    assert "MISSING_AUTHENTICATION_TOKEN" in doc["x-amazon-apigateway-gateway-responses"]


def test_export_round_trip_gives_the_same_api(apigw: Any, imported: list[str],
                                              deployed: str) -> None:
    """Export (with the API Gateway extensions) then import: the same resources, methods
    and integrations."""
    body = _export(apigw, deployed, parameters={"extensions": "apigateway"})["body"].read()

    again = apigw.import_rest_api(body=body)
    imported.append(again["id"])

    assert "warnings" not in again
    assert _shape(apigw, again["id"]) == _shape(apigw, deployed)


def test_export_is_of_the_deployment_not_the_current_api(apigw: Any, deployed: str) -> None:
    """Changes after the deployment are not exported until the next deployment."""
    update = {"swagger": "2.0", "info": {"title": "PetStore"},
              "paths": {"/later": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}}}
    apigw.put_rest_api(restApiId=deployed, body=json.dumps(update).encode())

    doc = json.loads(_export(apigw, deployed)["body"].read())

    assert "/later" not in doc["paths"]


def test_export_unknown_type_is_bad_request(apigw: Any, deployed: str) -> None:
    """An exportType other than oas30 or swagger: BadRequestException."""
    with pytest.raises(ClientError) as err:
        _export(apigw, deployed, "raml")

    resp = err.value.response
    assert resp["Error"]["Code"] == "BadRequestException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert resp["Error"]["Message"] == "No API exporter for type 'raml'"


def test_export_unknown_stage_is_not_found(apigw: Any, deployed: str) -> None:
    """A stage the API does not have: NotFoundException (404)."""
    with pytest.raises(ClientError) as err:
        apigw.get_export(restApiId=deployed, stageName="nope", exportType="oas30")

    resp = err.value.response
    assert resp["Error"]["Code"] == "NotFoundException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.parametrize("kind", ["oas30", "swagger"])
def test_export_is_a_valid_definition(apigw: Any, deployed: str, kind: str) -> None:
    """The exported document (with every extension) validates against its specification."""
    validator = pytest.importorskip("openapi_spec_validator")  # installed with moto[server]
    doc = json.loads(_export(apigw, deployed, kind, parameters={"extensions": "apigateway"})
                     ["body"].read())

    validator.validate(doc)


def test_export_other_accept_type_is_not_supported(apigw: Any, deployed: str) -> None:
    """An Accept type other than JSON or YAML fails clearly (400, ``not supported``)."""
    with pytest.raises(ClientError) as err:
        _export(apigw, deployed, accepts="application/xml")

    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert err.value.response["Error"]["Message"].startswith("not supported:")
