"""Custom domain names and base path mappings.
https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDomainName.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.apigateway.conftest import add_mock_method, error_of

CERT = "arn:aws:acm:us-east-1:000000000000:certificate/abc"


@pytest.fixture
def domain(apigw: Any) -> str:
    name = f"api-{uuid.uuid4().hex[:8]}.example.com"
    apigw.create_domain_name(domainName=name, regionalCertificateArn=CERT,
                             endpointConfiguration={"types": ["REGIONAL"]})
    return name


def test_create_regional_domain_name(apigw: Any, domain: str) -> None:
    got = apigw.get_domain_name(domainName=domain)
    assert got["domainNameStatus"] == "AVAILABLE"
    assert got["regionalDomainName"].endswith(".execute-api.us-east-1.amazonaws.com")
    assert got["endpointConfiguration"]["types"] == ["REGIONAL"]


def test_create_domain_name_twice_conflicts(apigw: Any, domain: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_domain_name(domainName=domain, certificateArn=CERT)
    assert error_of(err) == ("ConflictException", 409)


def test_get_unknown_domain_name_is_not_found(apigw: Any) -> None:
    with pytest.raises(ClientError) as err:
        apigw.get_domain_name(domainName="nope.example.com")
    assert error_of(err) == ("NotFoundException", 404)


def test_base_path_mapping_lifecycle(apigw: Any, api: dict[str, Any], domain: str) -> None:
    add_mock_method(apigw, api["id"], api["rootResourceId"])
    apigw.create_deployment(restApiId=api["id"], stageName="prod")
    got = apigw.create_base_path_mapping(domainName=domain, restApiId=api["id"], stage="prod")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert got["basePath"] == "(none)"
    with pytest.raises(ClientError) as err:
        apigw.create_base_path_mapping(domainName=domain, restApiId=api["id"])
    assert error_of(err) == ("ConflictException", 409)
    moved = apigw.update_base_path_mapping(domainName=domain, basePath="(none)",
                                           patchOperations=[{"op": "replace",
                                                             "path": "/basePath",
                                                             "value": "v1"}])
    assert moved["basePath"] == "v1"
    listed = apigw.get_base_path_mappings(domainName=domain)["items"]
    assert [m["basePath"] for m in listed] == ["v1"]
    apigw.delete_base_path_mapping(domainName=domain, basePath="v1")
    with pytest.raises(ClientError) as err:
        apigw.get_base_path_mapping(domainName=domain, basePath="v1")
    assert error_of(err) == ("NotFoundException", 404)


def test_base_path_mapping_to_unknown_stage_is_refused(apigw: Any, api: dict[str, Any],
                                                       domain: str) -> None:
    with pytest.raises(ClientError) as err:
        apigw.create_base_path_mapping(domainName=domain, restApiId=api["id"], stage="nope")
    assert error_of(err) == ("BadRequestException", 400)


def test_delete_domain_name(apigw: Any, domain: str) -> None:
    resp = apigw.delete_domain_name(domainName=domain)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as err:
        apigw.get_domain_name(domainName=domain)
    assert error_of(err) == ("NotFoundException", 404)
