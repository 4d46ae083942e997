"""Custom domains as stack resources (kept as data by the service): a REST API's
::DomainName with a ::BasePathMapping, an HTTP API's ::DomainName with an ::ApiMapping;
attributes, an in-place update of the mapping, deletion."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway_support import error_of
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

CERT = "arn:aws:acm:us-east-1:000000000000:certificate/abc"


def _mock_api(stage: str) -> dict[str, Any]:
    return {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "dom"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "GET", "AuthorizationType": "NONE", "Integration": {"Type": "MOCK"}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["Get"],
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": stage}}}


def test_rest_domain_and_base_path_mapping(server: RunningServer, apigw: Any) -> None:
    name = f"api-{uuid.uuid4().hex[:8]}.example.com"

    def template(stage: str) -> dict[str, Any]:
        return {"Resources": {
            **_mock_api(stage),
            "Domain": {"Type": "AWS::ApiGateway::DomainName", "Properties": {
                "DomainName": name, "RegionalCertificateArn": CERT,
                "EndpointConfiguration": {"Types": ["REGIONAL"]}}},
            "Mapping": {"Type": "AWS::ApiGateway::BasePathMapping", "DependsOn": ["Deployment"],
                        "Properties": {"DomainName": {"Ref": "Domain"}, "BasePath": "v1",
                                       "RestApiId": {"Ref": "Api"}, "Stage": stage}}},
            "Outputs": {"Target": {"Value": {"Fn::GetAtt": ["Domain", "RegionalDomainName"]}},
                        "Arn": {"Value": {"Fn::GetAtt": ["Domain", "DomainNameArn"]}}}}

    stack = deploy(server, template("one"))
    assert stack.physical("Domain") == name
    assert stack.outputs["Target"].endswith(".execute-api.us-east-1.amazonaws.com")
    assert stack.outputs["Arn"] == f"arn:aws:apigateway:us-east-1::/domainnames/{name}"
    mapping = apigw.get_base_path_mapping(domainName=name, basePath="v1")
    assert (mapping["restApiId"], mapping["stage"]) == (stack.physical("Api"), "one")

    stack = deploy(server, template("two"), name=stack.name, update=True)
    assert apigw.get_base_path_mapping(domainName=name, basePath="v1")["stage"] == "two"
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        apigw.get_domain_name(domainName=name)
    assert error_of(err) == ("NotFoundException", 404)


def test_http_domain_and_api_mapping(server: RunningServer, apigw2: Any) -> None:
    name = f"http-{uuid.uuid4().hex[:8]}.example.com"

    def template(key: str) -> dict[str, Any]:
        return {"Resources": {
            "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
                "Name": "dom", "ProtocolType": "HTTP"}},
            "Stage": {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
                "ApiId": {"Ref": "Api"}, "StageName": "$default", "AutoDeploy": True}},
            "Domain": {"Type": "AWS::ApiGatewayV2::DomainName", "Properties": {
                "DomainName": name, "Tags": {"team": "a"},
                "DomainNameConfigurations": [{"CertificateArn": CERT,
                                              "EndpointType": "REGIONAL"}]}},
            "Mapping": {"Type": "AWS::ApiGatewayV2::ApiMapping", "DependsOn": ["Stage"],
                        "Properties": {"DomainName": {"Ref": "Domain"}, "ApiId": {"Ref": "Api"},
                                       "Stage": {"Ref": "Stage"}, "ApiMappingKey": key}}},
            "Outputs": {"Target": {"Value": {"Fn::GetAtt": ["Domain", "RegionalDomainName"]}},
                        "MappingId": {"Value": {"Fn::GetAtt": ["Mapping", "ApiMappingId"]}}}}

    stack = deploy(server, template("orders"))
    assert stack.outputs["Target"].endswith(".execute-api.us-east-1.amazonaws.com")
    mapping_id = stack.physical("Mapping")
    assert stack.outputs["MappingId"] == mapping_id
    got = apigw2.get_api_mapping(DomainName=name, ApiMappingId=mapping_id)
    assert (got["ApiId"], got["ApiMappingKey"]) == (stack.physical("Api"), "orders")

    stack = deploy(server, template("sales"), name=stack.name, update=True)
    assert stack.physical("Mapping") == mapping_id
    assert apigw2.get_api_mapping(DomainName=name, ApiMappingId=mapping_id)[
        "ApiMappingKey"] == "sales"
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        apigw2.get_domain_name(DomainName=name)
    assert error_of(err) == ("NotFoundException", 404)
