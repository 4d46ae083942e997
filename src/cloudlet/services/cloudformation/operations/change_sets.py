"""Change sets: CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet,
ListChangeSets (what ``aws cloudformation deploy`` and ``sam deploy`` use).

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateChangeSet.html
- ``CREATE`` makes the stack in REVIEW_IN_PROGRESS; ``UPDATE`` needs a stack that can be
  updated; ``IMPORT`` is not supported.
- The change set is computed at once (status CREATE_COMPLETE / FAILED when answered). An
  update that changes nothing FAILS with AWS's reason "The submitted information didn't
  contain changes. Submit different information to create a change set."
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ExecuteChangeSet.html
- Execution runs the stack operation; the other change sets of the stack are removed. The
  name of an executed change set may be used again (AWS keeps it; deploys here are fast
  enough for the aws CLI's one-second names to repeat).
  cloudlet answers once the operation has ended (up to ``EXECUTE_WAIT_S``), so waiters
  that poll every 30 s (the aws CLI's) find it done at their first look.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cloudlet.cloudformation.changes import plan
from cloudlet.cloudformation.prepare import prepare, template_text
from cloudlet.cloudformation.records import ChangeSetRecord
from cloudlet.cloudformation.run import Run, principal_doc
from cloudlet.server.errors import ValidationError, not_supported
from cloudlet.server.service import NoOutput
from cloudlet.services.cloudformation.errors import (
    AlreadyExistsException,
    ChangeSetNotFound,
    InvalidChangeSetStatus,
)
from cloudlet.services.cloudformation.finding import engine, find_stack
from cloudlet.services.cloudformation.launch import (
    check_updatable,
    new_stack,
    refuse_unsupported,
    start_create,
    start_update,
)
from cloudlet.services.cloudformation.operations.stacks import unchanged
from cloudlet.services.cloudformation.registry import service
from cloudlet.services.cloudformation.shapes import (
    CreateChangeSetInput,
    DeleteChangeSetInput,
    DescribeChangeSetInput,
    ExecuteChangeSetInput,
    ListChangeSetsInput,
)

if TYPE_CHECKING:
    from cloudlet.cloudformation.records import StackRecord
    from cloudlet.server.context import RequestContext

NO_CHANGES = ("The submitted information didn't contain changes. Submit different "
              "information to create a change set.")
EXECUTE_WAIT_S = 20.0
_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")


def find_change_set(ctx: RequestContext, name: str,
                    stack_name: str | None) -> ChangeSetRecord | None:
    store = engine(ctx).store
    if name.startswith("arn:"):
        found = store.change_set(name)
        if found is None or f":{ctx.region}:{ctx.account}:" not in found.change_set_id:
            return None
        return found
    if not stack_name:
        raise ValidationError("StackName must be specified if ChangeSetName is not "
                              "specified as an ARN.")
    stack = find_stack(ctx, stack_name)
    return next((c for c in store.change_sets(stack.stack_id) if c.name == name), None)


def _required(ctx: RequestContext, req: Mapping[str, Any]) -> ChangeSetRecord:
    name = req["ChangeSetName"]
    found = find_change_set(ctx, name, req.get("StackName"))
    if found is None:
        raise ChangeSetNotFound(f"ChangeSet [{name}] does not exist")
    return found


def _target(ctx: RequestContext, req: Mapping[str, Any], kind: str, name: str) -> StackRecord:
    store = engine(ctx).store
    existing = store.live_stack(ctx.account, ctx.region, name) \
        if not name.startswith("arn:") else find_stack(ctx, name, deleted=False)
    if kind == "CREATE":
        if existing is not None and existing.status != "REVIEW_IN_PROGRESS":
            raise AlreadyExistsException(
                f"Stack [{name}] already exists and cannot be created again with the "
                f"changeSet [{req['ChangeSetName']}].")
        return existing or new_stack(ctx, name, status="REVIEW_IN_PROGRESS")
    if existing is None:
        raise ValidationError(f"Stack [{name}] does not exist")
    if existing.status == "REVIEW_IN_PROGRESS":
        raise ValidationError(f"Stack [{name}] does not exist")
    check_updatable(existing)
    return existing


@service.operation("CreateChangeSet")
async def create_change_set(ctx: RequestContext, req: CreateChangeSetInput) -> dict[str, Any]:
    name, kind = req["ChangeSetName"], req.get("ChangeSetType") or "UPDATE"
    if not _NAME.match(name):
        raise ValidationError(
            f"1 validation error detected: Value '{name}' at 'changeSetName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z][-a-zA-Z0-9]*")
    if kind == "IMPORT":
        raise not_supported("ChangeSetType IMPORT (resource import)")
    refuse_unsupported(req)
    eng = engine(ctx)
    stack = _target(ctx, req, kind, req["StackName"])
    for other in eng.store.change_sets(stack.stack_id):
        if other.name != name:
            continue
        if other.execution_status == "AVAILABLE" or other.status == "FAILED":
            raise AlreadyExistsException(f"ChangeSet [{name}] already exists")
        # An executed change set's name can be reused: the aws CLI names its change sets
        # by the second, and two cloudlet deploys fit in one.
        eng.store.drop_change_set(other.change_set_id)
    previous = stack.template_body if kind == "UPDATE" else None
    body = await template_text(ctx, req, previous=previous)
    prepared = await prepare(eng, ctx, body, req, stack_name=stack.name,
                             stack_id=stack.stack_id,
                             previous=stack.parameters if kind == "UPDATE" else None,
                             expand=False)
    current = eng.store.resources(stack.stack_id) if kind == "UPDATE" else {}
    exports = {k: v for k, (_, v) in eng.store.exports(ctx.account, ctx.region).items()}
    changes = plan(prepared.evaluated, current, eng.providers(), exports)
    record = ChangeSetRecord(
        f"arn:aws:cloudformation:{ctx.region}:{ctx.account}:changeSet/{name}/{uuid.uuid4()}",
        name, stack.stack_id, stack.name, kind, "CREATE_COMPLETE", "AVAILABLE",
        ctx.state.clock.now(), description=req.get("Description"), template_body=body,
        parameters=prepared.evaluated.described_parameters, values=prepared.values,
        capabilities=list(req.get("Capabilities") or []), tags=req.get("Tags"),
        notification_arns=list(req.get("NotificationARNs") or []),
        role_arn=req.get("RoleARN"), changes=changes,
        on_stack_failure=req.get("OnStackFailure"), principal=principal_doc(ctx.caller))
    if kind == "UPDATE" and not changes and unchanged(stack, prepared.processed,
                                                      prepared.values, req):
        record.status, record.execution_status, record.reason = \
            "FAILED", "UNAVAILABLE", NO_CHANGES
    if kind == "CREATE" and stack.status == "REVIEW_IN_PROGRESS" and \
            eng.store.stack(stack.stack_id) is None:
        Run(eng, stack).stack_event("REVIEW_IN_PROGRESS", "User Initiated")
    eng.store.put_change_set(record)
    return {"Id": record.change_set_id, "StackId": stack.stack_id}


def _execution_status(ctx: RequestContext, record: ChangeSetRecord) -> str:
    if record.execution_status != "EXECUTE_IN_PROGRESS":
        return record.execution_status
    eng = engine(ctx)
    stack = eng.store.stack(record.stack_id)
    if eng.busy(record.stack_id) or stack is None:
        return record.execution_status
    return "EXECUTE_COMPLETE" if stack.status in ("CREATE_COMPLETE", "UPDATE_COMPLETE") \
        else "EXECUTE_FAILED"


@service.operation("DescribeChangeSet")
def describe_change_set(ctx: RequestContext, req: DescribeChangeSetInput) -> dict[str, Any]:
    record = _required(ctx, req)
    out: dict[str, Any] = {
        "ChangeSetName": record.name, "ChangeSetId": record.change_set_id,
        "StackId": record.stack_id, "StackName": record.stack_name,
        "Parameters": record.parameters, "CreationTime": record.created,
        "ExecutionStatus": _execution_status(ctx, record), "Status": record.status,
        "NotificationARNs": record.notification_arns, "RollbackConfiguration": {},
        "Capabilities": record.capabilities, "Changes": record.changes,
        "IncludeNestedStacks": False}
    optional = {"Description": record.description, "StatusReason": record.reason,
                "Tags": record.tags, "OnStackFailure": record.on_stack_failure}
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


@service.operation("ListChangeSets")
def list_change_sets(ctx: RequestContext, req: ListChangeSetsInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"])
    summaries = []
    for record in engine(ctx).store.change_sets(stack.stack_id):
        summary: dict[str, Any] = {
            "StackId": record.stack_id, "StackName": record.stack_name,
            "ChangeSetId": record.change_set_id, "ChangeSetName": record.name,
            "ExecutionStatus": _execution_status(ctx, record), "Status": record.status,
            "CreationTime": record.created, "IncludeNestedStacks": False}
        if record.reason:
            summary["StatusReason"] = record.reason
        if record.description:
            summary["Description"] = record.description
        summaries.append(summary)
    return {"Summaries": summaries}


@service.operation("DeleteChangeSet")
def delete_change_set(ctx: RequestContext, req: DeleteChangeSetInput) -> NoOutput:
    record = _required(ctx, req)
    if _execution_status(ctx, record) == "EXECUTE_IN_PROGRESS":
        raise InvalidChangeSetStatus(f"Cannot delete ChangeSet {record.change_set_id} "
                                     "while it is being executed")
    engine(ctx).store.drop_change_set(record.change_set_id)
    return {}


@service.operation("ExecuteChangeSet")
async def execute_change_set(ctx: RequestContext, req: ExecuteChangeSetInput) -> NoOutput:
    record = _required(ctx, req)
    if record.status != "CREATE_COMPLETE" or record.execution_status != "AVAILABLE":
        raise InvalidChangeSetStatus(
            f"ChangeSet [{record.change_set_id}] cannot be executed in its current status of "
            f"[{record.status}]")
    eng = engine(ctx)
    stack = eng.store.stack(record.stack_id)
    if stack is None:
        raise ChangeSetNotFound(f"ChangeSet [{req['ChangeSetName']}] does not exist")
    request: dict[str, Any] = {
        "Parameters": [{"ParameterKey": k, "ParameterValue": v}
                       for k, v in record.values.items()],
        "Capabilities": record.capabilities, "Tags": record.tags,
        "NotificationARNs": record.notification_arns, "RoleARN": record.role_arn,
        "ClientRequestToken": req.get("ClientRequestToken"),
        "DisableRollback": req.get("DisableRollback"),
        "OnStackFailure": record.on_stack_failure,
        "RetainExceptOnCreate": req.get("RetainExceptOnCreate")}
    prepared = await prepare(eng, ctx, record.template_body, request, stack_name=stack.name,
                             stack_id=stack.stack_id, previous=stack.parameters, expand=False)
    stack.change_set_id = record.change_set_id
    if record.change_set_type == "CREATE":
        start_create(ctx, stack, prepared, request)
    else:
        start_update(ctx, stack, prepared, request)
    for other in eng.store.change_sets(stack.stack_id):
        if other.change_set_id != record.change_set_id:
            eng.store.drop_change_set(other.change_set_id)
    record.execution_status = "EXECUTE_IN_PROGRESS"
    eng.store.put_change_set(record)
    await eng.wait(stack.stack_id, EXECUTE_WAIT_S)
    return {}
