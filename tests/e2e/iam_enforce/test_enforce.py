"""``--iam enforce``: calls AWS would deny fail with the service's error and AWS's words.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.iam_enforce.conftest import (
    allow,
    deny,
    make_session,
    make_table,
    make_user,
    needs_identity_policies,
)
from tests.server import RunningServer

ACCOUNT = "000000000000"


def error_of(call: Any, **kwargs: Any) -> tuple[str, int, str]:
    with pytest.raises(ClientError) as err:
        call(**kwargs)
    resp = err.value.response
    return (resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"],
            resp["Error"].get("Message", ""))


def table_arn(name: str) -> str:
    return f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/{name}"


def test_user_without_policies_is_denied_as_aws_words_it(enforcing: RunningServer) -> None:
    table = make_table(enforcing)
    user = make_user(enforcing)
    got = error_of(user.client("dynamodb").get_item, TableName=table, Key={"pk": {"S": "a"}})
    assert got == ("AccessDeniedException", 400,
                   f"User: {user.arn} is not authorized to perform: dynamodb:GetItem on resource:"
                   f" {table_arn(table)} because no identity-based policy allows the"
                   f" dynamodb:GetItem action")


def test_root_is_not_evaluated(enforcing: RunningServer) -> None:
    table = make_table(enforcing)
    make_client(enforcing, "dynamodb").get_item(TableName=table, Key={"pk": {"S": "a"}})


@pytest.mark.parametrize(("service", "call", "code", "status"), [
    ("sqs", lambda c: c.list_queues(), "AccessDenied", 403),
    ("sns", lambda c: c.list_topics(), "AuthorizationError", 403),
    ("lambda", lambda c: c.list_functions(), "AccessDeniedException", 403),
    ("s3", lambda c: c.list_buckets(), "AccessDenied", 403),
    ("iam", lambda c: c.list_users(), "AccessDenied", 403),
    ("logs", lambda c: c.describe_log_groups(), "AccessDeniedException", 400),
    ("stepfunctions", lambda c: c.list_state_machines(), "AccessDeniedException", 400),
    ("kinesis", lambda c: c.list_streams(), "AccessDeniedException", 400),
])
def test_each_service_answers_its_own_access_denied_error(
        enforcing: RunningServer, service: str, call: Any, code: str, status: int) -> None:
    user = make_user(enforcing)
    got = error_of(lambda: call(user.client(service)))
    assert got[:2] == (code, status)
    assert got[2].startswith(f"User: {user.arn} is not authorized to perform: ")


@needs_identity_policies
def test_policy_allowing_get_item_on_one_table(enforcing: RunningServer) -> None:
    table, other = make_table(enforcing), make_table(enforcing)
    user = make_user(enforcing, allow("dynamodb:GetItem", table_arn(table)))
    ddb = user.client("dynamodb")
    ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
    got = error_of(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}})
    assert got == ("AccessDeniedException", 400,
                   f"User: {user.arn} is not authorized to perform: dynamodb:PutItem on resource:"
                   f" {table_arn(table)} because no identity-based policy allows the"
                   f" dynamodb:PutItem action")
    assert error_of(ddb.get_item, TableName=other, Key={"pk": {"S": "a"}})[0] == \
        "AccessDeniedException"


@needs_identity_policies
def test_explicit_deny_wins(enforcing: RunningServer) -> None:
    table = make_table(enforcing)
    user = make_user(enforcing, allow("dynamodb:*"), deny("dynamodb:GetItem", table_arn(table)))
    got = error_of(user.client("dynamodb").get_item, TableName=table, Key={"pk": {"S": "a"}})
    assert got[2].endswith("with an explicit deny in an identity-based policy")
    user.client("dynamodb").put_item(TableName=table, Item={"pk": {"S": "a"}})


@needs_identity_policies
@pytest.mark.parametrize(("limit", "words"), [("boundary", "permissions boundary"),
                                              ("session_policy", "session policy")])
def test_a_boundary_or_session_policy_must_also_allow(enforcing: RunningServer, limit: str,
                                                      words: str) -> None:
    table = make_table(enforcing)
    session = make_session(enforcing, allow("dynamodb:*"), **{limit: allow("dynamodb:GetItem")})
    ddb = session.client("dynamodb")
    ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
    got = error_of(ddb.put_item, TableName=table, Item={"pk": {"S": "a"}})
    assert got[2].endswith(f"because no {words} allows the dynamodb:PutItem action")


@needs_identity_policies
def test_a_policy_change_applies_to_the_next_call(enforcing: RunningServer) -> None:
    table = make_table(enforcing)
    user = make_user(enforcing)
    ddb = user.client("dynamodb")
    assert error_of(ddb.get_item, TableName=table, Key={"pk": {"S": "a"}})[0]
    make_client(enforcing, "iam").put_user_policy(
        UserName=user.name, PolicyName="late",
        PolicyDocument='{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem",'
                       ' "Resource": "*"}]}')
    ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})
