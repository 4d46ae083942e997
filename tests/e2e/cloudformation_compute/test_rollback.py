"""A failed update rolls the compute resources back: the table and the function are as
before and still serve.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.cloudformation_compute.support import invoke, python_function
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

SOURCE = "def handler(e, c):\n    return 'ok'\n"


def _template(runtime: str, with_index: bool) -> dict[str, Any]:
    table: dict[str, Any] = {
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
    if with_index:
        table["AttributeDefinitions"] = [*table["AttributeDefinitions"],
                                         {"AttributeName": "g", "AttributeType": "S"}]
        table["GlobalSecondaryIndexes"] = [{
            "IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}]
        table["TimeToLiveSpecification"] = {"AttributeName": "exp", "Enabled": True}
    return {"Resources": {"T": {"Type": "AWS::DynamoDB::Table", "Properties": table},
                          "Fn": python_function(SOURCE, Runtime=runtime, MemorySize=128)}}


def test_failed_update_restores_table_and_function(server: RunningServer, dynamodb: Any,
                                                    lam: Any) -> None:
    stack = deploy(server, _template("python3.12", with_index=False))
    deploy(server, _template("python2.7", with_index=True), name=stack.name, update=True,
           expect="UPDATE_ROLLBACK_COMPLETE")
    table = dynamodb.describe_table(TableName=stack.physical("T"))["Table"]
    assert "GlobalSecondaryIndexes" not in table
    ttl = dynamodb.describe_time_to_live(TableName=stack.physical("T"))["TimeToLiveDescription"]
    assert ttl["TimeToLiveStatus"] == "DISABLED"
    assert lam.get_function_configuration(FunctionName=stack.physical("Fn"))[
        "Runtime"] == "python3.12"
    assert invoke(lam, stack.physical("Fn")) == "ok"
    remove(server, stack.name)
