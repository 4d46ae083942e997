"""Amazon SQS: standard and FIFO queues, dead-letter queues and redrive, on
``cloudlet.queue`` in one SQLite database for the server.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/Welcome.html

Served over the JSON protocol (``X-Amz-Target: AmazonSQS.*``, what current SDKs speak) and
over the query protocol older SDKs speak (form posts answered in XML, ``query_api.py``);
other services reach it through ``cloudlet.server.internal.call`` (SNS, S3 and EventBridge
send, Lambda's event source mappings receive and delete).

LIMITATIONS
- Queue policies (and AddPermission's statements) are evaluated by the server's IAM check
  (``--iam warn|enforce``, ``resource_policy``); with ``--iam off`` any account may use any
  queue its URL names. KMS keys are stored; messages are not encrypted.
- Long polling and visibility timeouts follow the server's clock (``--clock manual``).
- Message system attribute list values (StringListValues/BinaryListValues) are rejected,
  as AWS does ("not supported").
- A dead-lettered message's retention restarts when it is moved (see ``redrive.py``).
- FifoThroughputLimit and high-throughput mode are stored only; nothing is throttled.
"""

from __future__ import annotations

from cloudlet.services.sqs import background as _background  # noqa: F401
from cloudlet.services.sqs import query_api as _query_api  # noqa: F401
from cloudlet.services.sqs import resource_policy as _resource_policy  # noqa: F401
from cloudlet.services.sqs.operations import (  # noqa: F401
    moves,
    queues,
    receive,
    send,
    tags,
)
from cloudlet.services.sqs.registry import service

__all__ = ["service"]
