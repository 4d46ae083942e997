"""The error an invalid event pattern or filter policy raises.

EventBridge (PutRule, TestEventPattern) and SNS (Subscribe, SetSubscriptionAttributes) both
compile patterns with AWS's Event Ruler and pass its reason on, behind their own prefix:

- EventBridge: ``InvalidEventPatternException`` "Event pattern is not valid. Reason: <reason>"
  https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
- SNS: ``InvalidParameter`` "Invalid parameter: FilterPolicy: <reason>" (Subscribe says
  "Invalid parameter: Attributes Reason: FilterPolicy: <reason>")
  https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html

LIMITATIONS: Ruler's reasons end with a Jackson source location (" at [Source: ...; line: 1,
column: 12]"); ours stop before it.
"""

from __future__ import annotations


class PatternError(ValueError):
    """An invalid pattern or policy.

    ``message`` is the whole text AWS answers with; ``reason`` is the part after the
    service's prefix (so SNS's Subscribe can put its own prefix in front).
    """

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = message if reason is None else reason

    def __str__(self) -> str:
        return self.message
