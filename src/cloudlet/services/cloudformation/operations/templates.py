"""Templates: GetTemplate, GetTemplateSummary, ValidateTemplate.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplate.html
- ``TemplateStage`` ``Original`` (as given, the default) or ``Processed`` (after
  transforms, as JSON); ``StagesAvailable`` lists both.
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_GetTemplateSummary.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ValidateTemplate.html
"""

from __future__ import annotations

from typing import Any

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.prepare import invalid, parse, template_text
from cloudlet.cloudformation.records import json_text
from cloudlet.cloudformation.template import summarize
from cloudlet.server.context import RequestContext
from cloudlet.services.cloudformation.errors import ChangeSetNotFound
from cloudlet.services.cloudformation.finding import find_stack
from cloudlet.services.cloudformation.registry import service
from cloudlet.services.cloudformation.shapes import (
    GetTemplateInput,
    GetTemplateSummaryInput,
    ValidateTemplateInput,
)

STAGES = ["Original", "Processed"]


@service.operation("GetTemplate")
def get_template(ctx: RequestContext, req: GetTemplateInput) -> dict[str, Any]:
    processed = req.get("TemplateStage") == "Processed"
    change_set = req.get("ChangeSetName")
    if change_set:
        from cloudlet.services.cloudformation.operations.change_sets import find_change_set

        found = find_change_set(ctx, change_set, req.get("StackName"))
        if found is None:
            raise ChangeSetNotFound(f"ChangeSet [{change_set}] does not exist")
        return {"TemplateBody": found.template_body, "StagesAvailable": ["Original"]}
    stack = find_stack(ctx, req.get("StackName") or "")
    body = json_text(stack.processed) if processed else stack.template_body
    return {"TemplateBody": body, "StagesAvailable": STAGES}


def _summary(template: dict[str, Any], kind: str) -> dict[str, Any]:
    try:
        return summarize(template, kind=kind)
    except TemplateError as error:
        raise invalid(error) from None


@service.operation("GetTemplateSummary")
async def get_template_summary(ctx: RequestContext,
                               req: GetTemplateSummaryInput) -> dict[str, Any]:
    if req.get("StackName"):
        stack = find_stack(ctx, req["StackName"])
        template = parse(stack.template_body)
    else:
        template = parse(await template_text(ctx, req))
    return _summary(template, "summary")


@service.operation("ValidateTemplate")
async def validate_template(ctx: RequestContext, req: ValidateTemplateInput) -> dict[str, Any]:
    template = parse(await template_text(ctx, req))
    return _summary(template, "validate")
