"""Property values of the wrong JSON type are converted to the schema's type, as
CloudFormation does: a String parameter feeding an integer property, a quoted number or
boolean in YAML, a number where a string is declared.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
(a parameter is a string or a list of strings; CloudFormation converts it to the type the
property takes).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import make_client
from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

TEMPLATE = """
Parameters:
  Memory:
    Type: String
    Default: "256"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::000000000000:role/cloudlet-test
      MemorySize: !Ref Memory
      Timeout: "7"
      Environment:
        Variables:
          COUNT: 3
          FLAG: true
      Code:
        ZipFile: |
          def handler(event, context):
              return 1
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      DeletionProtectionEnabled: "false"
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
"""


def test_strings_become_numbers_and_booleans(server: RunningServer) -> None:
    stack = deploy(server, TEMPLATE, parameters={"Memory": "384"})
    config: dict[str, Any] = make_client(server, "lambda").get_function_configuration(
        FunctionName=stack.physical("Fn"))
    assert (config["MemorySize"], config["Timeout"]) == (384, 7)
    assert config["Environment"]["Variables"] == {"COUNT": "3", "FLAG": "true"}
    table = make_client(server, "dynamodb").describe_table(
        TableName=stack.physical("Table"))["Table"]
    assert table["DeletionProtectionEnabled"] is False
    remove(server, stack.name)
