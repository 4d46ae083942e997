"""What ValidateTemplate and GetTemplateSummary answer about a template, and the
capabilities a stack operation must acknowledge.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/control-access-with-iam.html#using-iam-capabilities
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.cloudformation.template.parameters import declared, scalar
from cloudlet.cloudformation.template.parse import check_structure, transforms

# IAM resource types, and the property that gives each a custom name.
IAM_TYPES: dict[str, str | None] = {
    "AWS::IAM::AccessKey": None,
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::Policy": None,
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::UserToGroupAddition": None,
}


def _resources(template: dict[str, Any]) -> dict[str, Any]:
    """The declared resources, those inside ForEach loops' fragments included (as their
    templates declare them, not expanded)."""
    found: dict[str, Any] = {}

    def walk(section: Any) -> None:
        for key, value in section.items():
            if (str(key).startswith("Fn::ForEach::") and isinstance(value, list)
                    and len(value) == 3 and isinstance(value[2], dict)):
                walk(value[2])
            elif isinstance(value, dict) and isinstance(value.get("Type"), str):
                found[str(key)] = value

    walk(template.get("Resources") or {})
    return found


def required_capabilities(template: dict[str, Any]) -> list[str]:
    """CAPABILITY_IAM for IAM resources, CAPABILITY_NAMED_IAM when one has a custom name,
    CAPABILITY_AUTO_EXPAND when the template declares a transform or a macro."""
    return _capabilities(template)[0]


def _capabilities(template: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The capabilities and the resource types that need them."""
    capabilities: list[str] = []
    types: list[str] = []
    named = False
    for resource in _resources(template).values():
        type_name = resource["Type"]
        if type_name in IAM_TYPES:
            types.append(type_name)
            name_property = IAM_TYPES[type_name]
            props = resource.get("Properties") or {}
            if name_property and isinstance(props, dict) and name_property in props:
                named = True
    if types:
        capabilities.append("CAPABILITY_NAMED_IAM" if named else "CAPABILITY_IAM")
    if transforms(template):
        capabilities.append("CAPABILITY_AUTO_EXPAND")
    return capabilities, list(dict.fromkeys(types))


def summarize(template: dict[str, Any], *, kind: str = "summary") -> dict[str, Any]:
    """GetTemplateSummary's members (``kind="validate"``: ValidateTemplate's, whose
    Parameters carry no type or constraints)."""
    check_structure(template)
    parameters: list[dict[str, Any]] = []
    for key, decl in declared(template).items():
        entry: dict[str, Any] = {"ParameterKey": key}
        if "Default" in decl:
            entry["DefaultValue"] = scalar(decl["Default"])
        entry["NoEcho"] = str(decl.get("NoEcho", False)).lower() == "true"
        if "Description" in decl:
            entry["Description"] = str(decl["Description"])
        if kind == "summary":
            entry["ParameterType"] = str(decl["Type"])
            allowed = decl.get("AllowedValues")
            entry["ParameterConstraints"] = (
                {"AllowedValues": [scalar(v) for v in allowed]} if allowed else {})
        parameters.append(entry)
    capabilities, types = _capabilities(template)
    out: dict[str, Any] = {"Parameters": parameters}
    if "Description" in template:
        out["Description"] = str(template["Description"])
    if capabilities:
        out["Capabilities"] = capabilities
        reasons = types or ["Transform"]
        out["CapabilitiesReason"] = ("The following resource(s) require capabilities: "
                                     f"[{', '.join(reasons)}]")
    out["DeclaredTransforms"] = transforms(template)
    if kind == "summary":
        out["ResourceTypes"] = list(dict.fromkeys(
            r["Type"] for r in _resources(template).values()))
        if "AWSTemplateFormatVersion" in template:
            out["Version"] = scalar(template["AWSTemplateFormatVersion"])
        if "Metadata" in template:
            out["Metadata"] = json.dumps(template["Metadata"])
        out["ResourceIdentifierSummaries"] = []
    return out
