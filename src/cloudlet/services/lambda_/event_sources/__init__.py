"""Event source mappings: Lambda polling SQS queues, DynamoDB streams and Kinesis streams
and invoking functions with batches of their records.

https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html

- ``operations``: the five API operations; ``validation``: what each source type accepts.
- ``store``: mappings and checkpoints, durable in ``lambda-esm.sqlite`` (all accounts).
- ``pollers``: one supervised worker per enabled mapping; ``streams`` (DynamoDB and
  Kinesis, through ``sources``) and ``sqs`` poll, ``delivery`` invokes and handles
  failures, ``filtering`` applies FilterCriteria, ``windows`` keeps tumbling
  windows' state.

Sources are read only through their own APIs (``cloudlet.server.internal.call``) as the
service principal ``lambda.amazonaws.com``.

LIMITATIONS
- Kafka, Amazon MQ and DocumentDB sources; ParallelizationFactor above
  1 is accepted but a shard is processed one batch at a time; no MetricsConfig,
  LoggingConfig, ProvisionedPollerConfig, KMSKeyArn effect; Tags are not stored.
"""

from cloudlet.services.lambda_.event_sources import operations, pollers

__all__ = ["operations", "pollers"]
