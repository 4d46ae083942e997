"""The SQS service object (JSON 1.0, ``AmazonSQS`` target, query compatible)."""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service(
    "sqs",
    error_prefix="com.amazonaws.sqs#",
    # Checked by the handlers with SQS's own errors (InvalidAttributeName, ...); the legacy
    # AttributeNames of ReceiveMessage also takes message system attribute names.
    opaque_shapes=frozenset({"QueueAttributeMap", "AttributeNameList",
                             "MessageSystemAttributeList"}),
)
