"""AWS::S3::Bucket and ::BucketPolicy deployed through the stack engine.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucketpolicy.html
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.cloudformation_messaging.conftest import allow_all, bodies, error_code, receive
from tests.e2e.stacks import deploy, failure_reasons, remove, wait_settled
from tests.server import RunningServer

ROLE = "arn:aws:iam::000000000000:role/cloudlet-test"
ATTRIBUTES = ("Arn", "DomainName", "RegionalDomainName", "DualStackDomainName", "WebsiteURL")


def bucket_template(**props: Any) -> dict[str, Any]:
    return {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": props}},
            "Outputs": {"Name": {"Value": {"Ref": "B"}},
                        **{a: {"Value": {"Fn::GetAtt": ["B", a]}} for a in ATTRIBUTES}}}


SETTINGS: dict[str, Any] = {
    "VersioningConfiguration": {"Status": "Enabled"},
    "CorsConfiguration": {"CorsRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"],
                                         "MaxAge": 300, "ExposedHeaders": ["ETag"]}]},
    "LifecycleConfiguration": {"Rules": [{"Id": "old-logs", "Status": "Enabled",
                                          "Prefix": "logs/", "ExpirationInDays": 7}]},
    "BucketEncryption": {"ServerSideEncryptionConfiguration": [
        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": True}]},
    "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True},
    "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
    "Tags": [{"Key": "team", "Value": "blue"}],
}


def test_bucket_name_attributes_and_settings(server: RunningServer, s3: Any) -> None:
    """A generated lower-case name (Ref), AWS's domain-name attributes, and each setting
    readable through S3's own API."""
    stack = deploy(server, bucket_template(**SETTINGS),
                   name=f"Upper-Case-Stack-{uuid.uuid4().hex[:6]}")
    name = stack.outputs["Name"]
    assert name == name.lower() and name.startswith(stack.name.lower() + "-b-")
    assert len(name) <= 63
    assert stack.outputs["Arn"] == f"arn:aws:s3:::{name}"
    assert stack.outputs["DomainName"] == f"{name}.s3.amazonaws.com"
    assert stack.outputs["RegionalDomainName"] == f"{name}.s3.us-east-1.amazonaws.com"
    assert stack.outputs["DualStackDomainName"] == f"{name}.s3.dualstack.us-east-1.amazonaws.com"
    assert stack.outputs["WebsiteURL"] == f"http://{name}.s3-website-us-east-1.amazonaws.com"
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
    cors = s3.get_bucket_cors(Bucket=name)["CORSRules"][0]
    assert (cors["AllowedMethods"], cors["MaxAgeSeconds"], cors["ExposeHeaders"]) == (
        ["GET"], 300, ["ETag"])
    rule = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"][0]
    assert (rule["ID"], rule["Filter"], rule["Expiration"]) == (
        "old-logs", {"Prefix": "logs/"}, {"Days": 7})
    encryption = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]
    assert encryption["Rules"][0]["BucketKeyEnabled"] is True
    tags = {t["Key"]: t["Value"] for t in s3.get_bucket_tagging(Bucket=name)["TagSet"]}
    assert tags["team"] == "blue" and tags["aws:cloudformation:stack-name"] == stack.name
    remove(server, stack.name)
    with pytest.raises(ClientError) as err:
        s3.head_bucket(Bucket=name)
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_settings_update_in_place_and_removed_ones_are_deleted(server: RunningServer,
                                                               s3: Any) -> None:
    """An update keeps the bucket: CORS removed -> NoSuchCORSConfiguration, lifecycle
    changed, versioning suspended."""
    stack = deploy(server, bucket_template(**SETTINGS))
    name = stack.outputs["Name"]
    changed = {**SETTINGS, "VersioningConfiguration": {"Status": "Suspended"},
               "LifecycleConfiguration": {"Rules": [{"Status": "Enabled",
                                                     "ExpirationInDays": 30}]}}
    del changed["CorsConfiguration"]
    updated = deploy(server, bucket_template(**changed), name=stack.name, update=True)
    assert updated.outputs["Name"] == name
    with pytest.raises(ClientError) as err:
        s3.get_bucket_cors(Bucket=name)
    assert error_code(err) == "NoSuchCORSConfiguration"
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Suspended"
    rules = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
    assert [r["Expiration"] for r in rules] == [{"Days": 30}]
    remove(server, stack.name)


def test_bucket_notification_reaches_queue(server: RunningServer, s3: Any, sqs: Any) -> None:
    """QueueConfigurations with an S3Key suffix filter: a matching upload's event reaches
    the queue (after S3's test event); others do not. Removing the configuration on
    update stops the events (the bucket is kept)."""
    template = bucket_template(NotificationConfiguration={"QueueConfigurations": [{
        "Event": "s3:ObjectCreated:*", "Queue": {"Fn::GetAtt": ["Q", "Arn"]},
        "Filter": {"S3Key": {"Rules": [{"Name": "suffix", "Value": ".txt"}]}}}]})
    template["Resources"]["B"]["DependsOn"] = "P"
    template["Resources"]["Q"] = {"Type": "AWS::SQS::Queue"}
    template["Resources"]["P"] = {"Type": "AWS::SQS::QueuePolicy", "Properties": {
        "Queues": [{"Ref": "Q"}],
        "PolicyDocument": allow_all("s3.amazonaws.com", {"Fn::GetAtt": ["Q", "Arn"]})}}
    stack = deploy(server, template)
    name, url = stack.outputs["Name"], stack.physical("Q")
    assert bodies(receive(sqs, url))[0]["Event"] == "s3:TestEvent"
    s3.put_object(Bucket=name, Key="skip.bin", Body=b"x")
    s3.put_object(Bucket=name, Key="notes.txt", Body=b"hello")
    records = bodies(receive(sqs, url))[0]["Records"]
    assert [(r["eventName"], r["s3"]["object"]["key"]) for r in records] == [
        ("ObjectCreated:Put", "notes.txt")]
    for key in ("skip.bin", "notes.txt"):
        s3.delete_object(Bucket=name, Key=key)
    del template["Resources"]["B"]["Properties"]["NotificationConfiguration"]
    deploy(server, template, name=stack.name, update=True)
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=name)
    s3.put_object(Bucket=name, Key="later.txt", Body=b"quiet")
    assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages") is None
    s3.delete_object(Bucket=name, Key="later.txt")
    remove(server, stack.name)


HANDLER = """\
import json, os
import boto3

def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["URL"], MessageBody=json.dumps(event))
"""


def test_lambda_notification_after_its_permission(server: RunningServer, s3: Any,
                                                  sqs: Any) -> None:
    """Lambda::Permission + LambdaConfigurations in one template (the notification
    DependsOn the permission): an upload invokes the function."""
    template = bucket_template(NotificationConfiguration={"LambdaConfigurations": [{
        "Event": "s3:ObjectCreated:Put", "Function": {"Fn::GetAtt": ["F", "Arn"]}}]})
    template["Resources"].update({
        "Q": {"Type": "AWS::SQS::Queue"},
        "F": {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "Role": ROLE, "Timeout": 30,
            "Code": {"ZipFile": HANDLER},
            "Environment": {"Variables": {"URL": {"Ref": "Q"}}}}},
        "Perm": {"Type": "AWS::Lambda::Permission", "Properties": {
            "FunctionName": {"Ref": "F"}, "Action": "lambda:InvokeFunction",
            "Principal": "s3.amazonaws.com", "SourceAccount": {"Ref": "AWS::AccountId"}}}})
    template["Resources"]["B"]["DependsOn"] = "Perm"
    stack = deploy(server, template)
    name = stack.outputs["Name"]
    s3.put_object(Bucket=name, Key="in/photo.jpg", Body=b"jpg")
    event = bodies(receive(sqs, stack.physical("Q"), timeout=30))[0]
    assert event["Records"][0]["s3"]["object"]["key"] == "in/photo.jpg"
    s3.delete_object(Bucket=name, Key="in/photo.jpg")
    remove(server, stack.name)


def test_non_empty_bucket_fails_delete_and_retained_one_stays(server: RunningServer,
                                                              s3: Any, cfn: Any) -> None:
    """Deleting a stack whose bucket holds an object fails (DELETE_FAILED with S3's
    message); a DeletionPolicy Retain bucket survives the stack's deletion."""
    stack = deploy(server, bucket_template())
    name = stack.outputs["Name"]
    s3.put_object(Bucket=name, Key="k", Body=b"v")
    cfn.delete_stack(StackName=stack.name)
    failed = wait_settled(server, stack.name)
    assert failed.status == "DELETE_FAILED"
    assert "B: The bucket you tried to delete is not empty" in failure_reasons(
        server, stack.name)
    s3.delete_object(Bucket=name, Key="k")
    remove(server, stack.name)

    kept = bucket_template()
    kept["Resources"]["B"]["DeletionPolicy"] = "Retain"
    retained = deploy(server, kept)
    name = retained.outputs["Name"]
    s3.put_object(Bucket=name, Key="k", Body=b"v")
    remove(server, retained.name)
    assert s3.get_object(Bucket=name, Key="k")["Body"].read() == b"v"
    s3.delete_object(Bucket=name, Key="k")
    s3.delete_bucket(Bucket=name)


def test_bucket_policy(server: RunningServer, s3: Any) -> None:
    """BucketPolicy puts the policy (Ref is the bucket); removing it deletes the policy."""
    def template(with_policy: bool) -> dict[str, Any]:
        found = bucket_template()
        if with_policy:
            found["Resources"]["P"] = {"Type": "AWS::S3::BucketPolicy", "Properties": {
                "Bucket": {"Ref": "B"},
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                    "Resource": {"Fn::Sub": "${B.Arn}/*"},
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}}
        return found

    stack = deploy(server, template(True))
    name = stack.outputs["Name"]
    assert stack.physical("P") == name
    policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
    assert policy["Statement"][0]["Resource"] == f"arn:aws:s3:::{name}/*"
    deploy(server, template(False), name=stack.name, update=True)
    with pytest.raises(ClientError) as err:
        s3.get_bucket_policy(Bucket=name)
    assert error_code(err) == "NoSuchBucketPolicy"
    remove(server, stack.name)


def test_unsupported_bucket_property_is_refused(server: RunningServer, cfn: Any) -> None:
    """A bucket property cloudlet does not implement fails before anything is made."""
    with pytest.raises(ClientError) as err:
        cfn.create_stack(StackName="s-replication", TemplateBody=json.dumps(bucket_template(
            ReplicationConfiguration={"Role": ROLE, "Rules": []})))
    assert "not supported" in err.value.response["Error"]["Message"]
    assert "ReplicationConfiguration" in err.value.response["Error"]["Message"]
