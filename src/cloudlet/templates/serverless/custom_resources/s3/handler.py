"""Custom::S3: attach a function's notifications to a bucket that already exists.

The resource (``{Fn}CustomS31``, as the Serverless Framework compiles ``s3`` events with
``existing: true``) has ``FunctionName``, ``BucketName`` and ``BucketConfigs`` (``Event``
and ``Rules`` of ``Prefix``/``Suffix``). Create and Update allow s3.amazonaws.com to invoke
the function and replace this function's entries in the bucket's notification
configuration (entries of other functions and other targets are kept); Delete removes them
and the permission. The result goes back through the cfn-response protocol.
"""

from __future__ import annotations

import contextlib
import json
import urllib.request
from typing import Any

import boto3

PREFIX = "exS3-v2"


def handler(event: dict[str, Any], context: Any) -> None:
    status, reason = "SUCCESS", ""
    try:
        props = event["ResourceProperties"]
        _, _, _, region, account = context.invoked_function_arn.split(":")[:5]
        function_arn = f"arn:aws:lambda:{region}:{account}:function:{props['FunctionName']}"
        if event["RequestType"] == "Delete":
            update_notifications(props["BucketName"], function_arn, [])
            remove_permission(props["FunctionName"], props["BucketName"])
        else:
            add_permission(props["FunctionName"], props["BucketName"], account)
            update_notifications(props["BucketName"], function_arn, props.get("BucketConfigs", []))
    except Exception as err:  # noqa: BLE001 - every failure goes back to CloudFormation
        status, reason = "FAILED", f"{type(err).__name__}: {err}"
    respond(event, context, status, reason)


def statement_id(bucket: str) -> str:
    return f"{PREFIX}-{bucket}"[:100]


def add_permission(function: str, bucket: str, account: str) -> None:
    lam = boto3.client("lambda")
    remove_permission(function, bucket)
    lam.add_permission(FunctionName=function, StatementId=statement_id(bucket),
                       Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceArn=f"arn:aws:s3:::{bucket}", SourceAccount=account)


def remove_permission(function: str, bucket: str) -> None:
    lam = boto3.client("lambda")
    with contextlib.suppress(lam.exceptions.ResourceNotFoundException):
        lam.remove_permission(FunctionName=function, StatementId=statement_id(bucket))


def update_notifications(bucket: str, function_arn: str, configs: list[dict[str, Any]]
                         ) -> None:
    s3 = boto3.client("s3")
    current = s3.get_bucket_notification_configuration(Bucket=bucket)
    current.pop("ResponseMetadata", None)
    keep = [c for c in current.get("LambdaFunctionConfigurations", [])
            if c.get("LambdaFunctionArn") != function_arn]
    for index, config in enumerate(configs):
        entry: dict[str, Any] = {"Id": f"{PREFIX}-{function_arn.split(':')[-1]}-{index}"[:255],
                 "LambdaFunctionArn": function_arn, "Events": [config["Event"]]}
        rules = [{"Name": name.lower(), "Value": value}
                 for rule in config.get("Rules", []) for name, value in rule.items()]
        if rules:
            entry["Filter"] = {"Key": {"FilterRules": rules}}
        keep.append(entry)
    current["LambdaFunctionConfigurations"] = keep
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=current)


def respond(event: dict[str, Any], context: Any, status: str, reason: str) -> None:
    body = json.dumps({
        "Status": status, "Reason": reason or f"See log stream {context.log_stream_name}",
        "PhysicalResourceId": event.get("PhysicalResourceId") or
        f"{event['LogicalResourceId']}-{event['ResourceProperties'].get('BucketName', '')}",
        "StackId": event["StackId"], "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"], "Data": {}}).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"Content-Type": "", "Content-Length": str(len(body))})
    with urllib.request.urlopen(request, timeout=30) as resp:
        resp.read()
