"""What a Publish carries and what a subscriber receives.

https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
- Attribute types are ``String``, ``String.Array``, ``Number`` and ``Binary``, optionally
  followed by ``.custom``; at most 10 attributes; a ``Number`` is a decimal number; a
  ``String.Array`` is a JSON array of strings, numbers, booleans and nulls.
https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (MessageStructure ``json``: an
object with a string ``default`` and optional per-protocol strings)
https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html (the JSON of a
notification, a subscription and an unsubscribe confirmation)
https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html (the event a function gets)
"""

from __future__ import annotations

import base64
import datetime
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import orjson

from cloudlet.services.sns.errors import InvalidParameterValue, invalid
from cloudlet.services.sns.shapes import MessageAttributeValue
from cloudlet.services.sns.signing import CERT_PATH

MAX_ATTRIBUTES = 10
Signature = Callable[[dict[str, Any], str], str]  # (document, version) -> base64 signature
_NAME_CHAR = re.compile(r"[^A-Za-z0-9_.-]")
_TYPE = re.compile(r"(String|Number|Binary)(\.[A-Za-z0-9_.-]+)?")
_PROTOCOL_KEYS = ("default", "email", "email-json", "http", "https", "sqs", "lambda", "sms",
                  "firehose", "application")


@dataclass(slots=True)
class Envelope:
    """One message on its way to one subscription (the delivery queue's payload)."""

    kind: str  # Notification | SubscriptionConfirmation | UnsubscribeConfirmation
    message_id: str
    topic_arn: str
    message: str
    timestamp: str
    subject: str | None = None
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    group: str | None = None
    dedup: str | None = None
    sequence: str | None = None
    token: str | None = None
    endpoint: str | None = None  # where an UnsubscribeConfirmation goes
    protocol: str | None = None

    def dump(self) -> bytes:
        return orjson.dumps(asdict(self))

    @classmethod
    def load(cls, payload: bytes) -> Envelope:
        return cls(**orjson.loads(payload))


def iso_timestamp(epoch: float) -> str:
    """``2012-05-02T00:54:06.655Z``, as SNS writes times."""
    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _check_name(name: str) -> None:
    if len(name.encode()) > 256:
        raise InvalidParameterValue("Length of message attribute name must be less than 256"
                                    " bytes.")
    if name.startswith("."):
        raise InvalidParameterValue("Invalid message attribute name starting with character"
                                    " '.' was found.")
    if name.endswith("."):
        raise InvalidParameterValue("Invalid message attribute name ending with character '.'"
                                    " was found.")
    bad = _NAME_CHAR.search(name)
    if bad is not None:
        raise InvalidParameterValue(
            f"Invalid non-alphanumeric character '#x{ord(bad.group()):X}' was found in the"
            " message attribute name. Can only include alphanumeric characters, hyphens,"
            " underscores, or dots.")
    if ".." in name:
        raise InvalidParameterValue("Message attribute name can not have successive '.'"
                                    " character.")


def check_attributes(given: dict[str, MessageAttributeValue] | None,
                     ) -> dict[str, dict[str, str]]:
    """Publish's MessageAttributes in the form subscribers see them:
    ``{name: {"Type": DataType, "Value": text (base64 for Binary)}}``; ParameterValueInvalid
    with AWS's text for an invalid one."""
    given = given or {}
    if len(given) > MAX_ATTRIBUTES:
        raise InvalidParameterValue(f"Number of message attributes [{len(given)}] exceeds the"
                                    f" allowed maximum [{MAX_ATTRIBUTES}].")
    out: dict[str, dict[str, str]] = {}
    for name, value in given.items():
        _check_name(name)
        data_type = value.get("DataType", "")
        if _TYPE.fullmatch(data_type) is None:
            raise InvalidParameterValue(
                f"The message attribute '{name}' has an invalid message attribute type, the set"
                " of supported type prefixes is Binary, Number, and String.")
        binary = data_type.startswith("Binary")
        given_value: str | bytes | None = (value.get("BinaryValue") if binary
                                           else value.get("StringValue"))
        if given_value is None and ("StringValue" if binary else "BinaryValue") in value:
            raise InvalidParameterValue(
                f"The message attribute '{name}' with type '{data_type}' must use field"
                f" '{'Binary' if binary else 'String'}'.")
        if given_value is None or len(given_value) == 0:
            raise InvalidParameterValue(
                f"The message attribute '{name}' must contain non-empty message attribute"
                f" value for message attribute type '{data_type}'.")
        if binary:
            raw = given_value if isinstance(given_value, bytes) else base64.b64decode(given_value)
            out[name] = {"Type": data_type, "Value": base64.b64encode(raw).decode()}
            continue
        assert isinstance(given_value, str)
        if data_type.startswith("Number"):
            _check_number(name, given_value)
        elif data_type == "String.Array" or data_type.startswith("String.Array."):
            _check_array(name, given_value)
        out[name] = {"Type": data_type, "Value": given_value}
    return out


def _check_number(name: str, text: str) -> None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise InvalidParameterValue(f"Could not cast message attribute '{name}' value to number.")


def _check_array(name: str, text: str) -> None:
    try:
        parsed = orjson.loads(text)
    except orjson.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, list) or any(isinstance(v, (dict, list)) for v in parsed):
        raise InvalidParameterValue(f"The message attribute '{name}' with type 'String.Array'"
                                    " must be a JSON array of strings, numbers, booleans or"
                                    " null.")


def attributes_size(attributes: dict[str, dict[str, str]]) -> int:
    return sum(len(k.encode()) + len(v["Type"].encode()) + len(v["Value"].encode())
               for k, v in attributes.items())


def per_protocol(message: str, structure: str | None) -> dict[str, str]:
    """The message each protocol gets: ``{"default": message}`` unless ``structure`` is
    ``json``, whose object names a ``default`` and optional per-protocol texts."""
    if structure != "json":
        return {"default": message}
    try:
        parsed = orjson.loads(message)
    except orjson.JSONDecodeError:
        raise invalid("Message Structure - JSON message body failed to parse") from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("default"), str):
        raise invalid("Message Structure - No default entry in JSON message body")
    return {k: v for k, v in parsed.items() if k in _PROTOCOL_KEYS and isinstance(v, str)}


def confirm_url(endpoint_url: str, topic_arn: str, token: str) -> str:
    return (f"{endpoint_url}/?Action=ConfirmSubscription&TopicArn={quote(topic_arn, safe='')}"
            f"&Token={token}")


def unsubscribe_url(endpoint_url: str, subscription_arn: str) -> str:
    return (f"{endpoint_url}/?Action=Unsubscribe"
            f"&SubscriptionArn={quote(subscription_arn, safe='')}")


def notification_json(env: Envelope, *, endpoint_url: str, subscription_arn: str,
                      signature: Signature, version: str = "1") -> dict[str, Any]:
    """The JSON document an HTTP/S endpoint or an SQS queue receives, signed by
    ``signature`` (``Signer.sign``) with SignatureVersion ``version``."""
    doc: dict[str, Any] = {"Type": env.kind, "MessageId": env.message_id}
    if env.kind != "Notification":
        doc["Token"] = env.token
    doc["TopicArn"] = env.topic_arn
    if env.kind == "Notification":
        if env.subject is not None:
            doc["Subject"] = env.subject
        doc["Message"] = env.message
        if env.sequence is not None:
            doc["SequenceNumber"] = env.sequence
    else:
        doc["Message"] = env.message
        doc["SubscribeURL"] = confirm_url(endpoint_url, env.topic_arn, env.token or "")
    doc["Timestamp"] = env.timestamp
    doc["SignatureVersion"] = version
    doc["Signature"] = signature(doc, version)
    doc["SigningCertURL"] = signing_cert_url(endpoint_url)
    if env.kind == "Notification":
        doc["UnsubscribeURL"] = unsubscribe_url(endpoint_url, subscription_arn)
        if env.attributes:
            doc["MessageAttributes"] = env.attributes
    return doc


def signing_cert_url(endpoint_url: str) -> str:
    return endpoint_url + CERT_PATH


def lambda_event(env: Envelope, *, endpoint_url: str, subscription_arn: str,
                 signature: Signature, version: str = "1") -> dict[str, Any]:
    """The event a subscribed function is invoked with (one record)."""
    doc = notification_json(env, endpoint_url=endpoint_url, subscription_arn=subscription_arn,
                            signature=signature, version=version)
    sns = {
        "Type": doc["Type"], "MessageId": doc["MessageId"], "TopicArn": doc["TopicArn"],
        "Subject": doc.get("Subject"), "Message": doc["Message"], "Timestamp": doc["Timestamp"],
        "SignatureVersion": doc["SignatureVersion"], "Signature": doc["Signature"],
        "SigningCertUrl": doc["SigningCertURL"], "UnsubscribeUrl": doc["UnsubscribeURL"],
        "MessageAttributes": doc.get("MessageAttributes", {}),
    }
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
                         "EventSubscriptionArn": subscription_arn, "Sns": sns}]}
