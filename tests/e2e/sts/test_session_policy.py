"""A session policy narrows what the role's own policies allow (``--iam enforce``).
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.sts.conftest import error_of, session_client, trust
from tests.server import RunningServer, serving

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("cloudlet.services.iam.principal_policies") is None,
    reason="IAM identity policies are not evaluated yet (cloudlet.services.iam.principal_policies)")

SQS_BOTH = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["sqs:ListQueues", "sqs:CreateQueue"], "Resource": "*"}]})
ONLY_LIST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*"}]})


@pytest.fixture(scope="module")
def enforcing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    yield from serving(tmp_path_factory, "sessionpolicy", "--iam", "enforce")


def test_session_policy_narrows_the_role(enforcing: RunningServer) -> None:
    iam, sts = make_client(enforcing, "iam"), make_client(enforcing, "sts")
    role = iam.create_role(RoleName="sqs-role",
                           AssumeRolePolicyDocument=trust({"AWS": "000000000000"}))["Role"]
    iam.put_role_policy(RoleName="sqs-role", PolicyName="sqs", PolicyDocument=SQS_BOTH)
    full: Any = session_client(enforcing, "sqs", sts.assume_role(
        RoleArn=role["Arn"], RoleSessionName="full")["Credentials"])
    narrow: Any = session_client(enforcing, "sqs", sts.assume_role(
        RoleArn=role["Arn"], RoleSessionName="narrow", Policy=ONLY_LIST)["Credentials"])
    full.create_queue(QueueName="made-by-full")
    narrow.list_queues()
    with pytest.raises(ClientError) as info:
        narrow.create_queue(QueueName="made-by-narrow")
    code, status, message = error_of(info)
    assert status == 403 and "AccessDenied" in code
    assert "assumed-role/sqs-role/narrow" in message
