"""What the SSM operations share: finding a parameter or version as a reference selects
it, and the three output shapes of a version (Parameter, ParameterMetadata,
ParameterHistory).

SecureString values are stored as given; without ``WithDecryption`` they are answered as a
stand-in ciphertext (base64 of a marker, the key id and the value), which, like AWS's,
is useless as the plain value.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from cloudlet.services.ssm.errors import ParameterNotFound, ParameterVersionNotFound
from cloudlet.services.ssm.names import arn, split_selector
from cloudlet.services.ssm.registry import store

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

DEFAULT_KEY = "alias/aws/ssm"
_META = ("Type", "KeyId", "LastModifiedUser", "Description", "AllowedPattern", "Version",
         "Tier", "Policies", "DataType")


def load(ctx: RequestContext, name: str, *, message: str | None = None) -> dict[str, Any]:
    found = store(ctx).get(name)
    if found is None:
        raise ParameterNotFound(f"Parameter {name} not found." if message is None else message)
    return found


def select(param: dict[str, Any], selector: str | None) -> dict[str, Any]:
    """The version ``selector`` names (a number or a label), the latest without one."""
    versions: list[dict[str, Any]] = param["versions"]
    if selector is None:
        return versions[-1]
    if selector.isdigit():
        for version in versions:
            if version["Version"] == int(selector):
                return version
        raise ParameterVersionNotFound(
            f"Systems Manager could not find version {selector} of {param['Name']}. Verify"
            " the version and try again.")
    for version in versions:
        if selector in version.get("Labels", []):
            return version
    raise ParameterVersionNotFound(
        f"Systems Manager could not find label {selector} of {param['Name']}. Verify the"
        " label and try again.")


def resolve(ctx: RequestContext, reference: str) -> tuple[dict[str, Any], dict[str, Any],
                                                          str | None]:
    """(parameter, version, selector) for ``name`` or ``name:selector``."""
    name, selector = split_selector(reference)
    param = load(ctx, name, message="")
    return param, select(param, selector), selector


def value_of(version: dict[str, Any], decrypt: bool) -> str:
    if version["Type"] != "SecureString" or decrypt:
        return str(version["Value"])
    sealed = f"cloudlet-kms:{version.get('KeyId') or DEFAULT_KEY}:{version['Value']}"
    return base64.b64encode(sealed.encode()).decode()


def _when(version: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(version["LastModifiedDate"], UTC)


def parameter(ctx: RequestContext, param: dict[str, Any], version: dict[str, Any], *,
              decrypt: bool = False, selector: str | None = None) -> dict[str, Any]:
    out = {"Name": param["Name"], "Type": version["Type"], "Value": value_of(version, decrypt),
           "Version": version["Version"], "LastModifiedDate": _when(version),
           "ARN": arn(ctx.region, ctx.account, param["Name"]), "DataType": version["DataType"]}
    if selector is not None:
        out["Selector"] = f":{selector}"
    return out


def metadata(ctx: RequestContext, param: dict[str, Any], version: dict[str, Any]
             ) -> dict[str, Any]:
    out = {k: version[k] for k in _META if version.get(k) is not None}
    return {"Name": param["Name"], "ARN": arn(ctx.region, ctx.account, param["Name"]),
            "LastModifiedDate": _when(version), **out}


def history(param: dict[str, Any], version: dict[str, Any], decrypt: bool) -> dict[str, Any]:
    out = {k: version[k] for k in _META if version.get(k) is not None}
    return {"Name": param["Name"], "LastModifiedDate": _when(version),
            "Value": value_of(version, decrypt), "Labels": list(version.get("Labels", [])),
            **out}
