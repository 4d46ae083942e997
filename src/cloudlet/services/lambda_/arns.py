"""Function and layer names and ARNs, in every form Lambda accepts.

https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_RequestSyntax
``FunctionName`` may be ``my-function``, ``my-function:v1`` (qualified),
``123456789012:function:my-function`` (partial ARN) or
``arn:aws:lambda:us-west-2:123456789012:function:my-function[:qualifier]``. A qualifier
is ``$LATEST``, a version number or an alias name.

https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersion.html
``LayerName`` may be ``my-layer`` or ``arn:aws:lambda:us-west-2:123456789012:layer:my-layer``;
a layer version is ``arn:aws:lambda:us-west-2:123456789012:layer:my-layer:1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
)

LATEST = "$LATEST"


@dataclass(frozen=True, slots=True)
class FunctionRef:
    name: str
    qualifier: str | None
    account: str | None
    region: str | None


def function_arn(region: str, account: str, name: str, qualifier: str | None = None) -> str:
    arn = f"arn:aws:lambda:{region}:{account}:function:{name}"
    return f"{arn}:{qualifier}" if qualifier else arn


# The model's FunctionName pattern, with groups: every optional part of an ARN may be
# left out ("us-west-2:123456789012:function:my-function" and "function:my-function"
# are accepted too).
_FUNCTION_NAME = re.compile(
    r"(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?"
    r"(?:(?P<region>(?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\d):)?"
    r"(?:(?P<account>\d{12}):)?"
    r"(?:function:)?"
    r"(?P<name>[a-zA-Z0-9-_.]+)"
    r"(?::(?P<qualifier>\$LATEST(?:\.PUBLISHED)?|[a-zA-Z0-9-_]+))?")


def parse_function_name(value: str) -> FunctionRef:
    """Split any accepted form into name, qualifier and (for ARNs) account and region."""
    parts = value.split(":")
    if value.startswith("arn:"):
        # arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
        if len(parts) not in (7, 8) or parts[2] != "lambda" or parts[5] != "function":
            raise InvalidParameterValueException(f"Invalid function name or ARN: {value}")
        return FunctionRef(parts[6], parts[7] if len(parts) == 8 else None, parts[4], parts[3])
    found = _FUNCTION_NAME.fullmatch(value)
    if found is None:
        raise InvalidParameterValueException(f"Invalid function name or ARN: {value}")
    return FunctionRef(found["name"], found["qualifier"], found["account"], found["region"])


def resolve(value: str, qualifier: str | None, account: str, region: str) -> tuple[str, str | None]:
    """The function name and qualifier a request means, in this account and region.

    A qualifier both in the name and in ``Qualifier`` must agree; an ARN of another
    account or region names a function that does not exist here.
    """
    ref = parse_function_name(value)
    if ref.qualifier and qualifier and ref.qualifier != qualifier:
        raise InvalidParameterValueException(
            "The derived qualifier from the function name does not match the specified qualifier.")
    if (ref.account and ref.account != account) or (ref.region and ref.region != region):
        arn = function_arn(ref.region or region, ref.account or account, ref.name,
                           ref.qualifier or qualifier)
        raise ResourceNotFoundException(f"Function not found: {arn}")
    return ref.name, ref.qualifier or qualifier


def is_version(qualifier: str) -> bool:
    """A published version number (an alias name may not be all digits)."""
    return qualifier.isdigit()


def layer_arn(region: str, account: str, name: str, version: int | None = None) -> str:
    arn = f"arn:aws:lambda:{region}:{account}:layer:{name}"
    return f"{arn}:{version}" if version is not None else arn


@dataclass(frozen=True, slots=True)
class LayerRef:
    name: str
    version: int | None
    account: str | None
    region: str | None


def parse_layer(value: str) -> LayerRef:
    """A layer name, layer ARN or layer version ARN (the model has checked its pattern)."""
    if not value.startswith("arn:"):
        return LayerRef(value, None, None, None)
    parts = value.split(":")
    version = int(parts[7]) if len(parts) == 8 and parts[7].isdigit() else None
    return LayerRef(parts[6], version, parts[4], parts[3])
