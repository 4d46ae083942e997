"""Stacks: CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks,
UpdateTerminationProtection, CancelUpdateStack, ContinueUpdateRollback, RollbackStack.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
- A live stack of the same name: AlreadyExistsException "Stack [X] already exists".
- The operation runs after the answer (poll DescribeStacks or DescribeStackEvents).
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStack.html
- Nothing to change: ValidationError "No updates are to be performed."
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html
- Deleting a stack that does not exist succeeds; a protected one fails; a
  DELETE_COMPLETE stack stays describable by its id, not by its name.
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cloudlet.cloudformation import flows
from cloudlet.cloudformation.prepare import prepare, template_text
from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ValidationError
from cloudlet.server.paging import offset_page
from cloudlet.server.service import NoOutput
from cloudlet.services.cloudformation.errors import AlreadyExistsException
from cloudlet.services.cloudformation.finding import check_name, engine, find_stack
from cloudlet.services.cloudformation.launch import (
    check_updatable,
    new_stack,
    refuse_unsupported,
    start_create,
    start_delete,
    start_update,
)
from cloudlet.services.cloudformation.registry import service
from cloudlet.services.cloudformation.shapes import (
    CancelUpdateStackInput,
    ContinueUpdateRollbackInput,
    CreateStackInput,
    DeleteStackInput,
    DescribeStacksInput,
    ListStacksInput,
    RollbackStackInput,
    UpdateStackInput,
    UpdateTerminationProtectionInput,
)
from cloudlet.services.cloudformation.views import stack_summary, stack_view

PAGE_SIZE = 100
NO_UPDATES = "No updates are to be performed."


def page_start(token: str | None) -> int:
    if token is None:
        return 0
    if not token.isdigit():
        raise ValidationError("Invalid NextToken")
    return int(token)


def unchanged(stack: Any, processed: dict[str, Any], values: dict[str, str],
              req: Mapping[str, Any]) -> bool:
    tags = req.get("Tags")
    same_tags = tags is None or [{"Key": t["Key"], "Value": t["Value"]} for t in tags] == \
        stack.tags
    return bool(processed == stack.processed and values == stack.parameters and same_tags)


@service.operation("CreateStack")
async def create_stack(ctx: RequestContext, req: CreateStackInput) -> dict[str, Any]:
    name = req["StackName"]
    check_name(name)
    store = engine(ctx).store
    existing = store.live_stack(ctx.account, ctx.region, name)
    if existing is not None:
        token = req.get("ClientRequestToken")
        if token and existing.client_request_token == token:
            return {"StackId": existing.stack_id}
        raise AlreadyExistsException(f"Stack [{name}] already exists")
    if req.get("OnFailure") and req.get("DisableRollback") is not None:
        raise ValidationError("You cannot specify both DisableRollback and OnFailure.")
    refuse_unsupported(req)
    stack = new_stack(ctx, name)
    body = await template_text(ctx, req)
    prepared = await prepare(engine(ctx), ctx, body, req, stack_name=name,
                             stack_id=stack.stack_id)
    start_create(ctx, stack, prepared, req)
    return {"StackId": stack.stack_id}


@service.operation("UpdateStack")
async def update_stack(ctx: RequestContext, req: UpdateStackInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"], deleted=False)
    check_updatable(stack)
    refuse_unsupported(req)
    body = await template_text(ctx, req, previous=stack.template_body)
    prepared = await prepare(engine(ctx), ctx, body, req, stack_name=stack.name,
                             stack_id=stack.stack_id, previous=stack.parameters)
    if unchanged(stack, prepared.processed, prepared.values, req):
        raise ValidationError(NO_UPDATES)
    start_update(ctx, stack, prepared, req)
    return {"StackId": stack.stack_id}


@service.operation("DeleteStack")
def delete_stack(ctx: RequestContext, req: DeleteStackInput) -> NoOutput:
    try:
        stack = find_stack(ctx, req["StackName"], deleted=False)
    except ValidationError:
        return {}
    if stack.termination_protection:
        raise ValidationError(f"Stack [{stack.name}] cannot be deleted while "
                              "TerminationProtection is enabled")
    if stack.status == "DELETE_IN_PROGRESS":
        return {}
    if engine(ctx).busy(stack.stack_id):
        if stack.status != "CREATE_IN_PROGRESS":
            raise ValidationError(f"Stack [{stack.name}] cannot be deleted while in status "
                                  f"{stack.status}")
        # As on AWS, deleting a stack being created cancels the creation first.
        engine(ctx).interrupt(stack.stack_id, lambda run: flows.delete_after_cancel(run))
        return {}
    retain = set(req.get("RetainResources") or [])
    if retain and stack.status != "DELETE_FAILED":
        raise ValidationError(f"Invalid operation on stack [{stack.stack_id}]. "
                              "RetainResources can only be specified when the stack is in "
                              "the DELETE_FAILED state")
    start_delete(ctx, stack, retain)
    return {}


@service.operation("DescribeStacks")
def describe_stacks(ctx: RequestContext, req: DescribeStacksInput) -> dict[str, Any]:
    name = req.get("StackName")
    if name:
        return {"Stacks": [stack_view(find_stack(ctx, name))]}
    stacks = engine(ctx).store.stacks(ctx.account, ctx.region, include_deleted=False)
    page, after = offset_page(stacks, page_start(req.get("NextToken")), PAGE_SIZE)
    out: dict[str, Any] = {"Stacks": [stack_view(s) for s in page]}
    if after is not None:
        out["NextToken"] = str(after)
    return out


@service.operation("ListStacks")
def list_stacks(ctx: RequestContext, req: ListStacksInput) -> dict[str, Any]:
    wanted = set(req.get("StackStatusFilter") or [])
    stacks = [s for s in engine(ctx).store.stacks(ctx.account, ctx.region, include_deleted=True)
              if not wanted or s.status in wanted]
    page, after = offset_page(stacks, page_start(req.get("NextToken")), PAGE_SIZE)
    out: dict[str, Any] = {"StackSummaries": [stack_summary(s) for s in page]}
    if after is not None:
        out["NextToken"] = str(after)
    return out


@service.operation("UpdateTerminationProtection")
def update_termination_protection(ctx: RequestContext,
                                  req: UpdateTerminationProtectionInput) -> dict[str, Any]:
    stack = find_stack(ctx, req["StackName"], deleted=False)
    stack.termination_protection = bool(req["EnableTerminationProtection"])
    engine(ctx).store.put_stack(stack)
    return {"StackId": stack.stack_id}


@service.operation("CancelUpdateStack")
def cancel_update_stack(ctx: RequestContext, req: CancelUpdateStackInput) -> NoOutput:
    """Only an update still in progress can be cancelled: it is rolled back."""
    stack = find_stack(ctx, req["StackName"], deleted=False)
    if stack.status != "UPDATE_IN_PROGRESS":
        raise ValidationError(f"CancelUpdateStack cannot be called from current stack "
                              f"status {stack.status}.")
    engine(ctx).interrupt(stack.stack_id,
                          lambda run: flows.rollback_update(run, "User Initiated"))
    return {}


@service.operation("ContinueUpdateRollback")
def continue_update_rollback(ctx: RequestContext, req: ContinueUpdateRollbackInput) -> NoOutput:
    stack = find_stack(ctx, req["StackName"], deleted=False)
    if stack.status != "UPDATE_ROLLBACK_FAILED":
        raise ValidationError(f"Stack {stack.name} is in {stack.status} state and can not "
                              "continue update rollback.")
    skip = set(req.get("ResourcesToSkip") or [])
    eng = engine(ctx)
    eng.launch(stack, lambda run: flows.continue_rollback(run, skip))
    return {}


@service.operation("RollbackStack")
def rollback_stack(ctx: RequestContext, req: RollbackStackInput) -> dict[str, Any]:
    """Roll back a stack left CREATE_FAILED or UPDATE_FAILED by DisableRollback."""
    stack = find_stack(ctx, req["StackName"], deleted=False)
    eng = engine(ctx)
    if stack.status == "UPDATE_FAILED" and not eng.busy(stack.stack_id):
        eng.launch(stack, lambda run: flows.rollback_update(run, "User Initiated"))
    elif stack.status == "CREATE_FAILED" and not eng.busy(stack.stack_id):
        stack.disable_rollback, stack.on_failure = False, "ROLLBACK"
        if req.get("RetainExceptOnCreate") is not None:
            stack.retain_except_on_create = bool(req["RetainExceptOnCreate"])
        eng.launch(stack, lambda run: flows.fail_create(run, "User Initiated. "))
    else:
        raise ValidationError(f"Stack {stack.stack_id} is in {stack.status} state and can not "
                              "be rolled back.")
    return {"StackId": stack.stack_id}
