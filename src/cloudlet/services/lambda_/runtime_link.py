"""The one runtime manager per server, as the Lambda service sees it.

The manager is created in ``lifecycle.start`` and kept in ``state.extras``; the control
plane only asks it to retire a function's warm environments after a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cloudlet.server.state import ServerState

EXTRA_KEY = "lambda.runtime"


def manager(state: ServerState) -> Any | None:
    return state.extras.get(EXTRA_KEY)


def retire(state: ServerState, function_arn: str) -> None:
    """Stop reusing a function's warm environments: its next invoke runs fresh code
    and configuration, as after UpdateFunctionCode/UpdateFunctionConfiguration on AWS."""
    found = manager(state)
    if found is not None:
        found.retire(function_arn)
