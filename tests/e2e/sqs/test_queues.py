"""CreateQueue, GetQueueUrl, ListQueues and DeleteQueue.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import make_client
from tests.e2e.sqs.conftest import error_of, fresh_name
from tests.server import RunningServer


def test_create_queue_answers_a_url_with_account_and_name(sqs: Any, server: RunningServer) -> None:
    """The URL is the endpoint, the account and the name."""
    name = fresh_name()
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"{server.url}/000000000000/{name}"
    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url


def test_create_queue_again_with_same_attributes_answers_the_same_url(sqs: Any) -> None:
    """CreateQueue is idempotent when every attribute given matches."""
    name = fresh_name()
    first = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "60"})
    again = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "60"})
    assert first["QueueUrl"] == again["QueueUrl"]


def test_create_queue_with_different_attributes_is_queue_name_exists(sqs: Any) -> None:
    """Same name, another value: QueueNameExists (query code QueueAlreadyExists)."""
    name = fresh_name()
    sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "60"})
    with pytest.raises(sqs.exceptions.QueueNameExists) as err:
        sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "61"})
    assert error_of(err) == ("QueueNameExists", 400)
    assert "VisibilityTimeout" in err.value.response["Error"]["Message"]


@pytest.mark.parametrize("name", ["has space", "x" * 81, "dot.name", ""])
def test_create_queue_rejects_bad_names(sqs: Any, name: str) -> None:
    """Names are 1-80 letters, digits, hyphens or underscores."""
    with pytest.raises(ClientError) as err:
        sqs.create_queue(QueueName=name)
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_fifo_queue_name_must_end_in_fifo(sqs: Any) -> None:
    """A FIFO queue's name ends in .fifo; a .fifo name needs FifoQueue=true."""
    with pytest.raises(ClientError) as err:
        sqs.create_queue(QueueName=fresh_name(), Attributes={"FifoQueue": "true"})
    assert error_of(err)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as err:
        sqs.create_queue(QueueName=fresh_name(".fifo"))
    assert error_of(err)[0] == "InvalidParameterValue"


def test_get_queue_url_of_unknown_queue_is_queue_does_not_exist(sqs: Any) -> None:
    """GetQueueUrl of a name that does not exist: QueueDoesNotExist, 400."""
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as err:
        sqs.get_queue_url(QueueName=fresh_name())
    assert error_of(err) == ("QueueDoesNotExist", 400)
    assert err.value.response["Error"]["Message"] == "The specified queue does not exist."


def test_list_queues_by_prefix_and_pages(sqs: Any) -> None:
    """QueueNamePrefix filters; MaxResults pages with NextToken."""
    prefix = fresh_name()
    urls = sorted(sqs.create_queue(QueueName=f"{prefix}-{i}")["QueueUrl"] for i in range(5))
    assert sorted(sqs.list_queues(QueueNamePrefix=prefix)["QueueUrls"]) == urls
    seen: list[str] = []
    kwargs: dict[str, Any] = {"QueueNamePrefix": prefix, "MaxResults": 2}
    while True:
        page = sqs.list_queues(**kwargs)
        assert len(page["QueueUrls"]) <= 2
        seen += page["QueueUrls"]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(seen) == urls
    assert "QueueUrls" not in sqs.list_queues(QueueNamePrefix=fresh_name())


def test_queues_belong_to_their_account_and_region(server: RunningServer) -> None:
    """Another account (access key) or region sees none of them."""
    mine = make_client(server, "sqs", access_key="111111111111")
    other = make_client(server, "sqs", access_key="222222222222")
    west = make_client(server, "sqs", access_key="111111111111", region="us-west-2")
    name = fresh_name()
    url = mine.create_queue(QueueName=name)["QueueUrl"]
    assert "/111111111111/" in url
    for client in (other, west):
        with pytest.raises(client.exceptions.QueueDoesNotExist):
            client.get_queue_url(QueueName=name)
    arn = mine.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    assert arn["Attributes"]["QueueArn"] == f"arn:aws:sqs:us-east-1:111111111111:{name}"


def test_delete_queue_then_it_does_not_exist(sqs: Any) -> None:
    """After DeleteQueue the URL names no queue; recreating within 60 s is
    QueueDeletedRecently."""
    name = fresh_name()
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl=url, MessageBody="x")
    with pytest.raises(sqs.exceptions.QueueDeletedRecently) as err:
        sqs.create_queue(QueueName=name)
    assert error_of(err) == ("QueueDeletedRecently", 400)


def test_queue_url_host_forms_are_accepted(sqs: Any, queue: str, server: RunningServer) -> None:
    """URLs pasted with the sqs.REGION.localhost host name the same queue."""
    path = queue.split("/", 3)[3]
    alias = f"http://sqs.us-east-1.localhost:{server.port}/{path}"
    sqs.send_message(QueueUrl=alias, MessageBody="via alias")
    assert sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"] == "via alias"
