"""OpenID Connect identity providers: created, read, changed and deleted as data.
https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

THUMB = "a" * 40


def test_provider_lifecycle(iam: Any) -> None:
    host = f"oidc-{uuid.uuid4().hex[:8]}.example.com"
    url = f"https://{host}/tenant"
    arn = iam.create_open_id_connect_provider(
        Url=url, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[THUMB],
        Tags=[{"Key": "team", "Value": "a"}])["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::000000000000:oidc-provider/{host}/tenant"
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["Url"] == f"{host}/tenant"
    assert got["ClientIDList"] == ["sts.amazonaws.com"] and got["ThumbprintList"] == [THUMB]
    assert got["Tags"] == [{"Key": "team", "Value": "a"}]
    assert {"Arn": arn} in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]
    with pytest.raises(ClientError) as err:
        iam.create_open_id_connect_provider(Url=url, ThumbprintList=[THUMB])
    assert err.value.response["Error"]["Code"] == "EntityAlreadyExists"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409

    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="app")
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="app")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn,
                                                       ClientID="sts.amazonaws.com")
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn,
                                                   ThumbprintList=["b" * 40])
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=["team"])
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert (got["ClientIDList"], got["ThumbprintList"]) == (["app"], ["b" * 40])
    assert iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)["Tags"] == []

    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)  # gone: still succeeds
    with pytest.raises(ClientError) as err:
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert err.value.response["Error"]["Code"] == "NoSuchEntity"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_url_must_be_https(iam: Any) -> None:
    with pytest.raises(ClientError) as err:
        iam.create_open_id_connect_provider(Url="http://plain.example.com", ThumbprintList=[THUMB])
    assert err.value.response["Error"]["Code"] == "InvalidInput"
