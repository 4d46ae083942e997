"""AWS managed policies (``arn:aws:iam::aws:policy/...``): which exist, and the real
documents of the ones serverless apps attach.

The names and ARNs are the list aws-sam-translator ships
(``samtranslator/internal/data/aws_managed_policies.json``, ~1,200 policies, refreshed with
each release), so GetPolicy answers any of them and attaching an unknown one fails as on
AWS.

The documents are data, one JSON file per policy in ``aws_managed_policies/``
(``{"Arn", "VersionId", "CreateDate", "Document"}``), read when first asked for. They are AWS's
default versions as ``iam:GetPolicyVersion`` answered them on 2026-03-07, recorded by the
MAMIP project (github.com/zoph-io/MAMIP, commit 0387244, ``policies/NAME``); AWS publishes
the same texts at https://docs.aws.amazon.com/aws-managed-policy/latest/reference/NAME.html.
They cover the Lambda execution roles, the services' FullAccess/ReadOnlyAccess policies
cloudlet serves, the managed policies SAM attaches (CodeDeploy for Lambda, X-Ray, AppSync
logs, MSK, durable functions, Lambda managed instances), AdministratorAccess and
ReadOnlyAccess. GetPolicyVersion of any other AWS managed policy answers "not supported",
and policy evaluation skips it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

AWS_PREFIX = "arn:aws:iam::aws:policy"
_DATA = "aws_managed_policies"


@cache
def _by_arn() -> dict[str, str]:
    # Imported here: the module reads the whole list (1 MB of JSON) when imported.
    from samtranslator.internal.managed_policies import get_bundled_managed_policy_map

    names = get_bundled_managed_policy_map("aws") or {}
    found = {arn: name for name, arn in names.items()}
    for name in _known():  # policies newer than samtranslator's list
        version = _version(name)
        if version is not None:
            found.setdefault(str(version["Arn"]), name)
    return found


@cache
def _known() -> frozenset[str]:
    """The names of the policies whose documents are shipped."""
    folder = resources.files(__package__).joinpath(_DATA)
    return frozenset(p.name.removesuffix(".json") for p in folder.iterdir()
                     if p.name.endswith(".json"))


@cache
def _version(name: str) -> dict[str, Any] | None:
    if name not in _known():
        return None
    text = resources.files(__package__).joinpath(_DATA, f"{name}.json").read_text()
    found: dict[str, Any] = json.loads(text)
    return found


def all_arns() -> list[str]:
    """Every AWS managed policy ARN, by name."""
    return sorted(_by_arn(), key=lambda a: _by_arn()[a])


def is_aws_managed(arn: str) -> bool:
    return arn.startswith(AWS_PREFIX + "/")


def describe(arn: str) -> dict[str, Any] | None:
    """The Policy shape of an AWS managed policy, None if AWS has no such policy."""
    name = _by_arn().get(arn)
    if name is None:
        return None
    path = arn[len(AWS_PREFIX):].rsplit("/", 1)[0] + "/"
    version = _version(name)
    return {"PolicyName": name, "PolicyId": "ANPA" + name.upper().encode().hex()[:17].upper(),
            "Arn": arn, "Path": path,
            "DefaultVersionId": version["VersionId"] if version else "v1",
            "IsAttachable": True, "PermissionsBoundaryUsageCount": 0}


def document(arn: str) -> tuple[str, str] | None:
    """(version id, document text) of an AWS managed policy cloudlet knows the text of."""
    name = _by_arn().get(arn)
    version = None if name is None else _version(name)
    if version is None:
        return None
    return str(version["VersionId"]), json.dumps(version["Document"])


def version_date(arn: str) -> str | None:
    """When AWS made the default version (ISO 8601), for the known documents."""
    name = _by_arn().get(arn)
    version = None if name is None else _version(name)
    return None if version is None else str(version["CreateDate"])
