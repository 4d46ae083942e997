"""Finding a request's stack: by name (live stacks only) or by stack id (deleted ones
too, as CloudFormation keeps DELETE_COMPLETE stacks describable by id)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cloudlet.cloudformation.engine import Engine, engine_of
from cloudlet.server.errors import ValidationError
from cloudlet.services.cloudformation.errors import no_stack

if TYPE_CHECKING:
    from cloudlet.cloudformation.records import StackRecord
    from cloudlet.server.context import RequestContext

_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")
MAX_NAME = 128


def engine(ctx: RequestContext) -> Engine:
    return engine_of(ctx.state)


def check_name(name: str) -> None:
    if len(name) > MAX_NAME or not _NAME.match(name):
        raise ValidationError(
            f"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*")


def find_stack(ctx: RequestContext, name: str, *, deleted: bool = True) -> StackRecord:
    """The stack ``name`` names in the caller's account and region."""
    store = engine(ctx).store
    if name.startswith("arn:"):
        found = store.stack(name)
        if (found is None or found.account != ctx.account or found.region != ctx.region
                or (not deleted and found.status == "DELETE_COMPLETE")):
            raise no_stack(name)
        return found
    live = store.live_stack(ctx.account, ctx.region, name)
    if live is None:
        raise no_stack(name)
    return live
