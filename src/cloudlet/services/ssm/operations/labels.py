"""LabelParameterVersion and UnlabelParameterVersion.

https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-labels.html
- A label names one version of a parameter at a time: labelling another version moves it.
  A version has at most 10 labels (ParameterVersionLabelLimitExceeded). Without
  ParameterVersion, the latest version is labelled.
- Labels that break the naming rules are answered in ``InvalidLabels`` and not applied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cloudlet.services.ssm.errors import ParameterVersionLabelLimitExceeded
from cloudlet.services.ssm.names import label_is_valid
from cloudlet.services.ssm.registry import service, store
from cloudlet.services.ssm.views import load, select

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

MAX_LABELS = 10


def _version(param: dict[str, Any], number: int | None) -> dict[str, Any]:
    return select(param, None if number is None else str(number))


@service.operation("LabelParameterVersion")
def label_parameter_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    param = load(ctx, req["Name"])
    target = _version(param, req.get("ParameterVersion"))
    good = [label for label in req["Labels"] if label_is_valid(label)]
    invalid = [label for label in req["Labels"] if not label_is_valid(label)]
    labels = list(dict.fromkeys([*target["Labels"], *good]))
    if len(labels) > MAX_LABELS:
        raise ParameterVersionLabelLimitExceeded()
    for version in param["versions"]:
        version["Labels"] = [label for label in version["Labels"] if label not in good]
    target["Labels"] = labels
    store(ctx).put(param["Name"], param)
    return {"InvalidLabels": invalid, "ParameterVersion": target["Version"]}


@service.operation("UnlabelParameterVersion")
def unlabel_parameter_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    param = load(ctx, req["Name"])
    target = _version(param, req["ParameterVersion"])
    removed = [label for label in req["Labels"] if label in target["Labels"]]
    target["Labels"] = [label for label in target["Labels"] if label not in removed]
    store(ctx).put(param["Name"], param)
    return {"RemovedLabels": removed,
            "InvalidLabels": [label for label in req["Labels"] if label not in removed]}
