"""The query API older SDKs speak: form posts answered in XML.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-responses.html
"""

from __future__ import annotations

import base64
import hashlib
import urllib.error
import urllib.parse
import urllib.request
from typing import Any
from xml.etree import ElementTree

from tests.e2e.sqs.conftest import fresh_name
from tests.server import RunningServer

NS = {"q": "http://queue.amazonaws.com/doc/2012-11-05/"}
SIGNED = ("AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, "
          "SignedHeaders=host, Signature=0")


def query(server: RunningServer, params: dict[str, str], path: str = "/",
          signed: bool = True) -> tuple[int, ElementTree.Element]:
    body = urllib.parse.urlencode({"Version": "2012-11-05", **params}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signed:
        headers["Authorization"] = SIGNED
    request = urllib.request.Request(server.url + path, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, ElementTree.fromstring(response.read())
    except urllib.error.HTTPError as error:
        return error.code, ElementTree.fromstring(error.read())


def text(root: ElementTree.Element, path: str) -> str:
    found = root.find(path, NS)
    assert found is not None, ElementTree.tostring(root)
    return found.text or ""


def _create(server: RunningServer, **attributes: str) -> str:
    params = {"Action": "CreateQueue", "QueueName": fresh_name()}
    for i, (name, value) in enumerate(attributes.items(), 1):
        params[f"Attribute.{i}.Name"] = name
        params[f"Attribute.{i}.Value"] = value
    status, root = query(server, params)
    assert status == 200
    assert root.tag == f"{{{NS['q']}}}CreateQueueResponse"
    assert text(root, "q:ResponseMetadata/q:RequestId")
    return text(root, "q:CreateQueueResult/q:QueueUrl")


def test_create_queue_with_attributes_over_query(server: RunningServer, sqs: Any) -> None:
    url = _create(server, VisibilityTimeout="45")
    got = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])
    assert got["Attributes"]["VisibilityTimeout"] == "45"
    status, root = query(server, {"Action": "GetQueueAttributes", "QueueUrl": url,
                                  "AttributeName.1": "VisibilityTimeout"})
    attribute = root.find("q:GetQueueAttributesResult/q:Attribute", NS)
    assert attribute is not None
    assert (text(attribute, "q:Name"), text(attribute, "q:Value")) == ("VisibilityTimeout", "45")


def test_send_and_receive_over_query_at_the_queue_path(server: RunningServer) -> None:
    """A form posted to /ACCOUNT/NAME acts on that queue; message attributes use the
    MessageAttribute.N.Name/Value.* names."""
    url = _create(server)
    path = urllib.parse.urlsplit(url).path
    status, root = query(server, {
        "Action": "SendMessage", "MessageBody": "hi",
        "MessageAttribute.1.Name": "color", "MessageAttribute.1.Value.DataType": "String",
        "MessageAttribute.1.Value.StringValue": "red",
        "MessageAttribute.2.Name": "raw", "MessageAttribute.2.Value.DataType": "Binary",
        "MessageAttribute.2.Value.BinaryValue": base64.b64encode(b"\x01\x02").decode()}, path)
    assert status == 200
    assert text(root, "q:SendMessageResult/q:MD5OfMessageBody") == hashlib.md5(b"hi").hexdigest()
    message_id = text(root, "q:SendMessageResult/q:MessageId")
    status, root = query(server, {"Action": "ReceiveMessage", "AttributeName.1": "All",
                                  "MessageAttributeName.1": "All"}, path)
    message = root.find("q:ReceiveMessageResult/q:Message", NS)
    assert message is not None
    assert text(message, "q:MessageId") == message_id
    assert text(message, "q:Body") == "hi"
    names = {text(a, "q:Name"): text(a, "q:Value") for a in message.findall("q:Attribute", NS)}
    assert names["ApproximateReceiveCount"] == "1"
    attrs = {text(a, "q:Name"): a for a in message.findall("q:MessageAttribute", NS)}
    assert text(attrs["color"], "q:Value/q:StringValue") == "red"
    assert base64.b64decode(text(attrs["raw"], "q:Value/q:BinaryValue")) == b"\x01\x02"
    handle = text(message, "q:ReceiptHandle")
    status, root = query(server, {"Action": "DeleteMessage", "ReceiptHandle": handle}, path)
    assert status == 200 and root.tag.endswith("DeleteMessageResponse")


def test_batch_over_query(server: RunningServer) -> None:
    url = _create(server)
    status, root = query(server, {
        "Action": "SendMessageBatch", "QueueUrl": url,
        "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "1",
        "SendMessageBatchRequestEntry.2.Id": "b", "SendMessageBatchRequestEntry.2.MessageBody": "2",
        "SendMessageBatchRequestEntry.2.DelaySeconds": "901"})
    assert status == 200
    ok = root.findall("q:SendMessageBatchResult/q:SendMessageBatchResultEntry", NS)
    failed = root.findall("q:SendMessageBatchResult/q:BatchResultErrorEntry", NS)
    assert [text(e, "q:Id") for e in ok] == ["a"]
    assert [text(e, "q:Code") for e in failed] == ["InvalidParameterValue"]
    assert text(failed[0], "q:SenderFault") == "true"


def test_errors_over_query_carry_the_query_code(server: RunningServer) -> None:
    """GetQueueUrl of an unknown queue: AWS.SimpleQueueService.NonExistentQueue, 400."""
    status, root = query(server, {"Action": "GetQueueUrl", "QueueName": fresh_name()})
    assert status == 400
    assert root.tag == f"{{{NS['q']}}}ErrorResponse"
    assert text(root, "q:Error/q:Code") == "AWS.SimpleQueueService.NonExistentQueue"
    assert text(root, "q:Error/q:Type") == "Sender"
    assert text(root, "q:RequestId")


def test_unsigned_form_and_get_requests_reach_sqs(server: RunningServer) -> None:
    """Unsigned requests with an SQS action, and GETs with Action= in the query string."""
    name = fresh_name()
    status, root = query(server, {"Action": "CreateQueue", "QueueName": name}, signed=False)
    assert status == 200
    url = text(root, "q:CreateQueueResult/q:QueueUrl")
    listing = urllib.parse.urlencode({"Action": "ListQueues", "QueueNamePrefix": name})
    with urllib.request.urlopen(f"{server.url}/?{listing}", timeout=10) as response:
        root = ElementTree.fromstring(response.read())
    assert [e.text for e in root.findall("q:ListQueuesResult/q:QueueUrl", NS)] == [url]


def test_unknown_action_signed_for_sqs_is_invalid_action(server: RunningServer) -> None:
    status, root = query(server, {"Action": "Frobnicate"})
    assert status == 400
    assert text(root, "q:Error/q:Code") == "InvalidAction"


def test_unindexed_list_parameter_as_older_clients_send(server: RunningServer) -> None:
    """``AttributeName=All`` (no index) is a list of one."""
    url = _create(server)
    status, root = query(server, {"Action": "GetQueueAttributes", "QueueUrl": url,
                                  "AttributeName": "All"})
    names = [text(a, "q:Name") for a in root.findall("q:GetQueueAttributesResult/q:Attribute", NS)]
    assert "QueueArn" in names and "VisibilityTimeout" in names


def test_missing_parameter_over_query(server: RunningServer) -> None:
    url = _create(server)
    status, root = query(server, {"Action": "SendMessage", "QueueUrl": url})
    assert status == 400
    assert text(root, "q:Error/q:Code") == "MissingParameter"
    assert text(root, "q:Error/q:Message") == "The request must contain the parameter MessageBody."
