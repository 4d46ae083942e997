"""Queue attributes: defaults, validation (AWS's errors and texts) and what Get answers.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html

- Values are text, as on the wire; numbers are checked against their documented ranges
  (InvalidAttributeValue, ``Invalid value for the parameter X.``).
- A name the API does not know, a read-only one (``QueueArn``, the counters), or a FIFO-only
  one on a standard queue is InvalidAttributeName (``Unknown Attribute X.``).
- FifoQueue is chosen at creation and cannot change; ``.fifo`` names and FifoQueue go
  together. SqsManagedSseEnabled is on by default and off once a KMS key is set.
- RedrivePolicy names an existing queue of the same type whose RedriveAllowPolicy allows
  the source (allowAll, or byQueue listing it); maxReceiveCount is 1-1000.
  RedriveAllowPolicy's redrivePermission is allowAll, denyAll or byQueue (with up to 10
  sourceQueueArns). RedriveAllowPolicy is kept as the JSON text sent; RedrivePolicy is kept
  as AWS answers it, compact with maxReceiveCount a number (the CLI's get-queue-attributes
  example: sent ``"maxReceiveCount":"1000"``, read back ``"maxReceiveCount":1000``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from cloudlet.server.errors import SerializationException
from cloudlet.services.sqs.errors import (
    InvalidAttributeName,
    InvalidAttributeValue,
    invalid_parameter,
)
from cloudlet.services.sqs.urls import parse_arn

_RANGES = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1024, 1048576),
    "MessageRetentionPeriod": (60, 1209600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43200),
    "KmsDataKeyReusePeriodSeconds": (60, 86400),
}
_CHOICES = {
    "ContentBasedDeduplication": ("true", "false"),
    "SqsManagedSseEnabled": ("true", "false"),
    "DeduplicationScope": ("messageGroup", "queue"),
    "FifoThroughputLimit": ("perQueue", "perMessageGroupId"),
}
DEFAULTS = {
    "VisibilityTimeout": "30",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "DelaySeconds": "0",
    "ReceiveMessageWaitTimeSeconds": "0",
    "SqsManagedSseEnabled": "true",
}
FIFO_DEFAULTS = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}
FIFO_ONLY = frozenset({"FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                       "FifoThroughputLimit"})
SETTABLE = frozenset({*_RANGES, *_CHOICES, "Policy", "RedrivePolicy", "RedriveAllowPolicy",
                      "KmsMasterKeyId", "FifoQueue"})
COMPUTED = ("QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp")
ALL_NAMES = frozenset({*SETTABLE, *COMPUTED})
MAX_RECEIVE_COUNT = (1, 1000)

# How a RedrivePolicy's target is looked up: (account, region, name) -> whether it is FIFO
# and its RedriveAllowPolicy, or None when no such queue exists.
QueueKind = Callable[[str, str, str], tuple[bool, str | None] | None]


def as_map(value: Any) -> dict[str, Any]:
    """An Attributes map as sent (the model's reader leaves it to us): a JSON object."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SerializationException("Start of list found where not expected")
    return value


def names_list(value: Any) -> list[str]:
    """An AttributeNames list as sent: a JSON array of strings."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SerializationException("Unexpected list element type")
    return value


def unknown(name: str) -> InvalidAttributeName:
    return InvalidAttributeName(f"Unknown Attribute {name}.")


def invalid(name: str) -> InvalidAttributeValue:
    return InvalidAttributeValue(f"Invalid value for the parameter {name}.")


def check(given: Mapping[str, Any], *, fifo: bool, kind_of: QueueKind, creating: bool,
          arn: str) -> dict[str, str]:
    """``given`` checked for a queue of that type; the values as stored (text)."""
    out: dict[str, str] = {}
    for name, raw in given.items():
        if not isinstance(raw, str):
            raise invalid(str(name))
        value = raw.strip() if name in _RANGES else raw
        if name not in SETTABLE or (name in FIFO_ONLY and not fifo and name != "FifoQueue"):
            raise unknown(str(name))
        if name in _RANGES:
            low, high = _RANGES[name]
            if not value.lstrip("-").isdigit() or not low <= int(value) <= high:
                raise invalid(name)
            value = str(int(value))
        elif name in _CHOICES:
            if name in ("ContentBasedDeduplication", "SqsManagedSseEnabled"):
                value = value.lower()
            if value not in _CHOICES[name]:
                raise invalid(name)
        elif name == "FifoQueue":
            if value.lower() != ("true" if fifo else "false") or not creating:
                raise invalid(name)
            value = value.lower()
        elif name == "Policy" and value:
            _json_object(name, value)
        elif name == "RedrivePolicy" and value:
            value = _redrive(value, fifo, kind_of, arn)
        elif name == "RedriveAllowPolicy" and value:
            _redrive_allow(value)
        out[name] = value
    if out.get("FifoThroughputLimit") == "perMessageGroupId" and \
            out.get("DeduplicationScope", "messageGroup") != "messageGroup":
        raise invalid_parameter("FifoThroughputLimit", "perMessageGroupId",
                                "Throughput limit can only be perMessageGroupId when "
                                "DeduplicationScope is messageGroup.")
    return out


def _json_object(name: str, value: str) -> dict[str, Any]:
    try:
        found = json.loads(value)
    except ValueError:
        raise invalid(name) from None
    if not isinstance(found, dict):
        raise invalid(name)
    return found


def _redrive(value: str, fifo: bool, kind_of: QueueKind, arn: str) -> str:
    """The RedrivePolicy checked; its text as stored and answered."""
    policy = _json_object("RedrivePolicy", value)
    target = policy.get("deadLetterTargetArn")
    count = policy.get("maxReceiveCount")
    if target is None or count is None:
        raise invalid_parameter("RedrivePolicy", value,
                                "Redrive policy does not contain mandatory attribute: "
                                f"{'deadLetterTargetArn' if target is None else 'maxReceiveCount'}.")
    try:
        receives = int(count)
    except (TypeError, ValueError):
        raise invalid_parameter("RedrivePolicy", value, "Invalid value for maxReceiveCount: "
                                f"{count}, valid values are from 1 to 1000 both inclusive.") from None
    if not MAX_RECEIVE_COUNT[0] <= receives <= MAX_RECEIVE_COUNT[1]:
        raise invalid_parameter("RedrivePolicy", value, "Invalid value for maxReceiveCount: "
                                f"{count}, valid values are from 1 to 1000 both inclusive.")
    ref = parse_arn(str(target))
    kind = None if ref is None or ref.region is None else kind_of(ref.account, ref.region, ref.name)
    if kind is None:
        raise invalid_parameter("RedrivePolicy", value, "Dead letter target does not exist.")
    if kind[0] != fifo:
        raise invalid_parameter("RedrivePolicy", value, "Dead-letter queue must be same type "
                                "of queue as the source.")
    allow: dict[str, Any] = json.loads(kind[1]) if kind[1] else {}
    permission = allow.get("redrivePermission", "allowAll")
    if permission == "denyAll" or (permission == "byQueue"
                                   and arn not in allow.get("sourceQueueArns", [])):
        raise invalid_parameter("RedrivePolicy", value, "The dead-letter queue's "
                                "RedriveAllowPolicy does not allow this queue as a source.")
    return json.dumps({"deadLetterTargetArn": target, "maxReceiveCount": receives},
                      separators=(",", ":"))


def _redrive_allow(value: str) -> None:
    policy = _json_object("RedriveAllowPolicy", value)
    permission = policy.get("redrivePermission")
    sources = policy.get("sourceQueueArns")
    if permission not in ("allowAll", "denyAll", "byQueue"):
        raise invalid_parameter("RedriveAllowPolicy", value,
                                "Amazon SQS can't create the redrive allow policy, as it's in "
                                "an unsupported format.")
    if permission == "byQueue":
        if not isinstance(sources, list) or not 1 <= len(sources) <= 10:
            raise invalid_parameter("RedriveAllowPolicy", value,
                                    "Amazon SQS can't create the redrive allow policy, as "
                                    "sourceQueueArns must list 1 to 10 queue ARNs.")
    elif sources is not None:
        raise invalid_parameter("RedriveAllowPolicy", value,
                                "Amazon SQS can't create the redrive allow policy, as "
                                "sourceQueueArns is only allowed with byQueue.")


def initial(fifo: bool, given: dict[str, str]) -> dict[str, str]:
    """A new queue's stored attributes: the defaults, then what the request set."""
    out = {**DEFAULTS, **(FIFO_DEFAULTS if fifo else {})}
    if "KmsMasterKeyId" in given and given["KmsMasterKeyId"]:
        out["SqsManagedSseEnabled"] = "false"
        out["KmsDataKeyReusePeriodSeconds"] = "300"
    out.update(given)
    if not fifo:
        out.pop("FifoQueue", None)  # a standard queue does not list FifoQueue=false
    return out


def updated(current: dict[str, str], given: dict[str, str]) -> dict[str, str]:
    """Stored attributes after SetQueueAttributes; an empty Policy/RedrivePolicy removes it."""
    out = {**current, **given}
    for name in ("Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"):
        if out.get(name) == "":
            del out[name]
    if given.get("KmsMasterKeyId"):
        out["SqsManagedSseEnabled"] = "false"
        out.setdefault("KmsDataKeyReusePeriodSeconds", "300")
    if given.get("SqsManagedSseEnabled") == "true":
        out.pop("KmsMasterKeyId", None)
        out.pop("KmsDataKeyReusePeriodSeconds", None)
    return out


def differing(stored: dict[str, str], given: dict[str, str]) -> str | None:
    """The first attribute ``given`` sets to another value than the existing queue has
    (CreateQueue of an existing name answers QueueNameExists then)."""
    for name, value in given.items():
        if stored.get(name, DEFAULTS.get(name, "")) != value:
            return name
    return None


def selected(names: list[str]) -> list[str] | None:
    """The attribute names asked for (None: all); InvalidAttributeName for unknown ones."""
    if not names or "All" in names:
        return None if "All" in names else []
    for name in names:
        if name not in ALL_NAMES:
            raise unknown(name)
    return names
