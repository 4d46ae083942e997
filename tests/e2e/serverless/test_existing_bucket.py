"""``s3`` events with ``existing: true``: the Custom::S3 resource, served by cloudlet's own
custom-resource function, attaches the notifications to a bucket made outside the stack
(keeping what was there), the function then receives uploads, and removing the stack
detaches them again."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_client
from tests.e2e.serverless.support import deploy_service, remove_service
from tests.server import RunningServer

SERVICE = Path(__file__).parents[2] / "unit" / "serverless" / "services" / "s3existing"


def test_notifications_attach_to_an_existing_bucket(server: RunningServer,
                                                    tmp_path: Path) -> None:
    s3 = make_client(server, "s3")
    s3.create_bucket(Bucket="shared-uploads")
    sqs = make_client(server, "sqs")
    queue = sqs.create_queue(QueueName="sls-existing-other")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    s3.put_bucket_notification_configuration(Bucket="shared-uploads", NotificationConfiguration={
        "QueueConfigurations": [{"Id": "other", "QueueArn": queue_arn,
                                 "Events": ["s3:ObjectCreated:*"]}]})

    deployed = deploy_service(server, SERVICE, tmp_path, stage="slsexist")

    config = s3.get_bucket_notification_configuration(Bucket="shared-uploads")
    lambdas = config["LambdaFunctionConfigurations"]
    assert [c["Events"] for c in lambdas] == [["s3:ObjectCreated:*"], ["s3:ObjectRemoved:*"]]
    assert all(c["LambdaFunctionArn"].endswith(":function:s3existing-slsexist-ingest")
               for c in lambdas)
    rules = lambdas[0]["Filter"]["Key"]["FilterRules"]
    assert {(r["Name"].lower(), r["Value"]) for r in rules} == {("prefix", "incoming/"),
                                                               ("suffix", ".csv")}
    assert [c["Id"] for c in config["QueueConfigurations"]] == ["other"]   # kept
    policy = make_client(server, "lambda").get_policy(FunctionName="s3existing-slsexist-ingest")
    assert "s3.amazonaws.com" in policy["Policy"]

    remove_service(server, deployed)
    after = s3.get_bucket_notification_configuration(Bucket="shared-uploads")
    assert after.get("LambdaFunctionConfigurations", []) == []
    assert [c["Id"] for c in after["QueueConfigurations"]] == ["other"]
