"""One call's decision: its action and resource, the caller's policies, the cache.

The caller's policies: its identity's (``cloudlet.services.iam.principal_policies``: inline,
attached and group policies, the permissions boundary), and for a session the session
policies and tags kept with its key (``state.credentials``). Root principals and service
principals are not evaluated here (``needs_evaluation``). The resource's policy: read on a
cache miss through ``policy.resource_policies`` (a queue's, a bucket's, a topic's, a
function's), whose generation is part of the cache key.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from cloudlet.policy.actions import ActionPlan, own_user, plan_for, resources_for
from cloudlet.policy.cache import DecisionCache
from cloudlet.policy.evaluate import AccessRequest, Decision, decide
from cloudlet.policy.request_keys import RequestKeys
from cloudlet.policy.resource_policies import Counter, counter, policy_for
from cloudlet.server.state import ServerWide

if TYPE_CHECKING:
    from cloudlet.server.context import Principal, RequestContext
    from cloudlet.server.state import ServerState


class IdentityPolicies(Protocol):
    documents: list[dict[str, Any]]
    boundary: dict[str, Any] | None
    exists: bool


class _PolicySource(Protocol):
    def identity_policies(self, state: ServerState, account: str,
                          identity_arn: str) -> IdentityPolicies: ...

    def generation(self, state: ServerState, account: str) -> int: ...


def _source() -> _PolicySource | None:
    try:
        module: Any = importlib.import_module("cloudlet.services.iam.principal_policies")
    except ImportError:
        return None
    found: _PolicySource = module
    return found


@dataclass(slots=True)
class Evaluator:
    """The server's cached plans and decisions (one per server)."""

    plans: dict[tuple[str, str], ActionPlan] = field(default_factory=dict)
    decisions: DecisionCache = field(default_factory=DecisionCache)
    source: _PolicySource | None = None
    # bumped by every resource-policy write (``resource_policies.bump``)
    resource_policies: Counter = field(default_factory=Counter)
    # (principal, action, resource) -> when ``--iam warn`` last logged it (monotonic)
    warned: dict[tuple[str, str, str], float] = field(default_factory=dict)

    def plan(self, ctx: RequestContext) -> ActionPlan:
        key = (ctx.service, ctx.operation)
        found = self.plans.get(key)
        if found is None:
            service = ctx.state.services.get(ctx.service)
            model = service.model if service is not None else None
            prefix = model.signing_name if model is not None else ctx.service
            op_model = model.operation_model(ctx.operation) if model is not None else None
            found = self.plans[key] = plan_for(ctx.service, str(prefix), ctx.operation, op_model)
        return found


_evaluators: ServerWide[Evaluator] = ServerWide(
    lambda state: Evaluator(source=_source(), resource_policies=counter(state)))


def evaluator(state: ServerState) -> Evaluator:
    return _evaluators.get(state)


def needs_evaluation(principal: Principal, account: str) -> bool:
    """Root of its own account and service principals are not evaluated."""
    return not (principal.kind == "service" or (principal.kind == "root"
                                               and principal.account == account))


def check(ctx: RequestContext, req: dict[str, Any]) -> tuple[AccessRequest, Decision]:
    """What AWS would decide for this call (cached): the first denial among the resources
    it acts on, else the allowance."""
    state = ctx.state
    ev = evaluator(state)
    principal = ctx.caller
    plan = ev.plan(ctx)
    issued = state.credentials.find(principal.access_key) if principal.access_key else None
    extra = issued.extra if issued is not None else {}
    keys = RequestKeys(principal, ctx.region, state.clock.now, req,
                       session_tags=extra.get("tags"), extra={**ctx.extra, **extra})
    source = ev.source
    generation = source.generation(state, principal.account) if source is not None else 0
    policies = ev.resource_policies.value
    who = principal.access_key or principal.arn
    outcome: tuple[AccessRequest, Decision] | None = None
    resources = resources_for(plan, req, ctx.region, ctx.account)
    if resources == ["*"] and principal.kind == "user" and own_user(plan, req, principal.arn):
        resources = [principal.arn]
    for resource in resources:
        request = AccessRequest(principal, plan.action, resource, keys)
        cache_key = (who, plan.action, resource, generation, policies)
        decision = ev.decisions.get(cache_key, keys)
        if decision is None:
            decision = _decide(ctx, request, source, extra)
            ev.decisions.put(cache_key, keys, decision)
        outcome = request, decision
        if not decision.allowed:
            break
    assert outcome is not None  # resources_for answers at least one
    return outcome


def _decide(ctx: RequestContext, request: AccessRequest, source: _PolicySource | None,
            extra: dict[str, Any]) -> Decision:
    state = ctx.state
    principal = request.principal
    documents: list[dict[str, Any]] = []
    boundary = None
    if source is not None:
        found = source.identity_policies(state, principal.account,
                                         principal.identity or principal.arn)
        if found.exists:
            documents, boundary = list(found.documents), found.boundary
    session = [p for p in extra.get("policies") or [] if isinstance(p, dict)]
    resource_policy, owner = policy_for(state, request.resource, ctx.account, ctx.region)
    return decide(request, documents, boundary=boundary, session=session,
                  resource_policy=resource_policy, resource_account=owner)
