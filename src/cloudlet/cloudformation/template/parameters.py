"""Template parameters: their types, the values given for them, and the constraints.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html

- ``String``, ``Number`` and AWS-specific types (``AWS::EC2::VPC::Id``...) resolve to a
  string (a Number's ``Ref`` is its string, as on AWS); ``List<Number>``,
  ``CommaDelimitedList`` and ``List<AWS::...>`` to a list of strings.
- ``AWS::SSM::Parameter::Value<T>`` reads the named Parameter Store parameter; a missing
  one fails as "Unable to fetch parameters [name] from parameter store for this account.".
- Constraints apply to each item of a list; a ``ConstraintDescription`` replaces the
  constraint's own wording ("Parameter 'X' failed to satisfy constraint: ...").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.model import SsmLookup

_SSM_PREFIX = "AWS::SSM::Parameter::Value<"
_AWS_TYPES = frozenset({
    "AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id",
    "AWS::EC2::KeyPair::KeyName", "AWS::EC2::SecurityGroup::GroupName",
    "AWS::EC2::SecurityGroup::Id", "AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id",
    "AWS::EC2::VPC::Id", "AWS::Route53::HostedZone::Id", "AWS::SSM::Parameter::Name",
})
_ATTRIBUTES = frozenset({"Type", "Default", "AllowedValues", "AllowedPattern", "MinLength",
                         "MaxLength", "MinValue", "MaxValue", "NoEcho", "Description",
                         "ConstraintDescription"})


@dataclass
class ParameterType:
    """A parameter's declared type, taken apart."""

    name: str
    is_list: bool = False
    is_number: bool = False
    ssm: bool = False

    @classmethod
    def of(cls, type_name: Any, key: str) -> ParameterType:
        if not isinstance(type_name, str):
            raise TemplateError(f"Template format error: Every Parameters object must "
                                f"contain a Type member. Parameter {key} does not.")
        inner, ssm = type_name, False
        if type_name.startswith(_SSM_PREFIX) and type_name.endswith(">"):
            inner, ssm = type_name[len(_SSM_PREFIX):-1], True
        if inner in ("String", "Number", "CommaDelimitedList") or inner in _AWS_TYPES:
            return cls(type_name, inner == "CommaDelimitedList", inner == "Number", ssm)
        if inner.startswith("List<") and inner.endswith(">"):
            element = inner[5:-1]
            if element in ("Number", "String") or element in _AWS_TYPES:
                return cls(type_name, True, element == "Number", ssm)
        raise TemplateError(f"Template format error: Unrecognized parameter type: {type_name}")


@dataclass
class Resolved:
    """The parameters of one stack operation, resolved and checked."""

    values: dict[str, Any] = field(default_factory=dict)
    described: list[dict[str, Any]] = field(default_factory=list)


def declared(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Parameters section, each declaration checked for a known type and attributes."""
    section = template.get("Parameters") or {}
    for key, decl in section.items():
        if not isinstance(decl, dict):
            raise TemplateError(f"Template format error: Every Parameters object must "
                                f"contain a Type member. Parameter {key} does not.")
        ParameterType.of(decl.get("Type"), key)
        unknown = [a for a in decl if a not in _ATTRIBUTES]
        if unknown:
            raise TemplateError(f"Invalid template parameter property '{unknown[0]}'")
    return dict(section)


async def resolve_parameters(template: dict[str, Any], given: dict[str, str], *,
                             ssm: SsmLookup | None = None,
                             previous: dict[str, str] | None = None,
                             use_previous: Collection[str] = ()) -> Resolved:
    """Each declared parameter's value: given, previous (``UsePreviousValue``) or Default."""
    decls = declared(template)
    unknown = [key for key in given if key not in decls]
    unknown += [key for key in use_previous if key not in decls and key not in unknown]
    if unknown:
        raise TemplateError(f"Parameters: [{', '.join(unknown)}] do not exist in the template")
    raw: dict[str, str] = {}
    missing: list[str] = []
    for key, decl in decls.items():
        if key in use_previous and previous is not None and key in previous:
            raw[key] = previous[key]
        elif key in given:
            raw[key] = given[key]
        elif "Default" in decl:
            raw[key] = scalar(decl["Default"])
        else:
            missing.append(key)
    if missing:
        raise TemplateError(f"Parameters: [{', '.join(missing)}] must have values")
    resolved = Resolved()
    ssm_names = {key: raw[key] for key, decl in decls.items()
                 if ParameterType.of(decl["Type"], key).ssm}
    ssm_values = await _fetch_ssm(list(ssm_names.values()), ssm) if ssm_names else {}
    for key, decl in decls.items():
        kind = ParameterType.of(decl["Type"], key)
        text = ssm_values[raw[key]] if kind.ssm else raw[key]
        value: Any = _split(text) if kind.is_list else text
        for item in value if kind.is_list else [value]:
            check_constraints(key, decl, item, kind)
        resolved.values[key] = value
        described: dict[str, Any] = {"ParameterKey": key, "ParameterValue": raw[key]}
        if _truthy(decl.get("NoEcho")):
            described["ParameterValue"] = "****"
        elif kind.ssm:
            described["ResolvedValue"] = text
        resolved.described.append(described)
    return resolved


async def _fetch_ssm(names: list[str], ssm: SsmLookup | None) -> dict[str, str]:
    found = await ssm(sorted(set(names))) if ssm is not None else {}
    absent = [name for name in dict.fromkeys(names) if name not in found]
    if absent:
        raise TemplateError(f"Unable to fetch parameters [{','.join(absent)}] from parameter "
                            "store for this account.")
    return found


def check_constraints(key: str, decl: dict[str, Any], value: str, kind: ParameterType) -> None:
    """AllowedValues, AllowedPattern, Min/MaxLength and Min/MaxValue, in AWS's words."""
    problem = _violation(key, decl, value, kind)
    if problem is None:
        return
    description = decl.get("ConstraintDescription")
    if description and problem != "number":
        raise TemplateError(f"Parameter '{key}' failed to satisfy constraint: {description}")
    if problem == "number":
        problem = "must be a number"
    raise TemplateError(f"Parameter '{key}' {problem}")


def _violation(key: str, decl: dict[str, Any], value: str, kind: ParameterType) -> str | None:
    if kind.is_number:
        number = _number(value)
        if number is None:
            return "number"
        if "MinValue" in decl and number < _bound(decl["MinValue"], key, "MinValue"):
            return f"must be a number not less than {scalar(decl['MinValue'])}"
        if "MaxValue" in decl and number > _bound(decl["MaxValue"], key, "MaxValue"):
            return f"must be a number not greater than {scalar(decl['MaxValue'])}"
    allowed = decl.get("AllowedValues")
    if allowed is not None and value not in [scalar(v) for v in allowed]:
        return "must be one of AllowedValues"
    pattern = decl.get("AllowedPattern")
    if pattern is not None and not kind.is_number and re.fullmatch(str(pattern), value) is None:
        return f"must match pattern {pattern}"
    if "MinLength" in decl and len(value) < int(_bound(decl["MinLength"], key, "MinLength")):
        return f"must contain at least {scalar(decl['MinLength'])} characters"
    if "MaxLength" in decl and len(value) > int(_bound(decl["MaxLength"], key, "MaxLength")):
        return f"must contain at most {scalar(decl['MaxLength'])} characters"
    return None


def _bound(value: Any, key: str, attribute: str) -> Decimal:
    number = _number(scalar(value))
    if number is None:
        raise TemplateError(f"Template format error: Parameter '{key}' {attribute} must be "
                            "a number")
    return number


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and text.strip() else None


def _split(text: str) -> list[str]:
    return [] if text == "" else [item.strip() for item in text.split(",")]


def scalar(value: Any) -> str:
    """A template scalar as CloudFormation reads it: a string (true -> "true")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(scalar(v) for v in value)
    return str(value)


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"
