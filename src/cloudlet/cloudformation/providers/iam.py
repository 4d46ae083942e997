"""IAM resources: Role, User, Group, UserToGroupAddition, AccessKey, Policy, RolePolicy,
ManagedPolicy and InstanceProfile.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
- ``Ref`` of a Role, User or InstanceProfile is its name; ``Fn::GetAtt`` gives ``Arn``
  (and ``RoleId``). A generated role name is ``{stack}-{logical id}-{suffix}``, 64
  characters at most. Policy documents may be objects or JSON text.
- ``Policies`` (inline) and ``ManagedPolicyArns`` are reconciled in place on update; so
  are the trust policy, Description, MaxSessionDuration, PermissionsBoundary and Tags.
  Deleting a role first removes every inline and attached policy it has, as
  CloudFormation does.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-policy.html
- AWS::IAM::Policy is an inline policy put on each of its Roles and Users; AWS::IAM::
  RolePolicy one inline policy of one role; AWS::IAM::ManagedPolicy a managed policy
  (``Ref`` = its ARN) whose new document becomes a new default version.

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-group.html
- ``Ref`` of a Group is its name, ``Fn::GetAtt`` ``Arn``; a User's ``Groups`` and an
  AWS::IAM::UserToGroupAddition's ``Users`` are memberships, reconciled on update and
  removed on delete (a user leaves its groups before it is deleted).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-accesskey.html
- ``Ref`` of an AccessKey is the key id, ``Fn::GetAtt`` ``SecretAccessKey`` its secret;
  a ``Status`` change updates the key, a ``Serial`` or ``UserName`` change replaces it.

LIMITATIONS: a User's LoginProfile is refused as not supported.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    ignore_missing,
    provider,
)
from cloudlet.cloudformation.providers.tagging import resource_tags, tag_changes, tag_map_to_list


def document(value: Any) -> str:
    """A template's policy document (an object, or JSON text) as IAM takes it."""
    return value if isinstance(value, str) else json.dumps(value)


async def _gone_ok(ctx: ResourceContext, operation: str, params: dict[str, Any]) -> None:
    """An IAM call that removes something, where "already gone" counts as done."""
    await ignore_missing(lambda: ctx.call("iam", operation, params))


def _refuse_login_profile(ctx: ResourceContext) -> None:
    if ctx.properties.get("LoginProfile"):
        raise ProviderError(f"not supported: LoginProfile on {ctx.type_name}"
                            " (cloudlet's IAM has no login profiles)")


async def _memberships(ctx: ResourceContext, pairs: set[tuple[str, str]],
                       old: set[tuple[str, str]]) -> None:
    """Add the (group, user) memberships in ``pairs`` and not ``old``, remove the others."""
    for group, user in sorted(pairs - old):
        await ctx.call("iam", "AddUserToGroup", {"GroupName": group, "UserName": user})
    for group, user in sorted(old - pairs):
        await _gone_ok(ctx, "RemoveUserFromGroup", {"GroupName": group, "UserName": user})


class _Principal(Provider):
    """What roles and users share: inline Policies, ManagedPolicyArns and Tags."""

    kind = ""  # "Role" or "User": the IAM operation names' noun

    def _name(self, ctx: ResourceContext) -> dict[str, str]:
        return {f"{self.kind}Name": str(ctx.physical_id)}

    async def _policies(self, ctx: ResourceContext, old: dict[str, Any]) -> None:
        name = self._name(ctx)
        new_inline = {p["PolicyName"]: document(p["PolicyDocument"])
                      for p in ctx.properties.get("Policies") or []}
        old_inline = {p["PolicyName"]: document(p["PolicyDocument"])
                      for p in old.get("Policies") or []}
        for policy, text in new_inline.items():
            if old_inline.get(policy) != text:
                await ctx.call("iam", f"Put{self.kind}Policy",
                               {**name, "PolicyName": policy, "PolicyDocument": text})
        for policy in old_inline.keys() - new_inline.keys():
            await _gone_ok(ctx, f"Delete{self.kind}Policy", {**name, "PolicyName": policy})
        new_arns = list(dict.fromkeys(ctx.properties.get("ManagedPolicyArns") or []))
        old_arns = set(old.get("ManagedPolicyArns") or [])
        for arn in new_arns:
            if arn not in old_arns:
                await ctx.call("iam", f"Attach{self.kind}Policy", {**name, "PolicyArn": arn})
        for arn in old_arns - set(new_arns):
            await _gone_ok(ctx, f"Detach{self.kind}Policy", {**name, "PolicyArn": arn})

    async def _tags(self, ctx: ResourceContext, old: dict[str, Any]) -> None:
        to_set, to_remove = tag_changes(resource_tags(ctx, old.get("Tags"), system=False),
                                        resource_tags(ctx, ctx.properties.get("Tags"),
                                                      system=False))
        if to_remove:
            await ctx.call("iam", f"Untag{self.kind}", {**self._name(ctx), "TagKeys": to_remove})
        if to_set:
            await ctx.call("iam", f"Tag{self.kind}",
                           {**self._name(ctx), "Tags": tag_map_to_list(to_set)})

    async def _boundary(self, ctx: ResourceContext, old: dict[str, Any]) -> None:
        new, was = ctx.properties.get("PermissionsBoundary"), old.get("PermissionsBoundary")
        if new and new != was:
            await ctx.call("iam", f"Put{self.kind}PermissionsBoundary",
                           {**self._name(ctx), "PermissionsBoundary": new})
        elif was and not new:
            await ctx.call("iam", f"Delete{self.kind}PermissionsBoundary", self._name(ctx))

    async def _strip(self, ctx: ResourceContext) -> None:
        """Remove every inline and attached policy the entity has now."""
        name = self._name(ctx)
        inline = await ctx.call("iam", f"List{self.kind}Policies", name)
        for policy in inline["PolicyNames"]:
            await ctx.call("iam", f"Delete{self.kind}Policy", {**name, "PolicyName": policy})
        attached = await ctx.call("iam", f"ListAttached{self.kind}Policies", name)
        for policy in attached["AttachedPolicies"]:
            await ctx.call("iam", f"Detach{self.kind}Policy",
                           {**name, "PolicyArn": policy["PolicyArn"]})

    async def delete(self, ctx: ResourceContext) -> None:
        async def remove() -> None:
            await self._strip(ctx)
            await ctx.call("iam", f"Delete{self.kind}", self._name(ctx))

        await ignore_missing(remove)


@provider
class Role(_Principal):
    """An IAM role (CreateRole, PutRolePolicy, AttachRolePolicy, ...)."""

    type_name = "AWS::IAM::Role"
    kind = "Role"
    properties = frozenset({"AssumeRolePolicyDocument", "Description", "ManagedPolicyArns",
                            "MaxSessionDuration", "Path", "PermissionsBoundary", "Policies",
                            "RoleName", "Tags"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("RoleName") or ctx.physical_name(64)
        params: dict[str, Any] = {
            "RoleName": name, "Path": props.get("Path") or "/",
            "AssumeRolePolicyDocument": document(props["AssumeRolePolicyDocument"]),
            "Tags": tag_map_to_list(resource_tags(ctx, props.get("Tags"), system=False))}
        for optional in ("Description", "MaxSessionDuration", "PermissionsBoundary"):
            if props.get(optional) is not None:
                params[optional] = props[optional]
        role = (await ctx.call("iam", "CreateRole", params))["Role"]
        ctx.physical_id = name
        await self._policies(ctx, {})
        return Outcome(name, {"Arn": role["Arn"], "RoleId": role["RoleId"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        props, old = ctx.properties, ctx.previous or {}
        name = self._name(ctx)
        if props.get("AssumeRolePolicyDocument") != old.get("AssumeRolePolicyDocument"):
            await ctx.call("iam", "UpdateAssumeRolePolicy", {
                **name, "PolicyDocument": document(props["AssumeRolePolicyDocument"])})
        await ctx.call("iam", "UpdateRole", {
            **name, "Description": props.get("Description") or "",
            "MaxSessionDuration": props.get("MaxSessionDuration") or 3600})
        await self._boundary(ctx, old)
        await self._policies(ctx, old)
        await self._tags(ctx, old)
        role = (await ctx.call("iam", "GetRole", name))["Role"]
        return Outcome(str(ctx.physical_id), {"Arn": role["Arn"], "RoleId": role["RoleId"]})


@provider
class User(_Principal):
    """An IAM user (CreateUser, PutUserPolicy, AttachUserPolicy, ...)."""

    type_name = "AWS::IAM::User"
    kind = "User"
    properties = frozenset({"Groups", "LoginProfile", "ManagedPolicyArns", "Path",
                            "PermissionsBoundary", "Policies", "Tags", "UserName"})
    replaces = frozenset({"Path", "PermissionsBoundary"})

    def _groups(self, ctx: ResourceContext, props: dict[str, Any]) -> set[tuple[str, str]]:
        return {(g, str(ctx.physical_id)) for g in props.get("Groups") or []}

    async def create(self, ctx: ResourceContext) -> Outcome:
        _refuse_login_profile(ctx)
        props = ctx.properties
        name = props.get("UserName") or ctx.physical_name(64)
        params: dict[str, Any] = {
            "UserName": name, "Path": props.get("Path") or "/",
            "Tags": tag_map_to_list(resource_tags(ctx, props.get("Tags"), system=False))}
        user = (await ctx.call("iam", "CreateUser", params))["User"]
        ctx.physical_id = name
        await self._policies(ctx, {})
        await _memberships(ctx, self._groups(ctx, props), set())
        return Outcome(name, {"Arn": user["Arn"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        _refuse_login_profile(ctx)
        old = ctx.previous or {}
        await self._policies(ctx, old)
        await self._tags(ctx, old)
        await _memberships(ctx, self._groups(ctx, ctx.properties), self._groups(ctx, old))
        return Outcome(str(ctx.physical_id), dict(ctx.attributes))

    async def _strip(self, ctx: ResourceContext) -> None:
        await super()._strip(ctx)
        groups = await ctx.call("iam", "ListGroupsForUser", self._name(ctx))
        await _memberships(ctx, set(), {(g["GroupName"], str(ctx.physical_id))
                                        for g in groups["Groups"]})


@provider
class Group(_Principal):
    """An IAM group (CreateGroup, PutGroupPolicy, AttachGroupPolicy, ...)."""

    type_name = "AWS::IAM::Group"
    kind = "Group"
    properties = frozenset({"GroupName", "ManagedPolicyArns", "Path", "Policies"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("GroupName") or ctx.physical_name(128)
        group = (await ctx.call("iam", "CreateGroup",
                                {"GroupName": name, "Path": props.get("Path") or "/"}))["Group"]
        ctx.physical_id = name
        await self._policies(ctx, {})
        return Outcome(name, {"Arn": group["Arn"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        old = ctx.previous or {}
        path = ctx.properties.get("Path") or "/"
        if path != (old.get("Path") or "/"):
            await ctx.call("iam", "UpdateGroup", {**self._name(ctx), "NewPath": path})
        await self._policies(ctx, old)
        group = (await ctx.call("iam", "GetGroup", self._name(ctx)))["Group"]
        return Outcome(str(ctx.physical_id), {"Arn": group["Arn"]})


@provider
class UserToGroupAddition(Provider):
    """Users added to one group (AddUserToGroup); removed again on delete."""

    type_name = "AWS::IAM::UserToGroupAddition"
    properties = frozenset({"GroupName", "Users"})

    @staticmethod
    def _pairs(props: dict[str, Any]) -> set[tuple[str, str]]:
        return {(props["GroupName"], u) for u in props.get("Users") or []} if props else set()

    async def create(self, ctx: ResourceContext) -> Outcome:
        await _memberships(ctx, self._pairs(ctx.properties), set())
        return Outcome(ctx.physical_name(128))

    async def update(self, ctx: ResourceContext) -> Outcome:
        await _memberships(ctx, self._pairs(ctx.properties), self._pairs(ctx.previous or {}))
        return Outcome(str(ctx.physical_id))

    async def delete(self, ctx: ResourceContext) -> None:
        await _memberships(ctx, set(), self._pairs(ctx.properties))


@provider
class AccessKey(Provider):
    """An access key of a user (CreateAccessKey); ``Fn::GetAtt SecretAccessKey``."""

    type_name = "AWS::IAM::AccessKey"
    properties = frozenset({"UserName", "Serial", "Status"})
    replaces = frozenset({"UserName", "Serial"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        made = (await ctx.call("iam", "CreateAccessKey",
                               {"UserName": props["UserName"]}))["AccessKey"]
        if (props.get("Status") or "Active") != "Active":
            await ctx.call("iam", "UpdateAccessKey", {
                "UserName": props["UserName"], "AccessKeyId": made["AccessKeyId"],
                "Status": props["Status"]})
        return Outcome(made["AccessKeyId"], {"SecretAccessKey": made["SecretAccessKey"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        await ctx.call("iam", "UpdateAccessKey", {
            "UserName": props["UserName"], "AccessKeyId": str(ctx.physical_id),
            "Status": props.get("Status") or "Active"})
        return Outcome(str(ctx.physical_id), dict(ctx.attributes))

    async def delete(self, ctx: ResourceContext) -> None:
        await _gone_ok(ctx, "DeleteAccessKey", {"UserName": ctx.properties["UserName"],
                                                "AccessKeyId": str(ctx.physical_id)})


def _holders(props: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, name) of every role, user and group a policy resource names."""
    return {("Role", r) for r in props.get("Roles") or []} | \
        {("User", u) for u in props.get("Users") or []} | \
        {("Group", g) for g in props.get("Groups") or []}


@provider
class Policy(Provider):
    """An inline policy put on each of its roles, users and groups (PutRolePolicy, ...)."""

    type_name = "AWS::IAM::Policy"
    properties = frozenset({"PolicyName", "PolicyDocument", "Roles", "Users", "Groups"})

    async def _apply(self, ctx: ResourceContext, old: dict[str, Any]) -> None:
        props = ctx.properties
        text = document(props["PolicyDocument"])
        for kind, name in sorted(_holders(props)):
            await ctx.call("iam", f"Put{kind}Policy", {f"{kind}Name": name, "PolicyName":
                                                       props["PolicyName"], "PolicyDocument": text})
        stale = _holders(old) - _holders(props) if old.get("PolicyName") == props["PolicyName"] \
            else _holders(old)
        for kind, name in sorted(stale):
            await _gone_ok(ctx, f"Delete{kind}Policy",
                           {f"{kind}Name": name, "PolicyName": old["PolicyName"]})

    async def create(self, ctx: ResourceContext) -> Outcome:
        await self._apply(ctx, {})
        physical = ctx.physical_name(128)
        return Outcome(physical, {"Id": physical})

    async def update(self, ctx: ResourceContext) -> Outcome:
        await self._apply(ctx, ctx.previous or {})
        return Outcome(str(ctx.physical_id), {"Id": ctx.physical_id})

    async def delete(self, ctx: ResourceContext) -> None:
        for kind, name in sorted(_holders(ctx.properties)):
            await _gone_ok(ctx, f"Delete{kind}Policy",
                           {f"{kind}Name": name, "PolicyName": ctx.properties["PolicyName"]})


@provider
class RolePolicy(Provider):
    """One inline policy of one role (PutRolePolicy); replaced when its name or role change."""

    type_name = "AWS::IAM::RolePolicy"
    properties = frozenset({"PolicyName", "PolicyDocument", "RoleName"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        await ctx.call("iam", "PutRolePolicy", {
            "RoleName": props["RoleName"], "PolicyName": props["PolicyName"],
            "PolicyDocument": document(props.get("PolicyDocument") or {})})
        return Outcome(f"{props['PolicyName']}|{props['RoleName']}")

    async def update(self, ctx: ResourceContext) -> Outcome:
        return await self.create(ctx)

    async def delete(self, ctx: ResourceContext) -> None:
        props = ctx.properties
        await _gone_ok(ctx, "DeleteRolePolicy",
                       {"RoleName": props["RoleName"], "PolicyName": props["PolicyName"]})


@provider
class ManagedPolicy(Provider):
    """A customer managed policy (CreatePolicy, CreatePolicyVersion, AttachRolePolicy...)."""

    type_name = "AWS::IAM::ManagedPolicy"
    properties = frozenset({"ManagedPolicyName", "Description", "Path", "PolicyDocument",
                            "Roles", "Users", "Groups"})
    max_versions = 5

    async def _attach(self, ctx: ResourceContext, arn: str, new: set[tuple[str, str]],
                      old: set[tuple[str, str]]) -> None:
        for kind, name in sorted(new - old):
            await ctx.call("iam", f"Attach{kind}Policy", {f"{kind}Name": name, "PolicyArn": arn})
        for kind, name in sorted(old - new):
            await _gone_ok(ctx, f"Detach{kind}Policy", {f"{kind}Name": name, "PolicyArn": arn})

    async def _outcome(self, ctx: ResourceContext, arn: str) -> Outcome:
        policy = (await ctx.call("iam", "GetPolicy", {"PolicyArn": arn}))["Policy"]
        attributes = {k: policy.get(k) for k in (
            "AttachmentCount", "DefaultVersionId", "IsAttachable",
            "PermissionsBoundaryUsageCount", "PolicyId")}
        attributes.update(PolicyArn=arn, CreateDate=str(policy["CreateDate"]),
                          UpdateDate=str(policy["UpdateDate"]))
        return Outcome(arn, attributes)

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        params: dict[str, Any] = {
            "PolicyName": props.get("ManagedPolicyName") or ctx.physical_name(128),
            "Path": props.get("Path") or "/", "PolicyDocument": document(props["PolicyDocument"])}
        if props.get("Description"):
            params["Description"] = props["Description"]
        arn = (await ctx.call("iam", "CreatePolicy", params))["Policy"]["Arn"]
        await self._attach(ctx, arn, _holders(props), set())
        return await self._outcome(ctx, arn)

    async def update(self, ctx: ResourceContext) -> Outcome:
        arn, old = str(ctx.physical_id), ctx.previous or {}
        if ctx.properties["PolicyDocument"] != old.get("PolicyDocument"):
            versions = (await ctx.call("iam", "ListPolicyVersions", {"PolicyArn": arn}))["Versions"]
            if len(versions) >= self.max_versions:
                oldest = [v for v in versions if not v["IsDefaultVersion"]][-1]
                await ctx.call("iam", "DeletePolicyVersion",
                               {"PolicyArn": arn, "VersionId": oldest["VersionId"]})
            await ctx.call("iam", "CreatePolicyVersion", {
                "PolicyArn": arn, "SetAsDefault": True,
                "PolicyDocument": document(ctx.properties["PolicyDocument"])})
        await self._attach(ctx, arn, _holders(ctx.properties), _holders(old))
        return await self._outcome(ctx, arn)

    async def delete(self, ctx: ResourceContext) -> None:
        arn = str(ctx.physical_id)

        async def remove() -> None:
            await self._attach(ctx, arn, set(), _holders(ctx.properties))
            versions = (await ctx.call("iam", "ListPolicyVersions", {"PolicyArn": arn}))
            for version in versions["Versions"]:
                if not version["IsDefaultVersion"]:
                    await ctx.call("iam", "DeletePolicyVersion",
                                   {"PolicyArn": arn, "VersionId": version["VersionId"]})
            await ctx.call("iam", "DeletePolicy", {"PolicyArn": arn})

        await ignore_missing(remove)


@provider
class InstanceProfile(Provider):
    """An instance profile holding its role (CreateInstanceProfile, AddRoleToInstanceProfile)."""

    type_name = "AWS::IAM::InstanceProfile"
    properties = frozenset({"InstanceProfileName", "Path", "Roles"})

    async def _roles(self, ctx: ResourceContext, new: list[str], old: list[str]) -> None:
        name = {"InstanceProfileName": str(ctx.physical_id)}
        for role in old:
            if role not in new:
                await _gone_ok(ctx, "RemoveRoleFromInstanceProfile", {**name, "RoleName": role})
        for role in new:
            if role not in old:
                await ctx.call("iam", "AddRoleToInstanceProfile", {**name, "RoleName": role})

    async def create(self, ctx: ResourceContext) -> Outcome:
        props = ctx.properties
        name = props.get("InstanceProfileName") or ctx.physical_name(128)
        made = await ctx.call("iam", "CreateInstanceProfile",
                              {"InstanceProfileName": name, "Path": props.get("Path") or "/"})
        ctx.physical_id = name
        await self._roles(ctx, list(props["Roles"]), [])
        return Outcome(name, {"Arn": made["InstanceProfile"]["Arn"]})

    async def update(self, ctx: ResourceContext) -> Outcome:
        await self._roles(ctx, list(ctx.properties["Roles"]),
                          list((ctx.previous or {}).get("Roles") or []))
        return Outcome(str(ctx.physical_id), dict(ctx.attributes))

    async def delete(self, ctx: ResourceContext) -> None:
        async def remove() -> None:
            await self._roles(ctx, [], list(ctx.properties.get("Roles") or []))
            await ctx.call("iam", "DeleteInstanceProfile",
                           {"InstanceProfileName": ctx.physical_id})

        await ignore_missing(remove)
