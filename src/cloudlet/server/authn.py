"""Who sent a request: the principal of its SigV4 credentials.

``authenticate(state, request, caller, service)`` answers the request's principal. With
``--auth off`` any credentials pass: the principal is the one cloudlet issued the key to,
else the root of the account the key id names. (``--auth on`` verification lands here.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cloudlet.server.context import Caller, Principal, principal_for

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.service import Service
    from cloudlet.server.state import ServerState


def authenticate(state: ServerState, request: Request, caller: Caller | None,
                 service: Service) -> Principal:
    """The principal ``request`` acts as; raises the service's own ``ServiceError`` when
    its signature does not hold."""
    return principal_for(state, caller.access_key if caller else None)
