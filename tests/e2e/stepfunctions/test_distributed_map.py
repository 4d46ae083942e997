"""Map in DISTRIBUTED mode on a real server: items read from cloudlet's S3 (JSON, CSV,
JSONL, a listing), ItemSelector and ItemBatcher, tolerated failures; and S3 through
``aws-sdk:s3:*`` tasks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.stepfunctions.conftest import run_standard
from tests.server import RunningServer

DISTRIBUTED = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
ECHO = {"StartAt": "Echo", "ProcessorConfig": DISTRIBUTED,
        "States": {"Echo": {"Type": "Pass", "End": True}}}


@pytest.fixture(scope="module")
def bucket(server: RunningServer) -> str:
    s3 = make_client(server, "s3")
    s3.create_bucket(Bucket="sfn-items")
    s3.put_object(Bucket="sfn-items", Key="list.json", Body=json.dumps([{"n": 1}, {"n": 2}]))
    s3.put_object(Bucket="sfn-items", Key="rows.csv", Body="name,qty\nnut,3\nbolt,5\n")
    s3.put_object(Bucket="sfn-items", Key="lines.jsonl", Body='{"a": 1}\n{"a": 2}\n{"a": 3}\n')
    return "sfn-items"


def _map(reader: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Map", "ItemProcessor": ECHO, "End": True, **fields}
    if reader is not None:
        state["ItemReader"] = reader
    return {"StartAt": "Each", "States": {"Each": state}}


def test_items_from_a_json_object(sfn: Any, bucket: str, unique_name: str) -> None:
    out, events = run_standard(sfn, unique_name, _map(
        {"Resource": "arn:aws:states:::s3:getObject",
         "ReaderConfig": {"InputType": "JSON"},
         "Parameters": {"Bucket": bucket, "Key.$": "$.key"}},
        ItemSelector={"value.$": "$$.Map.Item.Value.n", "index.$": "$$.Map.Item.Index"}),
        {"key": "list.json"})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == [{"value": 1, "index": 0}, {"value": 2, "index": 1}]
    assert [e["type"] for e in events].count("MapIterationSucceeded") == 2


def test_items_from_csv_and_jsonl(sfn: Any, bucket: str, unique_name: str) -> None:
    out, _ = run_standard(sfn, unique_name, _map(
        {"Resource": "arn:aws:states:::s3:getObject",
         "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
         "Parameters": {"Bucket": bucket, "Key": "rows.csv"}}))
    assert out["output"] == [{"name": "nut", "qty": "3"}, {"name": "bolt", "qty": "5"}]
    out, _ = run_standard(sfn, unique_name + "b", _map(
        {"Resource": "arn:aws:states:::s3:getObject",
         "ReaderConfig": {"InputType": "JSONL", "MaxItems": 2},
         "Parameters": {"Bucket": bucket, "Key": "lines.jsonl"}}))
    assert out["output"] == [{"a": 1}, {"a": 2}]


def test_items_from_a_listing_in_batches(sfn: Any, bucket: str, unique_name: str) -> None:
    out, _ = run_standard(sfn, unique_name, _map(
        {"Resource": "arn:aws:states:::s3:listObjectsV2",
         "Parameters": {"Bucket": bucket, "Prefix": "l"}},
        ItemSelector={"key.$": "$$.Map.Item.Value.Key", "size.$": "$$.Map.Item.Value.Size"},
        ItemBatcher={"MaxItemsPerBatch": 1, "BatchInput": {"run": "r1"}}))
    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == [
        {"Items": [{"key": "lines.jsonl", "size": 27}], "BatchInput": {"run": "r1"}},
        {"Items": [{"key": "list.json", "size": 20}], "BatchInput": {"run": "r1"}}]


def test_tolerated_failures(sfn: Any, unique_name: str) -> None:
    failing = {"StartAt": "Check", "ProcessorConfig": DISTRIBUTED, "States": {
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$", "NumericGreaterThan": 2, "Next": "Bad"}], "Default": "Ok"},
        "Ok": {"Type": "Succeed"}, "Bad": {"Type": "Fail", "Error": "TooBig", "Cause": "c"}}}
    definition = {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemProcessor": failing, "End": True, "ToleratedFailureCount": 1}}}
    out, _ = run_standard(sfn, unique_name, definition, [1, 2, 3])
    assert out["status"] == "SUCCEEDED", out
    assert out["output"] == [1, 2, {"Error": "TooBig", "Cause": "c"}]
    out, _ = run_standard(sfn, unique_name + "b", definition, [3, 4, 1])
    assert (out["status"], out["error"]) == ("FAILED", "States.ExceedToleratedFailureThreshold")
    definition["States"]["Each"]["ToleratedFailurePercentage"] = 70
    out, _ = run_standard(sfn, unique_name + "c", definition, [3, 4, 1])
    assert out["status"] == "SUCCEEDED"


def test_aws_sdk_s3_put_and_get_object(sfn: Any, bucket: str, unique_name: str) -> None:
    out, _ = run_standard(sfn, unique_name, {"StartAt": "Put", "States": {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": bucket, "Key": "note.txt", "Body.$": "$.text"},
                "ResultPath": None, "Next": "Get"},
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": bucket, "Key": "note.txt"},
                "ResultSelector": {"body.$": "$.Body", "type.$": "$.ContentType"},
                "End": True}}}, {"text": "hello from a state"})
    assert out["status"] == "SUCCEEDED", out
    assert out["output"]["body"] == "hello from a state"
    out, _ = run_standard(sfn, unique_name + "b", {"StartAt": "Get", "States": {
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": bucket, "Key": "missing"}, "End": True}}})
    assert out["error"] == "S3.NoSuchKey"


def test_map_runs_and_result_writer(sfn: Any, server: RunningServer, bucket: str,
                                    unique_name: str) -> None:
    failing = {"StartAt": "Check", "ProcessorConfig": DISTRIBUTED, "States": {
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Bad"}], "Default": "Ok"},
        "Ok": {"Type": "Pass", "End": True},
        "Bad": {"Type": "Fail", "Error": "TooBig", "Cause": "c"}}}
    out, events = run_standard(sfn, unique_name, {"StartAt": "Each", "States": {"Each": {
        "Type": "Map", "ItemProcessor": failing, "End": True, "Label": "Each",
        "ToleratedFailurePercentage": 50, "MaxConcurrency": 4,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                       "Parameters": {"Bucket": bucket, "Key": "list.json"}},
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                         "Parameters": {"Bucket": bucket, "Prefix": "results"}}}}})
    assert out["status"] == "SUCCEEDED", out
    details = out["output"]["ResultWriterDetails"]
    map_run = out["output"]["MapRunArn"]
    assert ":mapRun:" in map_run and f"{unique_name}/Each:" in map_run
    s3 = make_client(server, "s3")
    manifest = json.loads(s3.get_object(Bucket=details["Bucket"], Key=details["Key"])
                          ["Body"].read())
    assert manifest["MapRunArn"] == map_run
    succeeded = manifest["ResultFiles"]["SUCCEEDED"][0]["Key"]
    entries = json.loads(s3.get_object(Bucket=bucket, Key=succeeded)["Body"].read())
    assert [json.loads(e["Output"]) for e in entries] == [{"n": 1}]
    failed = manifest["ResultFiles"]["FAILED"][0]["Key"]
    assert json.loads(s3.get_object(Bucket=bucket, Key=failed)["Body"].read())[0][
        "Error"] == "TooBig"
    described = sfn.describe_map_run(mapRunArn=map_run)
    assert described["status"] == "SUCCEEDED" and described["maxConcurrency"] == 4
    assert described["itemCounts"]["succeeded"] == 1 and described["itemCounts"]["failed"] == 1
    assert described["itemCounts"]["total"] == 2 and described["toleratedFailurePercentage"] == 50
    listed = sfn.list_map_runs(executionArn=out["executionArn"])["mapRuns"]
    assert [r["mapRunArn"] for r in listed] == [map_run]
    sfn.update_map_run(mapRunArn=map_run, maxConcurrency=2)
    assert sfn.describe_map_run(mapRunArn=map_run)["maxConcurrency"] == 2
    types = [e["type"] for e in events]
    assert types.index("MapRunStarted") < types.index("MapRunSucceeded")
    with pytest.raises(ClientError) as exc:
        sfn.describe_map_run(mapRunArn=map_run + "x")
    assert exc.value.response["Error"]["Code"] == "ResourceNotFound"
