"""What a REST API stage serves: the stage and the snapshot of its deployment.

https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-deployments.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html

- A stage serves the snapshot its ``deploymentId`` names (store kind ``deployment``, member
  ``snapshot``); changes to the API are served only after the next deployment.
- An unknown stage (or none in the URL) answers 403 ``{"message":"Forbidden"}``
  (``x-amzn-ErrorType: ForbiddenException``), as AWS answers for a stage it cannot find.
- Canary: with ``canarySettings.percentTraffic`` > 0, that share of requests is served from
  ``canarySettings.deploymentId`` with the stage's variables overridden by
  ``stageVariableOverrides``; the rest from the stage's own deployment and variables.
- Stages, deployments and their routers are kept by the store (``Store.memo``) and rebuilt
  after any write to it, so an update is served by the next request.

LIMITATIONS: the canary choice is random per request (AWS's is too, but not sticky per
client here); ``useStageCache`` and the stage cache are not supported (ignored).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.services.apigateway.gateway.errors import GatewayError
from cloudlet.services.apigateway.gateway.routing import Router
from cloudlet.services.apigateway.registry import stores

if TYPE_CHECKING:

    from cloudlet.server.state import ServerState
    from cloudlet.services.apigateway.gateway.entry import ApiRef
    from cloudlet.services.apigateway.store import Store



def forbidden() -> GatewayError:
    """AWS's answer for a stage that does not exist."""
    return GatewayError("DEFAULT_4XX", "Forbidden", status=403,
                        headers={"x-amzn-ErrorType": "ForbiddenException"})


@dataclass(frozen=True, slots=True)
class Served:
    """One deployment as served: its snapshot and the router built from it."""

    deployment_id: str
    snapshot: dict[str, Any]
    router: Router


@dataclass(frozen=True, slots=True)
class Deployed:
    """What one request is served from (the canary's deployment for a canary request)."""

    stage: dict[str, Any]
    served: Served
    variables: dict[str, str]
    canary: bool = False

    @property
    def snapshot(self) -> dict[str, Any]:
        return self.served.snapshot

    @property
    def deployment_id(self) -> str:
        return self.served.deployment_id


@dataclass(slots=True)
class _Entry:
    stage: dict[str, Any] | None
    main: Served | None = None
    canary: Served | None = None


def _entry(store: Store, api_id: str, stage_name: str) -> _Entry:
    stage = store.get("stage", api_id, stage_name) if stage_name else None
    found = _Entry(stage)
    if stage is not None:
        found.main = _served(store, api_id, stage.get("deploymentId"))
        canary = stage.get("canarySettings") or {}
        if canary:
            found.canary = _served(store, api_id,
                                   canary.get("deploymentId") or stage.get("deploymentId"))
    return found


def _served(store: Store, api_id: str, deployment_id: str | None) -> Served | None:
    if not deployment_id:
        return None
    doc = store.get("deployment", api_id, deployment_id)
    if doc is None:
        return None
    snapshot: dict[str, Any] = doc.get("snapshot") or {}
    return Served(deployment_id, snapshot, Router(snapshot.get("resources") or []))


def load(state: ServerState, api: ApiRef, stage_name: str) -> Deployed:
    """The stage ``stage_name`` of ``api`` and the deployment this request is served from;
    ``GatewayError`` 403 Forbidden when there is no such stage."""
    store = stores.get(state, api.account, api.region)
    entry = store.memo(("rest-stage", api.api_id, stage_name),
                       lambda: _entry(store, api.api_id, stage_name))
    stage = entry.stage
    if stage is None or entry.main is None:
        raise forbidden()
    variables: dict[str, str] = dict(stage.get("variables") or {})
    canary = stage.get("canarySettings") or {}
    percent = float(canary.get("percentTraffic") or 0.0)
    if entry.canary is not None and percent > 0 and random.random() * 100 < percent:
        variables.update(canary.get("stageVariableOverrides") or {})
        return Deployed(stage, entry.canary, variables, canary=True)
    return Deployed(stage, entry.main, variables)
