"""Resource-based policies in the server-wide IAM check: queue, bucket, topic and function
policies allow on their own within the account, and their explicit denies deny.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"Within a single account ... an explicit allow in either an identity-based policy or a
resource-based policy results in an allow; an explicit deny in any policy overrides it."
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cloudlet.server.context import Principal
from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.iam_enforce.conftest import (
    User,
    _issue,
    allow,
    make_session,
    make_user,
    needs_identity_policies,
)
from tests.e2e.iam_enforce.test_modes import _log_line
from tests.e2e.lambda_.conftest import ECHO, ROLE, python_zip
from tests.server import RunningServer

pytestmark = needs_identity_policies

ACCOUNT = "000000000000"


def denied(call: Any, **kwargs: Any) -> tuple[str, int]:
    with pytest.raises(ClientError) as err:
        call(**kwargs)
    resp = err.value.response
    return resp["Error"]["Code"], resp["ResponseMetadata"]["HTTPStatusCode"]


def role_arn(session: User) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{session.name}"


def naming(principal: str, action: str, resource: str, effect: str = "Allow") -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "s", "Effect": effect, "Principal": {"AWS": principal}, "Action": action,
        "Resource": resource}]})


def unique(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:10]


# -- SQS ------------------------------------------------------------------------------------

def test_queue_policy_naming_a_role_lets_it_send(enforcing: RunningServer) -> None:
    sqs = make_client(enforcing, "sqs")
    url = sqs.create_queue(QueueName=unique("q"))["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    session = make_session(enforcing)
    client = session.client("sqs")
    assert denied(client.send_message, QueueUrl=url, MessageBody="x") == ("AccessDenied", 403)

    sqs.set_queue_attributes(QueueUrl=url, Attributes={
        "Policy": naming(role_arn(session), "sqs:SendMessage", arn)})
    client.send_message(QueueUrl=url, MessageBody="x")

    # the change applies to the next call: the cached decision is not reused
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
    assert denied(client.send_message, QueueUrl=url, MessageBody="x") == ("AccessDenied", 403)


def test_queue_policy_deny_overrides_an_identity_allow(enforcing: RunningServer) -> None:
    sqs = make_client(enforcing, "sqs")
    url = sqs.create_queue(QueueName=unique("q"))["QueueUrl"]
    user = make_user(enforcing, allow("sqs:*"))
    client = user.client("sqs")
    client.send_message(QueueUrl=url, MessageBody="x")

    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:{url.rsplit('/', 1)[-1]}"
    sqs.set_queue_attributes(QueueUrl=url, Attributes={
        "Policy": naming(user.arn, "sqs:SendMessage", arn, "Deny")})
    assert denied(client.send_message, QueueUrl=url, MessageBody="x") == ("AccessDenied", 403)


# -- S3 -------------------------------------------------------------------------------------

def test_bucket_policy_deny_denies_a_role_allowed_everything(enforcing: RunningServer) -> None:
    s3 = make_client(enforcing, "s3")
    bucket = unique("b")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    session = make_session(enforcing, allow("s3:*"))
    client = session.client("s3")
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"

    s3.put_bucket_policy(Bucket=bucket, Policy=naming(
        role_arn(session), "s3:GetObject", f"arn:aws:s3:::{bucket}/*", "Deny"))
    assert denied(client.get_object, Bucket=bucket, Key="k") == ("AccessDenied", 403)
    client.put_object(Bucket=bucket, Key="k2", Body=b"w")  # only GetObject is denied

    s3.delete_bucket_policy(Bucket=bucket)
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"


def test_bucket_policy_allows_a_role_without_identity_policies(
        enforcing: RunningServer) -> None:
    s3 = make_client(enforcing, "s3")
    bucket = unique("b")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    session = make_session(enforcing)
    client = session.client("s3")
    assert denied(client.get_object, Bucket=bucket, Key="k") == ("AccessDenied", 403)

    s3.put_bucket_policy(Bucket=bucket, Policy=naming(
        role_arn(session), "s3:GetObject", f"arn:aws:s3:::{bucket}/*"))
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"
    assert denied(client.list_objects_v2, Bucket=bucket) == ("AccessDenied", 403)


def test_another_accounts_user_needs_the_bucket_policy_too(enforcing: RunningServer) -> None:
    """Cross-account: the identity policy and the bucket's policy must both allow."""
    s3 = make_client(enforcing, "s3")
    bucket = unique("b")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    other = "111111111111"
    iam = make_client(enforcing, "iam", access_key=_issue(enforcing, Principal.root(other)))
    name = unique("u")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
        allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*")))
    client = make_client(enforcing, "s3", access_key=_issue(enforcing, Principal.user(arn)))
    assert denied(client.get_object, Bucket=bucket, Key="k") == ("AccessDenied", 403)

    s3.put_bucket_policy(Bucket=bucket, Policy=naming(
        f"arn:aws:iam::{other}:root", "s3:GetObject", f"arn:aws:s3:::{bucket}/*"))
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"v"


# -- SNS ------------------------------------------------------------------------------------

def test_topic_policy_naming_a_role_lets_it_publish(enforcing: RunningServer) -> None:
    sns = make_client(enforcing, "sns")
    topic = sns.create_topic(Name=unique("t"))["TopicArn"]
    session = make_session(enforcing)
    client = session.client("sns")
    assert denied(client.publish, TopicArn=topic, Message="m") == ("AuthorizationError", 403)

    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy",
                             AttributeValue=naming(role_arn(session), "SNS:Publish", topic))
    assert client.publish(TopicArn=topic, Message="m")["MessageId"]


def test_topic_add_permission_naming_the_account_needs_an_identity_allow(
        enforcing: RunningServer) -> None:
    """A statement naming only the account delegates to the account's identity policies."""
    sns = make_client(enforcing, "sns")
    topic = sns.create_topic(Name=unique("t"))["TopicArn"]
    sns.add_permission(TopicArn=topic, Label="acct", AWSAccountId=[ACCOUNT],
                       ActionName=["Publish"])
    session = make_session(enforcing)
    assert denied(session.client("sns").publish, TopicArn=topic,
                  Message="m") == ("AuthorizationError", 403)


# -- Lambda ---------------------------------------------------------------------------------

def test_add_permission_naming_a_role_lets_it_invoke(enforcing: RunningServer) -> None:
    lam = make_client(enforcing, "lambda")
    name = unique("f")
    lam.create_function(FunctionName=name, Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", Code={"ZipFile": python_zip(ECHO)})
    function_ready(lam, name)
    session = make_session(enforcing)
    client = session.client("lambda")
    assert denied(client.invoke, FunctionName=name,
                  InvocationType="DryRun") == ("AccessDeniedException", 403)

    lam.add_permission(FunctionName=name, StatementId="role", Action="lambda:InvokeFunction",
                       Principal=role_arn(session))
    assert client.invoke(FunctionName=name, InvocationType="DryRun")["StatusCode"] == 204

    lam.remove_permission(FunctionName=name, StatementId="role")
    assert denied(client.invoke, FunctionName=name,
                  InvocationType="DryRun") == ("AccessDeniedException", 403)


# -- warn mode ------------------------------------------------------------------------------

def test_warn_is_silent_when_the_resource_policy_allows(warning: RunningServer) -> None:
    sqs = make_client(warning, "sqs")
    name = unique("q")
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    user = make_user(warning)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": naming(
        user.arn, "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}")})
    client = user.client("sqs")
    client.send_message(QueueUrl=url, MessageBody="x")
    client.get_queue_attributes(QueueUrl=url)  # not in the policy: warned
    assert _log_line(warning, f"sqs:GetQueueAttributes on resource: arn:aws:sqs:us-east-1:"
                              f"{ACCOUNT}:{name}")
    assert _log_line(warning, f"sqs:SendMessage on resource: arn:aws:sqs:us-east-1:"
                              f"{ACCOUNT}:{name}", timeout=0.2) == []


# -- EventBridge ----------------------------------------------------------------------------

def test_bus_policy_naming_a_role_lets_it_describe_the_bus(enforcing: RunningServer) -> None:
    """(The bus is named by its ARN: a bare ``Name`` gives the check no resource yet.)"""
    events = make_client(enforcing, "events")
    name = unique("bus")
    arn = events.create_event_bus(Name=name)["EventBusArn"]
    session = make_session(enforcing)
    client = session.client("events")
    assert denied(client.describe_event_bus, Name=arn) == ("AccessDeniedException", 400)

    events.put_permission(EventBusName=name, Policy=naming(
        role_arn(session), "events:DescribeEventBus", arn))
    assert client.describe_event_bus(Name=arn)["Arn"] == arn
