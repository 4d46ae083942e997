"""How long SNS waits before trying a failed delivery again, and when it gives up.

https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
- AWS-managed endpoints (Lambda, SQS): 3 retries without delay, 2 one second apart, 10 with
  exponential backoff from 1 to 20 seconds, then 100,000 twenty seconds apart (100,015
  attempts over 23 days).
- Customer-managed endpoints (HTTP/S) follow the subscription's delivery policy (the
  topic's default, else AWS's: 3 retries 20 seconds apart): ``numNoDelayRetries`` at once,
  ``numMinDelayRetries`` at ``minDelayTarget``, a backoff phase (``backoffFunction``
  linear, arithmetic, geometric or exponential) up to ``maxDelayTarget``, then
  ``numMaxDelayRetries`` at ``maxDelayTarget``; ``numRetries`` in all.
https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html (client-side errors -
a deleted function or queue - are not retried: the message goes to the dead-letter queue at
once)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    no_delay: int
    min_delay: int
    backoff: int
    max_delay_retries: int
    min_s: float
    max_s: float
    function: str = "exponential"

    @classmethod
    def from_http(cls, policy: dict[str, Any]) -> RetryPolicy:
        total = int(policy.get("numRetries", 3))
        no_delay = int(policy.get("numNoDelayRetries", 0))
        min_delay = int(policy.get("numMinDelayRetries", 0))
        max_delay = int(policy.get("numMaxDelayRetries", 0))
        backoff = max(0, total - no_delay - min_delay - max_delay)
        return cls(no_delay, min_delay, backoff, max_delay,
                   float(policy.get("minDelayTarget", 20)), float(policy.get("maxDelayTarget", 20)),
                   str(policy.get("backoffFunction", "linear")))

    def delay(self, retry: int) -> float | None:
        """Seconds before retry number ``retry`` (1-based); None once they are used up."""
        if retry <= self.no_delay:
            return 0.0
        retry -= self.no_delay
        if retry <= self.min_delay:
            return self.min_s
        retry -= self.min_delay
        if retry <= self.backoff:
            return self._backoff(retry)
        retry -= self.backoff
        return self.max_s if retry <= self.max_delay_retries else None

    def _backoff(self, step: int) -> float:
        share = step / self.backoff
        span = self.max_s - self.min_s
        if self.function == "linear":
            return self.min_s + span * share
        if self.function == "arithmetic":
            return self.min_s + span * share * (step + 1) / (self.backoff + 1)
        if self.function == "geometric":
            return self.min_s + span * share ** 2
        ratio = self.max_s / self.min_s if self.min_s > 0 else 1.0
        return self.min_s * ratio ** share if self.min_s > 0 else span * share


MANAGED = RetryPolicy(no_delay=3, min_delay=2, backoff=10, max_delay_retries=100_000,
                      min_s=1.0, max_s=20.0)
