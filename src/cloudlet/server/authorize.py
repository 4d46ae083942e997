"""Whether a principal may make a call: IAM policy evaluation (``--iam off|warn|enforce``).

``await authorize(ctx, req)`` runs before every operation's handler, for calls through the
edge port and for in-process calls (``internal.call``). (Evaluation lands here.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext


async def authorize(ctx: RequestContext, req: dict[str, Any]) -> None:
    """Nothing, or raises the service's access-denied error (``--iam enforce``)."""
    return None
