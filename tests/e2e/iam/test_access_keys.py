"""IAM users' access keys sign: a request signed with one acts as the user, with
``--auth off`` and ``--auth on``; Inactive keys stop signing with ``--auth on``; the
user's groups' policies are the user's (``--iam enforce``).
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.auth.conftest import client, create_accounts
from tests.e2e.iam.conftest import unique
from tests.server import RunningServer


@pytest.fixture(scope="module")
def signing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    data = tmp_path_factory.mktemp("iamkeys") / "data"
    data.mkdir(parents=True)
    running = RunningServer(data, "--auth", "on", "--iam", "enforce", "--idle-timeout", "30").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def root_iam(signing_server: RunningServer) -> Any:
    account = create_accounts(signing_server.data_dir, "keys")[0]
    return client(signing_server, "iam", account)


def signed(server: RunningServer, service: str, key: dict[str, Any]) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"],
                        config=Config(retries={"max_attempts": 1}))


def test_a_users_key_signs_as_the_user(server: RunningServer, iam: Any) -> None:
    user = iam.create_user(UserName=unique("signer"))["User"]
    key = iam.create_access_key(UserName=user["UserName"])["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40 and key["Status"] == "Active"
    who = signed(server, "sts", key).get_caller_identity()
    assert who["Arn"] == user["Arn"] and who["UserId"] == user["UserId"]
    assert who["Account"] == "000000000000"
    me = signed(server, "iam", key).get_user()["User"]
    assert me["UserName"] == user["UserName"]


def test_inactive_key_still_names_its_user_with_auth_off(server: RunningServer,
                                                         iam: Any) -> None:
    name = unique("inactive")
    user = iam.create_user(UserName=name)["User"]
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Inactive")
    listed = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in listed] == \
        [(key["AccessKeyId"], "Inactive")]
    assert signed(server, "sts", key).get_caller_identity()["Arn"] == user["Arn"]


def test_two_keys_at_most_and_delete_user_needs_keys_gone(iam: Any) -> None:
    name = unique("limit")
    iam.create_user(UserName=name)
    keys = [iam.create_access_key(UserName=name)["AccessKey"] for _ in range(2)]
    with pytest.raises(ClientError) as err:
        iam.create_access_key(UserName=name)
    assert err.value.response["Error"]["Code"] == "LimitExceeded"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert err.value.response["Error"]["Message"] == \
        "Cannot exceed quota for AccessKeysPerUser: 2"
    with pytest.raises(ClientError) as err:
        iam.delete_user(UserName=name)
    assert err.value.response["Error"]["Code"] == "DeleteConflict"
    assert err.value.response["Error"]["Message"] == \
        "Cannot delete entity, must delete access keys first."
    for key in keys:
        iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName=name)


def test_unknown_key_is_no_such_entity(iam: Any) -> None:
    name = unique("nokey")
    iam.create_user(UserName=name)
    for call in (lambda: iam.delete_access_key(UserName=name, AccessKeyId="AKIAAAAAAAAAAAAAAAAA"),
                 lambda: iam.update_access_key(UserName=name, AccessKeyId="AKIAAAAAAAAAAAAAAAAA",
                                               Status="Inactive"),
                 lambda: iam.get_access_key_last_used(AccessKeyId="AKIAAAAAAAAAAAAAAAAA")):
        with pytest.raises(ClientError) as err:
            call()
        assert err.value.response["Error"]["Code"] == "NoSuchEntity"
        assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_last_used_names_the_user(iam: Any) -> None:
    name = unique("lastused")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    out = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert out["UserName"] == name
    assert out["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}


def test_key_signs_with_auth_on_until_inactive_or_deleted(signing_server: RunningServer,
                                                          root_iam: Any) -> None:
    name = unique("authon")
    user = root_iam.create_user(UserName=name)["User"]
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    sts = signed(signing_server, "sts", key)
    assert sts.get_caller_identity()["Arn"] == user["Arn"]
    root_iam.put_user_policy(UserName=name, PolicyName="own-keys", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "iam:ListAccessKeys",
            "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    # Without UserName, the user is the one whose key signed (and the resource its ARN).
    own = signed(signing_server, "iam", key).list_access_keys()["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in own] == [key["AccessKeyId"]]
    root_iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with pytest.raises(ClientError) as err:
        sts.get_caller_identity()
    assert err.value.response["Error"]["Code"] == "InvalidClientTokenId"
    root_iam.update_access_key(UserName=name, AccessKeyId=key["AccessKeyId"], Status="Active")
    assert sts.get_caller_identity()["Arn"] == user["Arn"]
    root_iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    with pytest.raises(ClientError) as err:
        sts.get_caller_identity()
    assert err.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_a_made_up_secret_does_not_sign_with_auth_on(signing_server: RunningServer,
                                                     root_iam: Any) -> None:
    name = unique("wrongsecret")
    root_iam.create_user(UserName=name)
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    forged = {**key, "SecretAccessKey": "x" * 40}
    with pytest.raises(ClientError) as err:
        signed(signing_server, "sts", forged).get_caller_identity()
    assert err.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_root_without_user_name_is_not_supported(server: RunningServer) -> None:
    with pytest.raises(ClientError) as err:
        make_client(server, "iam").create_access_key()
    assert "not supported" in err.value.response["Error"]["Message"]


def test_a_groups_policies_apply_to_its_users(signing_server: RunningServer,
                                              root_iam: Any) -> None:
    name, group = unique("grouped"), unique("readers")
    root_iam.create_user(UserName=name)
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    sqs = signed(signing_server, "sqs", key)
    with pytest.raises(ClientError) as err:
        sqs.list_queues()
    assert err.value.response["Error"]["Code"] == "AccessDenied"
    root_iam.create_group(GroupName=group)
    root_iam.put_group_policy(GroupName=group, PolicyName="list", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:ListQueues",
                                                "Resource": "*"}]}))
    root_iam.add_user_to_group(GroupName=group, UserName=name)
    sqs.list_queues()
    root_iam.remove_user_from_group(GroupName=group, UserName=name)
    with pytest.raises(ClientError) as err:
        sqs.list_queues()
    assert err.value.response["Error"]["Code"] == "AccessDenied"


def test_an_aws_managed_policys_real_document_is_evaluated(signing_server: RunningServer,
                                                           root_iam: Any) -> None:
    name = unique("managed")
    root_iam.create_user(UserName=name)
    root_iam.attach_user_policy(UserName=name,
                                PolicyArn="arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess")
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    sqs = signed(signing_server, "sqs", key)
    sqs.list_queues()
    with pytest.raises(ClientError) as err:
        sqs.create_queue(QueueName=unique("q"))
    assert err.value.response["Error"]["Code"] == "AccessDenied"
