"""PutParameter, DeleteParameter and DeleteParameters.

https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
- A new parameter needs a Type; an existing one is replaced only with ``Overwrite``
  (ParameterAlreadyExists otherwise), making a new version (1, 2, ...). Tags may only be
  given when creating.
- Values are at most 4 KB in the Standard tier, 8 KB in Advanced; Intelligent-Tiering
  picks Standard when it fits. An Advanced parameter cannot go back to Standard.
- AllowedPattern is a regular expression the whole value must match.
- 100 versions are kept; the 101st drops the oldest, unless that one has a label
  (ParameterMaxVersionLimitExceeded).

LIMITATIONS: parameter policies (Expiration, notifications) are stored, never run;
SecureString values are not encrypted at rest (KeyId is kept as data); ``aws:ec2:image``
values are not checked against EC2.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from cloudlet.server.errors import ValidationException
from cloudlet.server.service import NoOutput
from cloudlet.services.ssm.errors import (
    InvalidAllowedPatternException,
    ParameterAlreadyExists,
    ParameterMaxVersionLimitExceeded,
    ParameterPatternMismatchException,
)
from cloudlet.services.ssm.names import check_name
from cloudlet.services.ssm.operations.tags import checked_tags
from cloudlet.services.ssm.registry import service, store
from cloudlet.services.ssm.views import DEFAULT_KEY, load

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_VERSIONS = 100
_LIMITS = {"Standard": 4096, "Advanced": 8192}
_DATA_TYPES = ("text", "aws:ec2:image", "aws:ssm:integration")


def _tier(req: dict[str, Any], previous: dict[str, Any] | None) -> str:
    asked = req.get("Tier")
    was = previous["Tier"] if previous else None
    if asked == "Intelligent-Tiering":
        fits = len(req["Value"]) <= _LIMITS["Standard"] and not req.get("Policies")
        asked = "Advanced" if was == "Advanced" or not fits else "Standard"
    tier = asked or was or "Standard"
    if was == "Advanced" and tier == "Standard":
        raise ValidationException(
            "This parameter uses the advanced-parameter tier. You can't downgrade a parameter"
            " from the advanced-parameter tier to the standard-parameter tier. If necessary,"
            " you can delete the advanced parameter and recreate it as a standard parameter.")
    if len(req["Value"]) > _LIMITS[tier]:
        raise ValidationException(
            "Standard tier parameters support a maximum parameter value of 4096 characters."
            " To create a larger parameter value, upgrade the parameter to use the"
            " advanced-parameter tier. For more information, see https://docs.aws.amazon.com"
            "/systems-manager/latest/userguide/parameter-store-advanced-parameters.html"
            if tier == "Standard" else
            "Advanced tier parameters support a maximum parameter value of 8192 characters.")
    return tier


def _check_value(value: str, pattern: str | None) -> None:
    if not value:
        raise ValidationException("1 validation error detected: Value '' at 'value' failed to"
                                  " satisfy constraint: Member must have length greater than"
                                  " or equal to 1")
    if pattern:
        try:
            compiled = re.compile(pattern)
        except re.error:
            raise InvalidAllowedPatternException(
                "The allowed pattern is not a valid regular expression.") from None
        if compiled.fullmatch(value) is None:
            raise ParameterPatternMismatchException(
                f"Parameter value, cannot be validated against allowedPattern: {pattern}")


@service.operation("PutParameter")
def put_parameter(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = check_name(req["Name"])
    param = store(ctx).get(name)
    previous = param["versions"][-1] if param else None
    if param is not None and not req.get("Overwrite"):
        raise ParameterAlreadyExists()
    if param is not None and req.get("Tags"):
        raise ValidationException(
            "Tags and Overwrite can't be used together. To create a parameter with tags,"
            " please remove overwrite flag. To update tags for an existing parameter, please"
            " use AddTagsToResource or RemoveTagsFromResource.")
    kind = req.get("Type") or (previous["Type"] if previous else None)
    if kind is None:
        raise ValidationException("A parameter type is required when you create a parameter.")
    data_type = req.get("DataType") or (previous["DataType"] if previous else "text")
    if data_type not in _DATA_TYPES:
        raise ValidationException(f"The following data type is not supported: {data_type}"
                                  " (Data type names are all lowercase.)")
    if req.get("KeyId") and kind != "SecureString":
        raise ValidationException("KeyId is required for SecureString type parameter only.")
    _check_value(req["Value"], req.get("AllowedPattern"))
    tier = _tier(req, previous)
    if param is None:
        param = {"Name": name, "Tags": checked_tags({}, req.get("Tags") or []), "next": 1,
                 "versions": []}
    versions: list[dict[str, Any]] = param["versions"]
    if len(versions) >= MAX_VERSIONS:
        if versions[0].get("Labels"):
            raise ParameterMaxVersionLimitExceeded(
                f"You attempted to create a new version of {name} by calling the"
                " PutParameter API with the overwrite flag. Version"
                f" {versions[0]['Version']}, the oldest version, can't be deleted because it"
                " has a label associated with it. Move the label to another version of the"
                " parameter, and try again.")
        versions.pop(0)
    version = {
        "Version": param["next"], "Type": kind, "Value": req["Value"],
        "Description": req.get("Description", previous.get("Description") if previous else None),
        "AllowedPattern": req.get("AllowedPattern"),
        "KeyId": (req.get("KeyId") or DEFAULT_KEY) if kind == "SecureString" else None,
        "Tier": tier, "DataType": data_type, "Policies": _policies(req.get("Policies")),
        "LastModifiedDate": ctx.state.clock.now(), "LastModifiedUser": ctx.caller.arn,
        "Labels": [],
    }
    versions.append(version)
    param["next"] += 1
    store(ctx).put(name, param)
    return {"Version": version["Version"], "Tier": tier}


def _policies(text: str | None) -> list[dict[str, str]] | None:
    """Parameter policies as DescribeParameters answers them (stored, not run)."""
    if not text:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        raise ValidationException("Invalid policies input: " + text) from None
    items = parsed if isinstance(parsed, list) else [parsed]
    return [{"PolicyText": json.dumps(p), "PolicyType": str(p.get("Type", "")),
             "PolicyStatus": "Pending"} for p in items if isinstance(p, dict)]


@service.operation("DeleteParameter")
def delete_parameter(ctx: RequestContext, req: dict[str, Any]) -> NoOutput:
    load(ctx, req["Name"])
    store(ctx).delete(req["Name"])
    return {}


@service.operation("DeleteParameters")
def delete_parameters(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    deleted: list[str] = []
    invalid: list[str] = []
    for name in dict.fromkeys(req["Names"]):
        (deleted if store(ctx).delete(name) else invalid).append(name)
    return {"DeletedParameters": deleted, "InvalidParameters": invalid}
