"""Exports: ListExports, ListImports.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListExports.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListImports.html
- An export nobody imports: ValidationError "Export 'X' is not imported by any stack."
"""

from __future__ import annotations

from typing import Any

from cloudlet.server.context import RequestContext
from cloudlet.server.errors import ValidationError
from cloudlet.server.paging import offset_page
from cloudlet.services.cloudformation.finding import engine
from cloudlet.services.cloudformation.operations.stacks import page_start
from cloudlet.services.cloudformation.registry import service
from cloudlet.services.cloudformation.shapes import (
    ListExportsInput,
    ListImportsInput,
)

PAGE_SIZE = 100


@service.operation("ListExports")
def list_exports(ctx: RequestContext, req: ListExportsInput) -> dict[str, Any]:
    exports = [{"ExportingStackId": owner, "Name": name, "Value": value}
               for name, (owner, value) in engine(ctx).store.exports(ctx.account,
                                                                     ctx.region).items()]
    page, after = offset_page(exports, page_start(req.get("NextToken")), PAGE_SIZE)
    out: dict[str, Any] = {"Exports": page}
    if after is not None:
        out["NextToken"] = str(after)
    return out


@service.operation("ListImports")
def list_imports(ctx: RequestContext, req: ListImportsInput) -> dict[str, Any]:
    name = req["ExportName"]
    importers = engine(ctx).store.importers(ctx.account, ctx.region, name)
    if not importers:
        raise ValidationError(f"Export '{name}' is not imported by any stack.")
    page, after = offset_page(importers, page_start(req.get("NextToken")), PAGE_SIZE)
    out: dict[str, Any] = {"Imports": page}
    if after is not None:
        out["NextToken"] = str(after)
    return out
