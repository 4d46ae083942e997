"""Subscription filter policies, compiled by ``cloudlet.patterns`` (SNS's rules there).

https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
- Scope ``MessageAttributes`` (the default) matches the message's attributes; scope
  ``MessageBody`` matches the message (a JSON object; any other body never matches).
- A subscription without a policy gets every message.
"""

from __future__ import annotations

from functools import lru_cache

from cloudlet.patterns import Pattern, PatternError, compile_filter_policy
from cloudlet.services.sns.errors import InvalidParameter
from cloudlet.services.sns.messages import Envelope
from cloudlet.services.sns.store import Subscription


@lru_cache(maxsize=1024)
def _compiled(policy: str, scope: str) -> Pattern:
    return compile_filter_policy(policy, scope)


def check_policy(policy: str, scope: str, *, subscribing: bool) -> None:
    """InvalidParameter with AWS's text for a policy that does not compile."""
    try:
        _compiled(policy, scope)
    except PatternError as error:
        if subscribing:
            raise InvalidParameter(f"Invalid parameter: Attributes Reason: {error.reason}"
                                   ) from None
        raise InvalidParameter(error.message) from None


def wants(sub: Subscription, env: Envelope, message: str) -> bool:
    """Whether ``sub``'s filter policy lets ``message`` (its protocol's text) through."""
    policy = sub.attributes.get("FilterPolicy")
    if not policy:
        return True
    scope = sub.attributes.get("FilterPolicyScope") or "MessageAttributes"
    try:
        pattern = _compiled(policy, scope)
    except PatternError:  # stored before a stricter check: it lets nothing through
        return False
    return pattern.matches(message if scope == "MessageBody" else env.attributes)
