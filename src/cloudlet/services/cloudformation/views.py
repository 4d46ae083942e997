"""The engine's records in the API's shapes (botocore's cloudformation model):
``Stack``, ``StackSummary``, ``StackResource``, ``StackResourceDetail``,
``StackResourceSummary``."""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.records import ResourceRecord, StackRecord, json_text
from cloudlet.services.cloudformation.drift import resource_status, stack_status


def stack_view(stack: StackRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": stack.stack_id, "StackName": stack.name, "CreationTime": stack.created,
        "StackStatus": stack.status, "DisableRollback": stack.disable_rollback,
        "NotificationARNs": stack.notification_arns, "Capabilities": stack.capabilities,
        "Outputs": stack.outputs, "Tags": stack.tags,
        "Parameters": stack.described_parameters,
        "EnableTerminationProtection": stack.termination_protection,
        "DriftInformation": stack_status(stack),
        "RollbackConfiguration": {},
    }
    optional = {"StackStatusReason": stack.reason, "Description": stack.description,
                "LastUpdatedTime": stack.updated, "DeletionTime": stack.deleted,
                "RoleARN": stack.role_arn, "TimeoutInMinutes": stack.timeout,
                "ChangeSetId": stack.change_set_id}
    out.update({k: v for k, v in optional.items() if v is not None})
    if not stack.outputs:
        del out["Outputs"]
    return out


def stack_summary(stack: StackRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": stack.stack_id, "StackName": stack.name, "CreationTime": stack.created,
        "StackStatus": stack.status,
        "DriftInformation": stack_status(stack)}
    optional = {"TemplateDescription": stack.description, "StackStatusReason": stack.reason,
                "LastUpdatedTime": stack.updated, "DeletionTime": stack.deleted}
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def _common(stack: StackRecord, record: ResourceRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"LogicalResourceId": record.logical_id,
                           "ResourceType": record.type_name,
                           "ResourceStatus": record.status,
                           "DriftInformation": resource_status(stack, record.logical_id)}
    if record.physical_id is not None:
        out["PhysicalResourceId"] = record.physical_id
    if record.reason:
        out["ResourceStatusReason"] = record.reason
    return out


def resource_summary(stack: StackRecord, record: ResourceRecord) -> dict[str, Any]:
    return {**_common(stack, record), "LastUpdatedTimestamp": record.updated}


def stack_resource(stack: StackRecord, record: ResourceRecord) -> dict[str, Any]:
    out = {**_common(stack, record), "StackName": stack.name, "StackId": stack.stack_id,
           "Timestamp": record.updated}
    if record.description:
        out["Description"] = record.description
    return out


def resource_detail(stack: StackRecord, record: ResourceRecord) -> dict[str, Any]:
    out = {**_common(stack, record), "StackName": stack.name, "StackId": stack.stack_id,
           "LastUpdatedTimestamp": record.updated}
    if record.metadata is not None:
        out["Metadata"] = json_text(record.metadata)
    return out
