"""CreateIntegration, GetIntegration(s), UpdateIntegration, DeleteIntegration.
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import FUNCTION_ARN, error_of


def test_lambda_integration_defaults(apigw2: Any, api_id: str) -> None:
    got = apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                    IntegrationUri=FUNCTION_ARN, PayloadFormatVersion="1.0")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert got["TimeoutInMillis"] == 30000
    assert got["ConnectionType"] == "INTERNET"
    assert got["PayloadFormatVersion"] == "1.0"
    assert apigw2.get_integration(ApiId=api_id, IntegrationId=got["IntegrationId"])[
        "IntegrationUri"] == FUNCTION_ARN


def test_lambda_integration_requires_payload_format_version(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                  IntegrationUri=FUNCTION_ARN)
    assert error_of(err) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                  IntegrationUri=FUNCTION_ARN, PayloadFormatVersion="3.0")
    assert error_of(err) == ("BadRequestException", 400)


def test_http_proxy_integration_needs_method_and_url(apigw2: Any, api_id: str) -> None:
    got = apigw2.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
        IntegrationUri="https://example.com/{proxy}",
        RequestParameters={"append:header.x-from": "gateway", "overwrite:path": "/new"},
        ResponseParameters={"200": {"overwrite:statuscode": "204"}})
    assert got["PayloadFormatVersion"] == "1.0"
    assert got["RequestParameters"]["overwrite:path"] == "/new"
    assert got["ResponseParameters"] == {"200": {"overwrite:statuscode": "204"}}
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY",
                                  IntegrationUri="https://example.com")
    assert error_of(err) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY",
                                  IntegrationMethod="GET", IntegrationUri="ftp://x")
    assert error_of(err) == ("BadRequestException", 400)


def test_bad_parameter_mapping_is_bad_request(apigw2: Any, api_id: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(
            ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
            IntegrationUri="https://example.com", RequestParameters={"rename:header.a": "b"})
    assert error_of(err) == ("BadRequestException", 400)


def test_timeout_above_30000_is_refused(apigw2: Any, api_id: str) -> None:
    """The model's range (50-30000) is checked by the protocol layer, whose code is
    ValidationException (AWS answers BadRequestException; both are 400)."""
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                  IntegrationUri=FUNCTION_ARN, PayloadFormatVersion="2.0",
                                  TimeoutInMillis=30001)
    assert error_of(err)[1] == 400


@pytest.mark.parametrize("kind", ["MOCK", "HTTP", "AWS"])
def test_other_integration_types_are_not_supported(apigw2: Any, api_id: str, kind: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.create_integration(ApiId=api_id, IntegrationType=kind,
                                  IntegrationUri="https://example.com")
    assert error_of(err) == ("BadRequestException", 400)
    assert err.value.response["Error"]["Message"].startswith("not supported:")


def test_update_integration_changes_timeout(apigw2: Any, api_id: str,
                                            lambda_integration: str) -> None:
    got = apigw2.update_integration(ApiId=api_id, IntegrationId=lambda_integration,
                                    TimeoutInMillis=5000)
    assert got["TimeoutInMillis"] == 5000
    assert got["PayloadFormatVersion"] == "2.0"


def test_integration_used_by_a_route_cannot_be_deleted(apigw2: Any, api_id: str,
                                                      lambda_integration: str) -> None:
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /x",
                                Target=f"integrations/{lambda_integration}")
    with pytest.raises(ClientError) as err:
        apigw2.delete_integration(ApiId=api_id, IntegrationId=lambda_integration)
    assert error_of(err) == ("BadRequestException", 400)
    apigw2.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    apigw2.delete_integration(ApiId=api_id, IntegrationId=lambda_integration)
    with pytest.raises(ClientError) as err:
        apigw2.get_integration(ApiId=api_id, IntegrationId=lambda_integration)
    assert error_of(err) == ("NotFoundException", 404)
