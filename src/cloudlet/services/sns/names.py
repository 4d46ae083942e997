"""SNS names and ARNs: topics ``arn:aws:sns:REGION:ACCOUNT:NAME``, subscriptions
``TOPIC_ARN:UUID``.

https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (topic names: ASCII
letters, digits, ``_`` and ``-``, 1 to 256 characters; a FIFO topic's name ends ``.fifo``)
https://docs.aws.amazon.com/cli/latest/reference/sns/publish.html (phone numbers: E.164,
``+`` and up to 15 digits; hyphens between the digits are accepted, as in the CLI's own
example ``--phone-number +1-555-555-0100``)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cloudlet.services.sns.errors import invalid

_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
_FIFO_NAME = re.compile(r"[A-Za-z0-9_-]{1,251}\.fifo")
_PHONE = re.compile(r"\+?[0-9]+(-[0-9]+)*")
_TOPIC_ARN = re.compile(r"arn:aws[a-z-]*:sns:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
                        r"(?P<name>[A-Za-z0-9_.-]{1,256})")


@dataclass(frozen=True, slots=True)
class TopicRef:
    region: str
    account: str
    name: str


def topic_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:sns:{region}:{account}:{name}"


def check_topic_name(name: str, fifo: bool) -> None:
    """InvalidParameter unless ``name`` is a valid standard or FIFO topic name."""
    if fifo:
        if not _FIFO_NAME.fullmatch(name):
            raise invalid("Fifo Topic names must end with .fifo and must be made up of only"
                          " uppercase and lowercase ASCII letters, numbers, underscores, and"
                          " hyphens, and must be between 1 and 256 characters long.")
    elif not _TOPIC_NAME.fullmatch(name):
        raise invalid("Topic Name")


def is_phone_number(text: str) -> bool:
    """Whether ``text`` is a phone number SNS takes (E.164, hyphens allowed between digits)."""
    return _PHONE.fullmatch(text) is not None and 5 <= sum(c.isdigit() for c in text) <= 15


def parse_topic_arn(arn: str, what: str = "TopicArn") -> TopicRef:
    """The parts of a topic ARN; InvalidParameter for anything else."""
    found = _TOPIC_ARN.fullmatch(arn)
    if found is None:
        raise invalid(what)
    return TopicRef(found["region"], found["account"], found["name"])


def parse_subscription_arn(arn: str) -> TopicRef:
    """The topic part of a subscription ARN; InvalidParameter for anything else."""
    topic, _, sub_id = arn.rpartition(":")
    if not sub_id or _TOPIC_ARN.fullmatch(topic) is None:
        raise invalid("SubscriptionArn")
    return parse_topic_arn(topic)
