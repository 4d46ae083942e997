"""AWS managed policies (``arn:aws:iam::aws:policy/...``): which exist, and the documents
of the ones serverless apps attach most.

The names and ARNs are the list aws-sam-translator ships
(``samtranslator/internal/data/aws_managed_policies.json``, ~1,200 policies, refreshed with
each release), so GetPolicy answers any of them and attaching an unknown one fails as on
AWS. The documents below are AWS's published version ``v1``-and-later texts for the
Lambda execution roles; GetPolicyVersion of any other AWS managed policy answers
"not supported".
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from samtranslator.internal.managed_policies import get_bundled_managed_policy_map

AWS_PREFIX = "arn:aws:iam::aws:policy"

_LOGS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]


def _allow(actions: list[str], resource: str = "*") -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": resource}]})


# name -> (default version id, document)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "AWSLambdaBasicExecutionRole": ("v1", _allow(_LOGS)),
    "AWSLambdaDynamoDBExecutionRole": ("v1", _allow([
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
        "dynamodb:ListStreams", *_LOGS])),
    "AWSLambdaKinesisExecutionRole": ("v1", _allow([
        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
        "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams",
        "kinesis:SubscribeToShard", *_LOGS])),
    "AWSLambdaSQSQueueExecutionRole": ("v2", _allow([
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", *_LOGS])),
    "AWSXrayWriteOnlyAccess": ("v1", _allow([
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
        "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"])),
    "AdministratorAccess": ("v1", _allow(["*"])),
    "ReadOnlyAccess": ("v1", _allow(["*:Describe*", "*:Get*", "*:List*"])),
}


@cache
def _by_arn() -> dict[str, str]:
    names = get_bundled_managed_policy_map("aws") or {}
    return {arn: name for name, arn in names.items()}


def all_arns() -> list[str]:
    """Every AWS managed policy ARN, by name."""
    return sorted(_by_arn(), key=lambda a: _by_arn()[a])


def is_aws_managed(arn: str) -> bool:
    return arn.startswith(AWS_PREFIX + "/")


def describe(arn: str) -> dict[str, Any] | None:
    """The Policy shape of an AWS managed policy, None if AWS has no such policy."""
    name = _by_arn().get(arn)
    if name is None:
        return None
    path = arn[len(AWS_PREFIX):].rsplit("/", 1)[0] + "/"
    return {"PolicyName": name, "PolicyId": "ANPA" + name.upper().encode().hex()[:17].upper(),
            "Arn": arn, "Path": path, "DefaultVersionId": DOCUMENTS.get(name, ("v1", ""))[0],
            "IsAttachable": True, "PermissionsBoundaryUsageCount": 0}


def document(arn: str) -> tuple[str, str] | None:
    """(version id, document) of an AWS managed policy cloudlet knows the text of."""
    name = _by_arn().get(arn)
    return None if name is None else DOCUMENTS.get(name)
