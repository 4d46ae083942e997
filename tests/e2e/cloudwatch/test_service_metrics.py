"""The services' own metrics: AWS/Lambda after invocations, AWS/DynamoDB after reads and
writes, with AWS's names, dimensions and units (read with the cloudwatch client).

https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
"""

from __future__ import annotations

import time
from typing import Any

from tests.conftest import make_client
from tests.e2e.cloudwatch.conftest import window
from tests.e2e.lambda_.conftest import ROLE, function_ready, python_zip
from tests.server import RunningServer

FAILING = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("no")
    return "ok"
"""


def _sum(cw: Any, namespace: str, name: str, dims: list[dict[str, str]],
         stat: str = "Sum") -> dict[str, Any] | None:
    points = cw.get_metric_statistics(Namespace=namespace, MetricName=name, Dimensions=dims,
                                      Period=3600, Statistics=[stat], **window())["Datapoints"]
    return points[0] if points else None


def test_lambda_invocations_errors_and_duration(server: RunningServer, cw: Any,
                                                unique_name: str) -> None:
    lam = make_client(server, "lambda")
    lam.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                        Handler="app.handler", Code={"ZipFile": python_zip(FAILING)},
                        MemorySize=256)
    try:
        function_ready(lam, unique_name)
        for event in (b"{}", b"{}", b'{"fail": true}'):
            lam.invoke(FunctionName=unique_name, Payload=event)
        began = time.monotonic()
        dims = [{"Name": "FunctionName", "Value": unique_name}]
        invocations = _sum(cw, "AWS/Lambda", "Invocations", dims)
        assert time.monotonic() - began < 1.5  # a read sees what was emitted, unflushed too
        assert invocations is not None and invocations["Sum"] == 3
        assert invocations["Unit"] == "Count"
        errors = _sum(cw, "AWS/Lambda", "Errors", dims)
        assert errors is not None and errors["Sum"] == 1
        duration = _sum(cw, "AWS/Lambda", "Duration", dims, "Average")
        assert duration is not None and duration["Unit"] == "Milliseconds"
        assert duration["Average"] > 0
        concurrency = _sum(cw, "AWS/Lambda", "ConcurrentExecutions", dims, "Maximum")
        assert concurrency is not None and concurrency["Maximum"] >= 1
        colds = _sum(cw, "Cloudlet/Lambda", "ColdStarts", dims)
        assert colds is not None and colds["Sum"] >= 1
        account_wide = _sum(cw, "AWS/Lambda", "Invocations", [])
        assert account_wide is not None and account_wide["Sum"] >= 3
        listed = cw.list_metrics(Namespace="AWS/Lambda", Dimensions=[
            {"Name": "FunctionName", "Value": unique_name}])["Metrics"]
        assert {m["MetricName"] for m in listed} >= {
            "Invocations", "Errors", "Duration", "ConcurrentExecutions"}
        usage = cw.list_metrics(Namespace="Cloudlet/Usage", MetricName="LambdaGBSeconds",
                                Dimensions=[{"Name": "FunctionName", "Value": unique_name}])
        [metric] = usage["Metrics"]
        assert {"Name": "MemorySize", "Value": "256"} in metric["Dimensions"]
        assert {"Name": "Architecture", "Value": "x86_64"} in metric["Dimensions"]
    finally:
        lam.delete_function(FunctionName=unique_name)


def test_dynamodb_consumed_capacity(server: RunningServer, cw: Any, unique_name: str) -> None:
    ddb = make_client(server, "dynamodb")
    ddb.create_table(TableName=unique_name, BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    try:
        for i in range(3):
            ddb.put_item(TableName=unique_name, Item={"pk": {"S": f"k{i}"}})
        ddb.get_item(TableName=unique_name, Key={"pk": {"S": "k0"}}, ConsistentRead=True)
        ddb.scan(TableName=unique_name)
        dims = [{"Name": "TableName", "Value": unique_name}]
        writes = _sum(cw, "AWS/DynamoDB", "ConsumedWriteCapacityUnits", dims)
        assert writes is not None and writes["Sum"] == 3
        reads = _sum(cw, "AWS/DynamoDB", "ConsumedReadCapacityUnits", dims)
        assert reads is not None and reads["Sum"] == 1.5  # 1 strong GetItem + 0.5 for the scan
        returned = _sum(cw, "AWS/DynamoDB", "ReturnedItemCount",
                        [{"Name": "Operation", "Value": "Scan"}, *dims])
        assert returned is not None and returned["Sum"] == 3
    finally:
        ddb.delete_table(TableName=unique_name)


def test_sqs_messages_sent_received_deleted(server: RunningServer, cw: Any,
                                            unique_name: str) -> None:
    sqs = make_client(server, "sqs")
    url = sqs.create_queue(QueueName=unique_name)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="a")
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "b"},
                                                  {"Id": "2", "MessageBody": "c"}])
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
    dims = [{"Name": "QueueName", "Value": unique_name}]
    sent = _sum(cw, "AWS/SQS", "NumberOfMessagesSent", dims)
    received = _sum(cw, "AWS/SQS", "NumberOfMessagesReceived", dims)
    deleted = _sum(cw, "AWS/SQS", "NumberOfMessagesDeleted", dims)
    assert sent is not None and sent["Sum"] == 3
    assert received is not None and received["Sum"] == len(got)
    assert deleted is not None and deleted["Sum"] == 1


def test_http_api_count_and_latency(server: RunningServer, cw: Any, unique_name: str) -> None:
    import urllib.request

    lam = make_client(server, "lambda")
    arn = lam.create_function(FunctionName=unique_name, Runtime="python3.12", Role=ROLE,
                              Handler="app.handler",
                              Code={"ZipFile": python_zip(FAILING)})["FunctionArn"]
    try:
        function_ready(lam, unique_name)
        api = make_client(server, "apigatewayv2").create_api(
            Name=unique_name, ProtocolType="HTTP", Target=arn)
        with urllib.request.urlopen(f"{server.url}/restapis/{api['ApiId']}/$default/"
                                    "_user_request_/x", timeout=30) as response:
            assert response.status == 200
        dims = [{"Name": "ApiId", "Value": api["ApiId"]}, {"Name": "Stage", "Value": "$default"}]
        count = _sum(cw, "AWS/ApiGateway", "Count", dims)
        assert count is not None and count["Sum"] == 1
        latency = _sum(cw, "AWS/ApiGateway", "Latency", dims, "Maximum")
        assert latency is not None and latency["Unit"] == "Milliseconds"
        assert _sum(cw, "AWS/ApiGateway", "IntegrationLatency", dims, "Maximum") is not None
    finally:
        lam.delete_function(FunctionName=unique_name)


def test_step_functions_executions(server: RunningServer, cw: Any, unique_name: str) -> None:
    import json

    sfn = make_client(server, "stepfunctions")
    machine = sfn.create_state_machine(
        name=unique_name, roleArn=ROLE, definition=json.dumps({
            "StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
                                       "B": {"Type": "Pass", "End": True}}}))["stateMachineArn"]
    execution = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    deadline = time.monotonic() + 10
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    dims = [{"Name": "StateMachineArn", "Value": machine}]
    started = _sum(cw, "AWS/States", "ExecutionsStarted", dims)
    succeeded = _sum(cw, "AWS/States", "ExecutionsSucceeded", dims)
    assert started is not None and started["Sum"] == 1
    assert succeeded is not None and succeeded["Sum"] == 1
    assert _sum(cw, "AWS/States", "ExecutionTime", dims, "Maximum") is not None
    transitions = _sum(cw, "Cloudlet/Usage", "StateTransitions",
                       [*dims, {"Name": "Type", "Value": "STANDARD"}])
    assert transitions is not None and transitions["Sum"] == 2
