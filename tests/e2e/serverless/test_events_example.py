"""examples/events/serverless.yml on a real cloudlet: each event source the framework
compiles (s3, sns, sqs, kinesis stream, destinations onFailure) delivers to its function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import make_client
from tests.e2e.lambda_.conftest import wait_for
from tests.e2e.serverless.support import deploy_service
from tests.server import RunningServer

EXAMPLES = Path(__file__).parents[3] / "examples"


def test_every_event_source_reaches_its_function(server: RunningServer, tmp_path: Path) -> None:
    deployed = deploy_service(server, EXAMPLES / "events", tmp_path, stage="slsev")
    stack = deployed.stack
    ddb, s3 = make_client(server, "dynamodb"), make_client(server, "s3")
    sns, sqs = make_client(server, "sns"), make_client(server, "sqs")
    kinesis, lam = make_client(server, "kinesis"), make_client(server, "lambda")
    table = stack.physical("ActivityTable")

    def activity(source: str) -> list[str]:
        items = ddb.query(TableName=table, KeyConditionExpression="#s = :s",
                          ExpressionAttributeNames={"#s": "source"},
                          ExpressionAttributeValues={":s": {"S": source}})["Items"]
        return [i["what"]["S"] for i in items]

    s3.put_object(Bucket=stack.outputs["UploadsBucket"], Key="in/report.csv", Body=b"a,b\n")
    topic = stack.physical("SNSTopicEventsslsevalerts")
    sns.publish(TopicArn=topic, Subject="disk full", Message="on host 7")
    queue = stack.outputs["OrdersQueueUrl"]
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"id": "o1", "quantity": 2}))
    kinesis.put_record(StreamName=stack.physical("ClicksStream"), PartitionKey="p",
                       Data=json.dumps({"page": "/home"}).encode())
    lam.invoke(FunctionName="events-slsev-alwaysFails", InvocationType="Event",
               Payload=json.dumps({"job": "nightly"}).encode())

    assert wait_for(lambda: activity("s3"), 30, what="s3 activity") == \
        ["ObjectCreated:Put in/report.csv"]
    assert wait_for(lambda: activity("sns"), 30, what="sns activity") == ["disk full"]
    assert wait_for(lambda: activity("sqs"), 30, what="sqs activity") == ["order o1 x2"]
    assert wait_for(lambda: activity("kinesis"), 30, what="kinesis activity")[0].startswith(
        "click on /home")
    failed_url = sqs.get_queue_url(QueueName="events-slsev-failed-jobs")["QueueUrl"]

    def failed() -> list[Any]:
        return sqs.receive_message(QueueUrl=failed_url, WaitTimeSeconds=1).get("Messages", [])

    record = json.loads(wait_for(failed, 60, what="failed job")[0]["Body"])
    assert record["requestPayload"] == {"job": "nightly"}
    assert record["requestContext"]["condition"] == "RetriesExhausted"
