"""Operation -> IAM action and resource ARN, from the Service Authorization Reference data."""

from __future__ import annotations

from typing import Any

import pytest

from cloudlet.policy.actions import own_user, plan_for, resource_for, resources_for

R, A = "us-east-1", "111122223333"


@pytest.mark.parametrize(("service", "prefix", "operation", "req", "action", "resource"), [
    ("dynamodb", "dynamodb", "GetItem", {"TableName": "t"}, "dynamodb:GetItem",
     f"arn:aws:dynamodb:{R}:{A}:table/t"),
    ("dynamodb", "dynamodb", "Query", {"TableName": "t", "IndexName": "i"}, "dynamodb:Query",
     f"arn:aws:dynamodb:{R}:{A}:table/t/index/i"),
    ("dynamodb", "dynamodb", "ListTables", {}, "dynamodb:ListTables", "*"),
    ("lambda", "lambda", "Invoke", {"FunctionName": "f"}, "lambda:InvokeFunction",
     f"arn:aws:lambda:{R}:{A}:function:f"),
    ("lambda", "lambda", "Invoke", {"FunctionName": "f", "Qualifier": "live"},
     "lambda:InvokeFunction", f"arn:aws:lambda:{R}:{A}:function:f:live"),
    ("lambda", "lambda", "Invoke", {"FunctionName": f"arn:aws:lambda:{R}:{A}:function:g"},
     "lambda:InvokeFunction", f"arn:aws:lambda:{R}:{A}:function:g"),
    ("sqs", "sqs", "SendMessage", {"QueueUrl": f"http://localhost:4566/{A}/q"},
     "sqs:SendMessage", f"arn:aws:sqs:{R}:{A}:q"),
    # another account's queue: the URL names its owner
    ("sqs", "sqs", "SendMessage", {"QueueUrl": "http://localhost:4566/444455556666/q"},
     "sqs:SendMessage", f"arn:aws:sqs:{R}:444455556666:q"),
    ("sns", "sns", "Publish", {"TopicArn": f"arn:aws:sns:{R}:{A}:t"}, "sns:Publish",
     f"arn:aws:sns:{R}:{A}:t"),
    ("s3", "s3", "GetObject", {"Bucket": "b", "Key": "a/b.txt"}, "s3:GetObject",
     "arn:aws:s3:::b/a/b.txt"),
    ("s3", "s3", "ListObjectsV2", {"Bucket": "b"}, "s3:ListBucket", "arn:aws:s3:::b"),
    ("stepfunctions", "states", "StartExecution",
     {"stateMachineArn": f"arn:aws:states:{R}:{A}:stateMachine:m"}, "states:StartExecution",
     f"arn:aws:states:{R}:{A}:stateMachine:m"),
    ("iam", "iam", "GetRole", {"RoleName": "r"}, "iam:GetRole", f"arn:aws:iam::{A}:role/r"),
    ("kinesis", "kinesis", "PutRecord", {"StreamName": "s"}, "kinesis:PutRecord",
     f"arn:aws:kinesis:{R}:{A}:stream/s"),
    ("logs", "logs", "PutLogEvents", {"logGroupName": "/g", "logStreamName": "s"},
     "logs:PutLogEvents", f"arn:aws:logs:{R}:{A}:log-group:/g:log-stream:s"),
    ("sts", "sts", "GetCallerIdentity", {}, "sts:GetCallerIdentity", "*"),
])
def test_action_and_resource(service: str, prefix: str, operation: str, req: dict[str, Any],
                             action: str, resource: str) -> None:
    plan = plan_for(service, prefix, operation)
    assert plan.action == action
    assert resource_for(plan, req, R, A) == resource


def test_api_gateway_is_authorized_by_method_and_path() -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("apigateway")
    plan = plan_for("apigateway", "apigateway", "GetResources",
                    model.operation_model("GetResources"))
    assert plan.action == "apigateway:GET"
    assert resource_for(plan, {"restApiId": "abc"}, R, A) == \
        f"arn:aws:apigateway:{R}::/restapis/abc/resources"


def test_unknown_operation_keeps_its_name() -> None:
    plan = plan_for("dynamodb", "dynamodb", "NoSuchOperation")
    assert (plan.action, resource_for(plan, {}, R, A)) == ("dynamodb:NoSuchOperation", "*")


def test_batch_requests_act_on_each_table() -> None:
    plan = plan_for("dynamodb", "dynamodb", "BatchWriteItem")
    assert plan.action == "dynamodb:BatchWriteItem"
    assert resources_for(plan, {"RequestItems": {"a": [], "b": []}}, R, A) == [
        f"arn:aws:dynamodb:{R}:{A}:table/a", f"arn:aws:dynamodb:{R}:{A}:table/b"]
    assert resources_for(plan_for("dynamodb", "dynamodb", "GetItem"), {"TableName": "t"},
                         R, A) == [f"arn:aws:dynamodb:{R}:{A}:table/t"]


def test_an_iam_call_without_user_name_acts_on_the_calling_user() -> None:
    plan = plan_for("iam", "iam", "ListAccessKeys")
    user = f"arn:aws:iam::{A}:user/team/ann"
    assert own_user(plan, {}, user)
    assert not own_user(plan, {"UserName": "bob"}, user)
    assert not own_user(plan, {}, f"arn:aws:sts::{A}:assumed-role/r/s")
    assert not own_user(plan_for("iam", "iam", "GetRole"), {}, user)
