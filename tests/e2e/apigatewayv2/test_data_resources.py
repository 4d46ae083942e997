"""Route and integration responses, models, tags, domain names and API mappings.
https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/api-reference.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigatewayv2.conftest import error_of

CERT = "arn:aws:acm:us-east-1:000000000000:certificate/abc"


def test_route_responses_are_stored_per_route(apigw2: Any, api_id: str) -> None:
    route = apigw2.create_route(ApiId=api_id, RouteKey="GET /x")["RouteId"]
    made = apigw2.create_route_response(ApiId=api_id, RouteId=route,
                                        RouteResponseKey="$default")
    got = apigw2.get_route_response(ApiId=api_id, RouteId=route,
                                    RouteResponseId=made["RouteResponseId"])
    assert got["RouteResponseKey"] == "$default"
    assert len(apigw2.get_route_responses(ApiId=api_id, RouteId=route)["Items"]) == 1
    apigw2.delete_route_response(ApiId=api_id, RouteId=route,
                                 RouteResponseId=made["RouteResponseId"])
    with pytest.raises(ClientError) as err:
        apigw2.get_route_response(ApiId=api_id, RouteId=route,
                                  RouteResponseId=made["RouteResponseId"])
    assert error_of(err) == ("NotFoundException", 404)


def test_integration_responses_are_stored(apigw2: Any, api_id: str,
                                          lambda_integration: str) -> None:
    made = apigw2.create_integration_response(
        ApiId=api_id, IntegrationId=lambda_integration, IntegrationResponseKey="$default")
    updated = apigw2.update_integration_response(
        ApiId=api_id, IntegrationId=lambda_integration,
        IntegrationResponseId=made["IntegrationResponseId"], IntegrationResponseKey="/2\\d\\d/")
    assert updated["IntegrationResponseKey"] == "/2\\d\\d/"
    items = apigw2.get_integration_responses(ApiId=api_id,
                                             IntegrationId=lambda_integration)["Items"]
    assert [i["IntegrationResponseId"] for i in items] == [made["IntegrationResponseId"]]


def test_models_keep_schema_and_refuse_bad_json(apigw2: Any, api_id: str) -> None:
    model = apigw2.create_model(ApiId=api_id, Name="Pet", Schema='{"type": "object"}')
    assert model["ContentType"] == "application/json"
    assert apigw2.get_model(ApiId=api_id, ModelId=model["ModelId"])["Schema"] == (
        '{"type": "object"}')
    with pytest.raises(ClientError) as err:
        apigw2.create_model(ApiId=api_id, Name="Bad", Schema="{not json")
    assert error_of(err) == ("BadRequestException", 400)
    with pytest.raises(ClientError) as err:
        apigw2.create_model(ApiId=api_id, Name="Pet", Schema="{}")
    assert error_of(err) == ("ConflictException", 409)
    apigw2.delete_model(ApiId=api_id, ModelId=model["ModelId"])
    assert apigw2.get_models(ApiId=api_id)["Items"] == []


def test_tags_on_api_and_stage(apigw2: Any, api_id: str) -> None:
    arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
    apigw2.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    apigw2.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert apigw2.get_tags(ResourceArn=arn)["Tags"] == {"b": "2"}
    assert apigw2.get_api(ApiId=api_id)["Tags"] == {"b": "2"}
    apigw2.create_stage(ApiId=api_id, StageName="prod")
    stage_arn = f"{arn}/stages/prod"
    apigw2.tag_resource(ResourceArn=stage_arn, Tags={"s": "1"})
    assert apigw2.get_stage(ApiId=api_id, StageName="prod")["Tags"] == {"s": "1"}


def test_tags_of_unknown_resource_are_not_found(apigw2: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw2.get_tags(ResourceArn="arn:aws:apigateway:us-east-1::/apis/nosuchapi0")
    assert error_of(err) == ("NotFoundException", 404)


def test_domain_name_and_api_mappings(apigw2: Any, api_id: str) -> None:
    domain = f"api-{uuid.uuid4().hex[:8]}.example.com"
    made = apigw2.create_domain_name(
        DomainName=domain, DomainNameConfigurations=[{"CertificateArn": CERT}])
    try:
        config = made["DomainNameConfigurations"][0]
        assert config["EndpointType"] == "REGIONAL"
        assert config["DomainNameStatus"] == "AVAILABLE"
        assert made["ApiMappingSelectionExpression"] == "$request.basepath"
        with pytest.raises(ClientError) as err:
            apigw2.create_domain_name(DomainName=domain,
                                      DomainNameConfigurations=[{"CertificateArn": CERT}])
        assert error_of(err) == ("ConflictException", 409)

        apigw2.create_stage(ApiId=api_id, StageName="prod")
        mapping = apigw2.create_api_mapping(DomainName=domain, ApiId=api_id, Stage="prod",
                                            ApiMappingKey="v1")
        assert mapping["ApiMappingKey"] == "v1"
        with pytest.raises(ClientError) as err:
            apigw2.create_api_mapping(DomainName=domain, ApiId=api_id, Stage="prod",
                                      ApiMappingKey="v1")
        assert error_of(err) == ("ConflictException", 409)
        with pytest.raises(ClientError) as err:
            apigw2.create_api_mapping(DomainName=domain, ApiId=api_id, Stage="none")
        assert error_of(err) == ("NotFoundException", 404)
        items = apigw2.get_api_mappings(DomainName=domain)["Items"]
        assert [m["ApiMappingId"] for m in items] == [mapping["ApiMappingId"]]
    finally:
        apigw2.delete_domain_name(DomainName=domain)
    with pytest.raises(ClientError) as err:
        apigw2.get_domain_name(DomainName=domain)
    assert error_of(err) == ("NotFoundException", 404)
