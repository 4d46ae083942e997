"""Amazon Kinesis Data Streams: streams, shards and records, kept in SQLite.

https://docs.aws.amazon.com/kinesis/latest/APIReference/Welcome.html

boto3 (botocore 1.44) speaks JSON 1.1 to Kinesis (``application/x-amz-json-1.1``,
``X-Amz-Target: Kinesis_20131202.<Operation>``), not CBOR: the model's only protocol is
``json``. Other services (Lambda's event source mappings) read streams through
``server.internal.call`` and may wait on ``cloudlet.signals.changed(stream_arn)``.

LIMITATIONS
- SubscribeToShard (an HTTP/2 event stream) is not supported; neither are the newer
  resource policies, account settings, channels and queues (all answer 501).
- No KMS: StartStreamEncryption only records the key; records are stored as sent.
- On-demand streams keep their 4 shards (no automatic scaling); provisioned shards limit
  writes to 1,000 records and 1 MiB a second each; reads are not throttled.
- Status changes (CREATING, UPDATING, a consumer's CREATING) last 0.3 seconds;
  DeleteStream and DeregisterStreamConsumer take effect at once.
- UpdateShardCount reshards in one step (see ``operations/shards.py``).
"""

from __future__ import annotations

from cloudlet.services.kinesis import lifecycle  # noqa: F401
from cloudlet.services.kinesis.operations import consumers, records, shards, streams, tags  # noqa: F401
from cloudlet.services.kinesis.registry import service

__all__ = ["service"]
