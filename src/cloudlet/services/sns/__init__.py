"""Amazon SNS: topics (standard and FIFO), subscriptions, filter policies and delivery.

https://docs.aws.amazon.com/sns/latest/api/welcome.html

State is one SQLite database for the whole server (``store``); Publish stores one delivery
per matching subscription on a durable queue (``delivery_queue``) before it answers, and
the ``sns.delivery`` workers (``delivery``) hand them to Lambda, SQS, HTTP/S endpoints, or
record them (email, email-json, SMS: ``GET /_cloudlet/sns/messages``, see ``edge``), with
AWS's retry policies and dead-letter queues. Messages are signed (SignatureVersion 1) with a
key cloudlet makes; its certificate is served at ``SigningCertURL``.

LIMITATIONS:
- Mobile push (platform applications and endpoints), Firehose subscriptions, SMS sandbox,
  SMS attributes and opt-out, message archiving and replay are not supported (501 or
  ``not supported: ...``). Access policies are evaluated by the server's IAM check
  (``resource_policy``); data protection policies are stored, never enforced.
- http/https endpoints must be on the loopback interface; https is not verified.
- Email and SMS are recorded, never sent.
- FIFO topics deliver one message at a time overall (order is kept per subscription and
  group); a retried FIFO delivery does not hold back the rest of its group.
"""

from __future__ import annotations

from cloudlet.services.sns import delivery, edge, resource_policy  # noqa: F401
from cloudlet.services.sns.operations import (  # noqa: F401
    policies,
    publish,
    subscriptions,
    topics,
)
from cloudlet.services.sns.registry import service

__all__ = ["service"]
