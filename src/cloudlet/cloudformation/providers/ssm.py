"""AWS::SSM::Parameter: a Parameter Store parameter.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ssm-parameter.html
- ``Ref`` is the parameter's name; ``Fn::GetAtt`` gives ``Type`` and ``Value``. A
  generated name is ``CFN-{logical id}-{12 random}``, as CloudFormation makes one.
- Type is ``String`` or ``StringList``: CloudFormation does not create SecureString
  parameters, and refuses the template's value as its schema does.
- Value, Type, Description, AllowedPattern, Tier, Policies and DataType update in place
  (a new version); ``Tags`` is a map and updates in place; a new Name replaces.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    given,
    ignore_missing,
    provider,
    unless_missing,
)
from cloudlet.cloudformation.providers.tagging import tag_changes, tag_map_to_list

_ALPHABET = string.ascii_letters + string.digits
_TYPES = ("String", "StringList")
_PASSED = ("Description", "AllowedPattern", "Tier", "Policies", "DataType")


def parameter_arn(region: str, account: str, name: str) -> str:
    """A parameter's ARN: ``.../parameter/name``, or ``.../parameter/a/b`` for ``/a/b``."""
    return f"arn:aws:ssm:{region}:{account}:parameter/{name.removeprefix('/')}"


def _tags(props: dict[str, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in (props.get("Tags") or {}).items()}


@provider
class Parameter(Provider):
    """A parameter (PutParameter, AddTagsToResource, DeleteParameter)."""

    type_name = "AWS::SSM::Parameter"
    properties = frozenset({"Name", "Type", "Value", "Description", "AllowedPattern", "Tier",
                            "Policies", "DataType", "Tags"})

    async def _put(self, ctx: ResourceContext, name: str, *, overwrite: bool) -> Outcome:
        props = ctx.properties
        if props["Type"] not in _TYPES:
            raise ProviderError(f"Properties validation failed for resource {ctx.logical_id}"
                                " with message: #/Type: failed validation constraint for"
                                f" keyword [enum] (SecureString is not supported by"
                                f" CloudFormation; allowed: {', '.join(_TYPES)})")
        params: dict[str, Any] = {"Name": name, "Type": props["Type"],
                                  "Value": str(props["Value"]), "Overwrite": overwrite}
        params.update(given(props, _PASSED))
        if not overwrite and _tags(props):
            params["Tags"] = tag_map_to_list(_tags(props))
        await ctx.call("ssm", "PutParameter", params)
        return Outcome(name, {"Type": props["Type"], "Value": str(props["Value"]),
                              "Arn": parameter_arn(ctx.region, ctx.account, name)})

    async def create(self, ctx: ResourceContext) -> Outcome:
        name = ctx.properties.get("Name") or \
            f"CFN-{ctx.logical_id}-{''.join(secrets.choice(_ALPHABET) for _ in range(12))}"
        return await self._put(ctx, name, overwrite=False)

    async def update(self, ctx: ResourceContext) -> Outcome:
        name, old = str(ctx.physical_id), ctx.previous or {}
        outcome = await self._put(ctx, name, overwrite=True)
        to_set, to_remove = tag_changes(_tags(old), _tags(ctx.properties))
        target = {"ResourceType": "Parameter", "ResourceId": name}
        if to_remove:
            await ctx.call("ssm", "RemoveTagsFromResource", {**target, "TagKeys": to_remove})
        if to_set:
            await ctx.call("ssm", "AddTagsToResource", {**target, "Tags": tag_map_to_list(to_set)})
        return outcome

    readable = frozenset({"Name", "Type", "Value", "DataType", "Description",
                          "AllowedPattern", "Tier"})

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """GetParameter, and DescribeParameters for the metadata."""
        got = await unless_missing(lambda: ctx.call("ssm", "GetParameter", {"Name": physical_id}),
                                   "ParameterNotFound")
        if got is None:
            return None
        found = got["Parameter"]
        listed = await ctx.call("ssm", "DescribeParameters", {"ParameterFilters": [
            {"Key": "Name", "Option": "Equals", "Values": [physical_id]}]})
        meta = (listed.get("Parameters") or [{}])[0]
        out = {"Name": found["Name"], "Type": found["Type"], "Value": found["Value"],
               "DataType": found.get("DataType", "text"), "Tier": meta.get("Tier", "Standard")}
        out.update({k: meta[k] for k in ("Description", "AllowedPattern") if meta.get(k)})
        return out

    async def delete(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("ssm", "DeleteParameter",
                                              {"Name": ctx.physical_id}), "ParameterNotFound")
