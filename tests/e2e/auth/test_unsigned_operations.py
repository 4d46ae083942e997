"""With ``--auth on``, the operations the model calls without credentials (``authtype:
none``) pass unsigned and reach the service, which answers from what they carry; every
other operation unsigned is refused.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.server import RunningServer


def unsigned(server: RunningServer, service: str) -> Any:
    return boto3.client(service, endpoint_url=server.url, region_name="us-east-1",
                        config=Config(signature_version=UNSIGNED,
                                      retries={"max_attempts": 1}))


def error(call: Any) -> tuple[str, int]:
    with pytest.raises(ClientError) as err:
        call()
    response = err.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_web_identity_reaches_sts_unsigned(auth_server: RunningServer,
                                           accounts: list[dict[str, str]]) -> None:
    role_arn = f"arn:aws:iam::{accounts[0]['account_id']}:role/nobody"
    code, status = error(lambda: unsigned(auth_server, "sts").assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="web", WebIdentityToken="not-a-jwt"))
    # the service judged the token: no MissingAuthenticationToken
    assert (code, status) == ("InvalidIdentityToken", 400)


def test_a_signed_call_of_the_same_service_unsigned_is_refused(
        auth_server: RunningServer) -> None:
    assert error(lambda: unsigned(auth_server, "sts").get_caller_identity()) == (
        "MissingAuthenticationToken", 403)

