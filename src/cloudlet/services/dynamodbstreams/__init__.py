"""Amazon DynamoDB Streams: the change records of DynamoDB tables.

https://docs.aws.amazon.com/amazondynamodbstreams/latest/APIReference/Welcome.html

Reads what the DynamoDB backend records (``cloudlet.services.dynamodb.streams``) in the
same account/region database. LIMITATIONS: one shard per stream.
"""

from __future__ import annotations

from cloudlet.services.dynamodbstreams import operations as _operations  # noqa: F401
from cloudlet.services.dynamodbstreams.registry import service

__all__ = ["service"]
