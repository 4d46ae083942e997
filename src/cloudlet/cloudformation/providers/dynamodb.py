"""DynamoDB resources: AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable (one region).

https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
- ``Ref`` is the table's name; ``Fn::GetAtt`` gives ``Arn`` and, with a stream,
  ``StreamArn``. A generated name is ``{stack}-{logical id}-{suffix}``.
- Replaced when TableName, KeySchema or the LocalSecondaryIndexes change.
- In place, each as its own UpdateTable (the table and its indexes ACTIVE in between, as
  CloudFormation waits): billing mode and throughput (with the GSIs' throughput), GSIs
  deleted, then added, one per call (a changed GSI is deleted and added again), the
  stream (disabled, then enabled with the new view type), deletion protection, table
  class; then TimeToLiveSpecification (UpdateTimeToLive), PointInTimeRecoverySpecification
  (UpdateContinuousBackups), ContributorInsightsSpecification of the table and of each
  GSI (UpdateContributorInsights) and Tags.
- SSESpecification, WarmThroughput and OnDemandThroughput go to CreateTable and are
  kept as data.
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
- A global table here is one table in the stack's region: ``Replicas`` must name this
  region only (another region fails, "not supported"); the replica's own settings
  (Tags, PITR, insights, deletion protection, table class, read throughput) apply to it.
  ``Fn::GetAtt`` gives Arn, StreamArn and TableId. Provisioned write capacity is the
  auto-scaling minimum (cloudlet does not auto-scale).

LIMITATIONS: KinesisStreamSpecification, ImportSourceSpecification, ResourcePolicy and
VectorIndexes are not supported properties.
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.providers.base import (
    Outcome,
    Provider,
    ProviderError,
    ResourceContext,
    ignore_missing,
    provider,
    settled,
    unless_missing,
)
from cloudlet.cloudformation.providers.tagging import (
    resource_tags,
    tag_changes,
    tag_map_to_list,
)

# Members of a CloudFormation GSI that CreateTable / UpdateTable do not take.
_GSI_CFN_ONLY = ("ContributorInsightsSpecification",)


def _gsis(props: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {g["IndexName"]: g for g in props.get("GlobalSecondaryIndexes") or ()}


def _api_gsi(gsi: dict[str, Any], billing: str) -> dict[str, Any]:
    out = {k: v for k, v in gsi.items() if k not in _GSI_CFN_ONLY}
    if billing == "PAY_PER_REQUEST":
        out.pop("ProvisionedThroughput", None)
    return out


def _billing(props: dict[str, Any]) -> str:
    return str(props.get("BillingMode") or "PROVISIONED")


def _stream(props: dict[str, Any]) -> str | None:
    spec = props.get("StreamSpecification") or {}
    if spec.get("ResourcePolicy"):
        raise ProviderError("not supported: StreamSpecification.ResourcePolicy")
    return spec.get("StreamViewType")


def _sse(spec: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's SSESpecification (``SSEEnabled``) as the API's (``Enabled``)."""
    out: dict[str, Any] = {"Enabled": bool(spec.get("SSEEnabled"))}
    for member in ("SSEType", "KMSMasterKeyId"):
        if spec.get(member):
            out[member] = spec[member]
    return out


def _enabled(spec: dict[str, Any] | None, key: str = "Enabled") -> bool:
    return bool((spec or {}).get(key))


class _TableOps:
    """The calls that make one table match its properties, shared by Table and
    GlobalTable (which first translates its properties to Table's)."""

    async def wait_active(self, ctx: ResourceContext, name: str) -> dict[str, Any]:
        """DescribeTable until the table and all its GSIs are ACTIVE; its description."""
        async def describe() -> dict[str, Any]:
            table: dict[str, Any] = (await ctx.call("dynamodb", "DescribeTable",
                                                    {"TableName": name}))["Table"]
            return table

        def ready(table: dict[str, Any]) -> bool:
            return table["TableStatus"] == "ACTIVE" and all(
                i.get("IndexStatus") == "ACTIVE"
                for i in table.get("GlobalSecondaryIndexes") or ())

        return await settled(describe, ready,
                             lambda table: f"table {name} still {table['TableStatus']}")

    async def create_table(self, ctx: ResourceContext, props: dict[str, Any],
                           tags: dict[str, str]) -> Outcome:
        name = props.get("TableName") or ctx.physical_name(255)
        billing = _billing(props)
        params: dict[str, Any] = {
            "TableName": name, "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props.get("AttributeDefinitions") or [],
            "BillingMode": billing,
        }
        for member in ("ProvisionedThroughput", "LocalSecondaryIndexes", "TableClass", "DeletionProtectionEnabled", "WarmThroughput",
                       "OnDemandThroughput"):
            if props.get(member) is not None:
                params[member] = props[member]
        if props.get("GlobalSecondaryIndexes"):
            params["GlobalSecondaryIndexes"] = [_api_gsi(g, billing)
                                                for g in props["GlobalSecondaryIndexes"]]
        if props.get("SSESpecification"):
            params["SSESpecification"] = _sse(props["SSESpecification"])
        view_type = _stream(props)
        if view_type:
            params["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view_type}
        if tags:
            params["Tags"] = tag_map_to_list(tags)
        await ctx.call("dynamodb", "CreateTable", params)
        await self.wait_active(ctx, name)
        await self.apply_settings(ctx, name, props, {})
        return await self.outcome(ctx, name)

    async def outcome(self, ctx: ResourceContext, name: str) -> Outcome:
        table = await self.wait_active(ctx, name)
        attributes = {"Arn": table["TableArn"], "TableId": table.get("TableId")}
        if table.get("LatestStreamArn") and (table.get("StreamSpecification") or {}).get(
                "StreamEnabled"):
            attributes["StreamArn"] = table["LatestStreamArn"]
        return Outcome(name, {k: v for k, v in attributes.items() if v is not None})

    async def update_table(self, ctx: ResourceContext, name: str, props: dict[str, Any],
                           old: dict[str, Any], tags: tuple[dict[str, str], dict[str, str]]
                           ) -> Outcome:
        """Bring the table to ``props``, comparing with what the table is now (not only
        with ``old``), so a rollback after a partly applied update converges too."""
        table = await self.wait_active(ctx, name)
        await self._update_capacity(ctx, name, props, table)
        table = await self._update_indexes(ctx, name, props, table)
        view_type = _stream(props)
        current = table.get("StreamSpecification") or {}
        had = current.get("StreamViewType") if current.get("StreamEnabled") else None
        if view_type != had:
            if had:
                await self._update(ctx, name, {"StreamSpecification": {"StreamEnabled": False}})
            if view_type:
                await self._update(ctx, name, {"StreamSpecification": {
                    "StreamEnabled": True, "StreamViewType": view_type}})
        protect = bool(props.get("DeletionProtectionEnabled"))
        if protect != bool(table.get("DeletionProtectionEnabled")):
            await self._update(ctx, name, {"DeletionProtectionEnabled": protect})
        wanted_class = props.get("TableClass") or "STANDARD"
        if wanted_class != (table.get("TableClassSummary") or {}).get("TableClass", "STANDARD"):
            await self._update(ctx, name, {"TableClass": wanted_class})
        await self.apply_settings(ctx, name, props, old)
        arn = table["TableArn"]
        listed = await ctx.call("dynamodb", "ListTagsOfResource", {"ResourceArn": arn})
        actual = {t["Key"]: t["Value"] for t in listed.get("Tags") or ()}
        managed = set(tags[0]) | set(tags[1])
        to_set, to_remove = tag_changes({k: v for k, v in actual.items() if k in managed},
                                        tags[1])
        if to_remove:
            await ctx.call("dynamodb", "UntagResource", {"ResourceArn": arn, "TagKeys": to_remove})
        if to_set:
            await ctx.call("dynamodb", "TagResource",
                           {"ResourceArn": arn, "Tags": tag_map_to_list(to_set)})
        return await self.outcome(ctx, name)

    async def _update(self, ctx: ResourceContext, name: str, params: dict[str, Any]
                      ) -> dict[str, Any]:
        await ctx.call("dynamodb", "UpdateTable", {"TableName": name, **params})
        return await self.wait_active(ctx, name)

    async def _update_capacity(self, ctx: ResourceContext, name: str, props: dict[str, Any],
                               table: dict[str, Any]) -> None:
        billing = _billing(props)
        params: dict[str, Any] = {}
        if billing != (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED"):
            params["BillingMode"] = billing
        throughput = props.get("ProvisionedThroughput")
        if billing == "PROVISIONED" and throughput and (
                params or _units(throughput) != _units(table.get("ProvisionedThroughput"))):
            params["ProvisionedThroughput"] = throughput
        if billing == "PROVISIONED":
            actual = _gsis(table)
            updates = [{"Update": {"IndexName": index,
                                   "ProvisionedThroughput": gsi["ProvisionedThroughput"]}}
                       for index, gsi in _gsis(props).items()
                       if index in actual and gsi.get("ProvisionedThroughput")
                       and _same_index(gsi, actual[index])
                       and (params.get("BillingMode") or _units(gsi["ProvisionedThroughput"])
                            != _units(actual[index].get("ProvisionedThroughput")))]
            if updates:
                params["GlobalSecondaryIndexUpdates"] = updates
        if params:
            await self._update(ctx, name, params)

    async def _update_indexes(self, ctx: ResourceContext, name: str, props: dict[str, Any],
                              table: dict[str, Any]) -> dict[str, Any]:
        """Delete the GSIs that went or changed shape, then create the new ones, one
        per UpdateTable as DynamoDB allows; the table's description after."""
        wanted, actual = _gsis(props), _gsis(table)
        billing = _billing(props)
        for index, gsi in actual.items():
            if index not in wanted or not _same_index(wanted[index], gsi):
                table = await self._update(ctx, name, {"GlobalSecondaryIndexUpdates": [
                    {"Delete": {"IndexName": index}}]})
        for index, gsi in wanted.items():
            if index not in actual or not _same_index(gsi, actual[index]):
                table = await self._update(ctx, name, {
                    "AttributeDefinitions": props.get("AttributeDefinitions") or [],
                    "GlobalSecondaryIndexUpdates": [{"Create": _api_gsi(gsi, billing)}]})
        return table

    async def apply_settings(self, ctx: ResourceContext, name: str, props: dict[str, Any],
                             old: dict[str, Any]) -> None:
        """TTL (compared with the table's), point-in-time recovery and contributor
        insights (from ``old``) to ``props``."""
        ttl: dict[str, Any] = props.get("TimeToLiveSpecification") or {}
        now = (await ctx.call("dynamodb", "DescribeTimeToLive", {"TableName": name}))[
            "TimeToLiveDescription"]
        had: dict[str, Any] = {"Enabled": now.get("TimeToLiveStatus") == "ENABLED",
                               "AttributeName": now.get("AttributeName")}
        if not _enabled(ttl):
            ttl = {}
        if _enabled(ttl) != _enabled(had) or (
                _enabled(ttl) and ttl.get("AttributeName") != had["AttributeName"]):
            for spec, enable in ((had, False), (ttl, True)):
                if _enabled(spec):
                    await ctx.call("dynamodb", "UpdateTimeToLive", {
                        "TableName": name, "TimeToLiveSpecification": {
                            "Enabled": enable, "AttributeName": spec["AttributeName"]}})
        pitr: dict[str, Any] = props.get("PointInTimeRecoverySpecification") or {}
        if pitr != (old.get("PointInTimeRecoverySpecification") or {}):
            on = _enabled(pitr, "PointInTimeRecoveryEnabled")
            backups: dict[str, Any] = {"PointInTimeRecoveryEnabled": on}
            if on and pitr.get("RecoveryPeriodInDays"):
                backups["RecoveryPeriodInDays"] = pitr["RecoveryPeriodInDays"]
            await ctx.call("dynamodb", "UpdateContinuousBackups",
                           {"TableName": name, "PointInTimeRecoverySpecification": backups})
        targets: list[tuple[str | None, dict[str, Any], dict[str, Any]]] = [(None, props, old)]
        targets += [(index, gsi, _gsis(old).get(index) or {})
                    for index, gsi in _gsis(props).items()]
        for index, now_spec, old_spec in targets:
            insights: dict[str, Any] = now_spec.get("ContributorInsightsSpecification") or {}
            before: dict[str, Any] = old_spec.get("ContributorInsightsSpecification") or {}
            if insights == before or (not _enabled(insights) and not _enabled(before)):
                continue
            params: dict[str, Any] = {
                "TableName": name,
                "ContributorInsightsAction": "ENABLE" if _enabled(insights) else "DISABLE"}
            if index:
                params["IndexName"] = index
            if _enabled(insights) and insights.get("Mode"):
                params["ContributorInsightsMode"] = insights["Mode"]
            await ctx.call("dynamodb", "UpdateContributorInsights", params)

    async def delete_table(self, ctx: ResourceContext) -> None:
        await ignore_missing(lambda: ctx.call("dynamodb", "DeleteTable",
                                              {"TableName": ctx.physical_id}))


def _same_index(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two GSI definitions (from a template or a description) differ only in what
    UpdateTable changes in place."""
    def projection(gsi: dict[str, Any]) -> tuple[str, list[str]]:
        spec = gsi.get("Projection") or {}
        return (spec.get("ProjectionType") or "ALL", sorted(spec.get("NonKeyAttributes") or ()))
    return a.get("KeySchema") == b.get("KeySchema") and projection(a) == projection(b)


def _units(throughput: dict[str, Any] | None) -> tuple[int, int]:
    spec = throughput or {}
    return int(spec.get("ReadCapacityUnits") or 0), int(spec.get("WriteCapacityUnits") or 0)


_TABLE_OPS = _TableOps()


@provider
class Table(Provider):
    """A DynamoDB table (CreateTable and the settings it does not take)."""

    type_name = "AWS::DynamoDB::Table"
    properties = frozenset({
        "TableName", "KeySchema", "AttributeDefinitions", "BillingMode",
        "ProvisionedThroughput", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
        "StreamSpecification", "TimeToLiveSpecification", "PointInTimeRecoverySpecification",
        "SSESpecification", "Tags", "DeletionProtectionEnabled", "TableClass",
        "ContributorInsightsSpecification", "WarmThroughput", "OnDemandThroughput"})
    # CloudFormation replaces a table whose key schema or local indexes change.
    replaces = frozenset({"KeySchema", "LocalSecondaryIndexes"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        return await _TABLE_OPS.create_table(ctx, ctx.properties,
                                             resource_tags(ctx, ctx.properties.get("Tags")))

    async def update(self, ctx: ResourceContext) -> Outcome:
        old = ctx.previous or {}
        tags = (resource_tags(ctx, old.get("Tags")), resource_tags(ctx, ctx.properties.get("Tags")))
        return await _TABLE_OPS.update_table(ctx, str(ctx.physical_id), ctx.properties, old, tags)

    readable = frozenset({"TableName", "BillingMode", "ProvisionedThroughput",
                          "StreamSpecification", "TimeToLiveSpecification",
                          "DeletionProtectionEnabled"})

    async def read(self, ctx: ResourceContext, physical_id: str) -> dict[str, Any] | None:
        """DescribeTable and DescribeTimeToLive, in the template's terms."""
        described = await unless_missing(lambda: ctx.call("dynamodb", "DescribeTable",
                                                          {"TableName": physical_id}))
        if described is None:
            return None
        table = described["Table"]
        billing = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
        out: dict[str, Any] = {"TableName": table["TableName"], "BillingMode": billing,
                               "DeletionProtectionEnabled":
                                   bool(table.get("DeletionProtectionEnabled"))}
        if billing == "PROVISIONED":
            units = table.get("ProvisionedThroughput") or {}
            out["ProvisionedThroughput"] = {k: units.get(k) for k in ("ReadCapacityUnits",
                                                                     "WriteCapacityUnits")}
        stream = table.get("StreamSpecification") or {}
        if stream.get("StreamEnabled"):
            out["StreamSpecification"] = {"StreamViewType": stream.get("StreamViewType")}
        ttl = (await ctx.call("dynamodb", "DescribeTimeToLive", {"TableName": physical_id}))[
            "TimeToLiveDescription"]
        out["TimeToLiveSpecification"] = {"Enabled": ttl.get("TimeToLiveStatus") == "ENABLED",
                                          **({"AttributeName": ttl["AttributeName"]}
                                             if ttl.get("AttributeName") else {})}
        return out

    async def delete(self, ctx: ResourceContext) -> None:
        await _TABLE_OPS.delete_table(ctx)


def _replica(ctx: ResourceContext, props: dict[str, Any]) -> dict[str, Any]:
    """The one replica in this region; other regions are not supported."""
    replicas = props.get("Replicas") or []
    others = sorted({str(r.get("Region")) for r in replicas if r.get("Region") != ctx.region})
    if others:
        raise ProviderError(f"not supported: GlobalTable replicas outside {ctx.region} "
                            f"({', '.join(others)}); cloudlet serves one region per table")
    if len(replicas) != 1:
        raise ProviderError(f"GlobalTable needs a replica in {ctx.region}")
    return dict(replicas[0])


def _as_table(ctx: ResourceContext, props: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    """GlobalTable properties as Table properties, and the replica's tags."""
    replica = _replica(ctx, props)
    table: dict[str, Any] = {k: props[k] for k in (
        "TableName", "KeySchema", "AttributeDefinitions", "BillingMode", "LocalSecondaryIndexes",
        "StreamSpecification", "TimeToLiveSpecification", "WarmThroughput") if k in props}
    for member in ("PointInTimeRecoverySpecification", "ContributorInsightsSpecification",
                   "DeletionProtectionEnabled", "TableClass"):
        if member in replica:
            table[member] = replica[member]
    if props.get("SSESpecification"):
        kms = (replica.get("SSESpecification") or {}).get("KMSMasterKeyId")
        table["SSESpecification"] = {**props["SSESpecification"],
                                     **({"KMSMasterKeyId": kms} if kms else {})}
    if _billing(props) == "PROVISIONED":
        write = ((props.get("WriteProvisionedThroughputSettings") or {})
                 .get("WriteCapacityAutoScalingSettings") or {}).get("MinCapacity") or 5
        read = replica.get("ReadProvisionedThroughputSettings") or {}
        units = read.get("ReadCapacityUnits") or (
            read.get("ReadCapacityAutoScalingSettings") or {}).get("MinCapacity") or 5
        table["ProvisionedThroughput"] = {"ReadCapacityUnits": units, "WriteCapacityUnits": write}
    replica_gsis = {g["IndexName"]: g for g in replica.get("GlobalSecondaryIndexes") or ()}
    gsis = []
    for gsi in props.get("GlobalSecondaryIndexes") or ():
        entry = {k: gsi[k] for k in ("IndexName", "KeySchema", "Projection") if k in gsi}
        insights = replica_gsis.get(gsi["IndexName"], {}).get("ContributorInsightsSpecification")
        if insights:
            entry["ContributorInsightsSpecification"] = insights
        if "ProvisionedThroughput" in table:
            entry["ProvisionedThroughput"] = table["ProvisionedThroughput"]
        gsis.append(entry)
    if gsis:
        table["GlobalSecondaryIndexes"] = gsis
    return table, list(replica.get("Tags") or ())


@provider
class GlobalTable(Provider):
    """A global table as one table in the stack's region."""

    type_name = "AWS::DynamoDB::GlobalTable"
    properties = frozenset({
        "TableName", "KeySchema", "AttributeDefinitions", "BillingMode",
        "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "Replicas", "SSESpecification",
        "StreamSpecification", "TimeToLiveSpecification", "WriteProvisionedThroughputSettings",
        "WarmThroughput"})
    replaces = frozenset({"KeySchema", "LocalSecondaryIndexes"})

    async def create(self, ctx: ResourceContext) -> Outcome:
        table, tags = _as_table(ctx, ctx.properties)
        return await _TABLE_OPS.create_table(ctx, table, resource_tags(ctx, tags))

    async def update(self, ctx: ResourceContext) -> Outcome:
        table, tags = _as_table(ctx, ctx.properties)
        old, old_tags = _as_table(ctx, ctx.previous or {})
        return await _TABLE_OPS.update_table(
            ctx, str(ctx.physical_id), table, old,
            (resource_tags(ctx, old_tags), resource_tags(ctx, tags)))

    async def delete(self, ctx: ResourceContext) -> None:
        await _TABLE_OPS.delete_table(ctx)
