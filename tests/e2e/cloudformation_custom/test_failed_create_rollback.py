"""A custom resource whose Create answers FAILED is sent a Delete when the stack rolls
back, with the PhysicalResourceId its FAILED response gave (cfn-response's default: the
function's log stream name), as CloudFormation does.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-delete.html
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.cloudformation_custom.conftest import received
from tests.e2e.cloudformation_custom.test_custom_resources import template
from tests.e2e.stacks import deploy

# Reports every request (and the log stream cfn-response would name) to the inbox queue,
# then answers FAILED to a Create, SUCCESS to anything else.
RECORDING_HANDLER = """
import json, os
import boto3
import cfnresponse

def handler(event, context):
    boto3.client("sqs").send_message(QueueUrl=os.environ["INBOX"], MessageBody=json.dumps({
        "RequestType": event["RequestType"],
        "PhysicalResourceId": event.get("PhysicalResourceId"),
        "LogStream": context.log_stream_name}))
    given = event["ResourceProperties"].get("Given") or None
    if event["RequestType"] == "Create":
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physicalResourceId=given,
                         reason="refused")
    else:
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {},
                         physicalResourceId=event["PhysicalResourceId"])
"""


@pytest.mark.parametrize("given", ["refused-thing-1", ""])
def test_failed_create_is_sent_delete_on_rollback(server: Any, sqs: Any, inbox: str,
                                                  given: str) -> None:
    stack = deploy(server, template(inbox, RECORDING_HANDLER, Given=given),
                   expect="ROLLBACK_COMPLETE")
    events = received(sqs, inbox, 2)
    assert [e["RequestType"] for e in events] == ["Create", "Delete"], events
    create, delete = events
    assert create["PhysicalResourceId"] is None
    expected = given or create["LogStream"]
    assert expected and delete["PhysicalResourceId"] == expected
    assert stack.resources["Greeter"]["ResourceStatus"] == "DELETE_COMPLETE"
    assert stack.resources["Greeter"]["PhysicalResourceId"] == expected
