"""The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the context keys
a policy uses.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForPrincipalPolicy.html
- One result per action and resource (``ResourceArns`` defaults to ``*``): ``EvalDecision``
  ``allowed``, ``explicitDeny`` or ``implicitDeny``, the statements that decided
  (``SourcePolicyId``: ``PolicyInputList.N``, ``PermissionsBoundaryPolicyInputList.N``,
  ``ResourcePolicy``, or the principal's own policy number ``policy.N``) and the condition
  keys the policies asked for that ``ContextEntries`` did not give (``MissingContextValues``).
- SimulatePrincipalPolicy evaluates the user's or role's policies (``PolicySourceArn``) with
  ``PolicyInputList`` added; its boundary unless ``PermissionsBoundaryPolicyInputList`` is
  given. The caller is ``CallerArn`` when given, else the source.

LIMITATIONS: groups as PolicySourceArn, OrderedOrganizationPolicyInputList (SCPs),
ResourceHandlingOption and statement positions (StartPosition/EndPosition) are not
supported; EvalDecisionDetails and ResourceSpecificResults are left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from cloudlet.policy.calls import evaluator
from cloudlet.policy.documents import statements
from cloudlet.policy.evaluate import AccessRequest, Decision, Matched, decide
from cloudlet.policy.request_keys import canonical
from cloudlet.server.context import Principal
from cloudlet.server.errors import not_supported
from cloudlet.services.iam.errors import InvalidInput, NoSuchEntity
from cloudlet.services.iam.names import page
from cloudlet.services.iam.registry import service

if TYPE_CHECKING:
    from cloudlet.server.context import RequestContext

_LIST_TYPES = {"stringList", "numericList", "booleanList", "ipList", "binaryList", "dateList"}


class _Recorded(Mapping[str, Any]):
    """The given context entries, noting which keys the policies asked for."""

    def __init__(self, given: dict[str, Any]) -> None:
        self.given = given
        self.read: dict[str, str] = {}  # canonical name -> the name as the policy wrote it

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        name = canonical(key)
        self.read.setdefault(name, key)
        return name in self.given

    def __getitem__(self, key: str) -> Any:
        return self.given[canonical(key)]

    def get(self, key: str, default: Any = None) -> Any:
        return self.given.get(canonical(key), default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.given)

    def __len__(self) -> int:
        return len(self.given)


def _documents(texts: list[str], member: str) -> list[dict[str, Any]]:
    out = []
    for text in texts:
        try:
            doc = json.loads(text)
        except ValueError:
            raise InvalidInput(f"Invalid {member}: the policy is not valid JSON.") from None
        if not isinstance(doc, dict):
            raise InvalidInput(f"Invalid {member}: the policy is not a JSON object.")
        out.append(doc)
    return out


def _context(entries: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in entries:
        values = [str(v) for v in entry.get("ContextKeyValues") or []]
        name = canonical(str(entry.get("ContextKeyName", "")))
        out[name] = values if entry.get("ContextKeyType") in _LIST_TYPES else (
            values[0] if values else "")
    return out


def _principal_of(arn: str) -> Principal:
    parts = arn.split(":", 5)
    if len(parts) != 6:
        raise InvalidInput(f"Invalid ARN: {arn}")
    if parts[5].startswith("role/"):
        return Principal(parts[4], arn, "assumed-role", "", arn)
    if parts[5].startswith("user/"):
        return Principal.user(arn)
    if parts[5] == "root":
        return Principal.root(parts[4])
    if parts[5].startswith("assumed-role/"):
        return Principal(parts[4], arn, "assumed-role", "", arn)
    raise not_supported(f"policy simulation for {arn}")


def _matched(found: Matched, ids: dict[str, list[str]]) -> dict[str, Any]:
    return {"SourcePolicyId": ids[found.kind][found.document],
            "SourcePolicyType": "resource" if found.kind == "resource" else "none"}


def _simulate(ctx: RequestContext, req: dict[str, Any], principal: Principal,
              identity: list[dict[str, Any]], identity_ids: list[str],
              boundary: dict[str, Any] | None, boundary_id: str) -> dict[str, Any]:
    resource_policy = None
    if req.get("ResourcePolicy"):
        resource_policy = _documents([req["ResourcePolicy"]], "ResourcePolicy")[0]
    ids = {"identity": identity_ids, "boundary": [boundary_id], "session": [],
           "resource": ["ResourcePolicy"]}
    owner = str(req.get("ResourceOwner") or "")
    owner_account = owner.split(":")[4] if owner.count(":") >= 5 else None
    given = _context(req.get("ContextEntries") or [])
    results = []
    for action in req["ActionNames"]:
        for resource in req.get("ResourceArns") or ["*"]:
            keys = _Recorded(given)
            request = AccessRequest(principal, str(action), str(resource), keys)
            decision: Decision = decide(request, identity, boundary=boundary,
                                        resource_policy=resource_policy,
                                        resource_account=owner_account)
            results.append({
                "EvalActionName": action, "EvalResourceName": resource,
                "EvalDecision": decision.decision,
                "MatchedStatements": [_matched(m, ids) for m in decision.matched],
                "MissingContextValues": [k for n, k in keys.read.items() if n not in given],
            })
    return page(results, req, "EvaluationResults")


@service.operation("SimulateCustomPolicy")
def simulate_custom_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The decision of the given policies for each action and resource."""
    if req.get("OrderedOrganizationPolicyInputList"):
        raise not_supported("OrderedOrganizationPolicyInputList")
    identity = _documents(req["PolicyInputList"], "PolicyInputList")
    boundaries = _documents(req.get("PermissionsBoundaryPolicyInputList") or [],
                            "PermissionsBoundaryPolicyInputList")
    caller = req.get("CallerArn")
    principal = _principal_of(caller) if caller else Principal(ctx.account, "", "user")
    return _simulate(ctx, req, principal, identity,
                     [f"PolicyInputList.{i + 1}" for i in range(len(identity))],
                     boundaries[0] if boundaries else None, "PermissionsBoundaryPolicyInputList.1")


def _source_policies(ctx: RequestContext, arn: str) -> tuple[list[dict[str, Any]],
                                                             dict[str, Any] | None]:
    source = evaluator(ctx.state).source
    if source is None:
        raise not_supported("SimulatePrincipalPolicy without identity policies")
    found = source.identity_policies(ctx.state, ctx.account, arn)
    if not found.exists:
        name = arn.rsplit("/", 1)[-1]
        kind = "role" if ":role/" in arn else "user"
        raise NoSuchEntity(f"The {kind} with name {name} cannot be found.")
    return list(found.documents), found.boundary


@service.operation("SimulatePrincipalPolicy")
def simulate_principal_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The decision of a user's or role's policies (plus any given) for each action."""
    arn = str(req["PolicySourceArn"])
    principal = _principal_of(arn)
    own, boundary = _source_policies(ctx, arn)
    extra = _documents(req.get("PolicyInputList") or [], "PolicyInputList")
    given = _documents(req.get("PermissionsBoundaryPolicyInputList") or [],
                       "PermissionsBoundaryPolicyInputList")
    boundary_id = "PermissionsBoundaryPolicyInputList.1" if given else "PermissionsBoundary"
    if given:
        boundary = given[0]
    if req.get("CallerArn"):
        principal = _principal_of(str(req["CallerArn"]))
    ids = [f"policy.{i + 1}" for i in range(len(own))] + [
        f"PolicyInputList.{i + 1}" for i in range(len(extra))]
    return _simulate(ctx, req, principal, own + extra, ids, boundary, boundary_id)


_KEY = re.compile(r"\$\{([^},]+)")


def _context_keys(documents: list[dict[str, Any]]) -> list[str]:
    found: dict[str, str] = {}
    for doc in documents:
        for stmt in statements(doc):
            for keys in (stmt.get("Condition") or {}).values():
                for key in keys if isinstance(keys, dict) else {}:
                    found.setdefault(canonical(str(key)), str(key))
            for value in json.dumps(stmt.get("Resource", "")), json.dumps(stmt.get("Condition")):
                for key in _KEY.findall(value):
                    if key.strip() not in ("*", "?", "$"):
                        found.setdefault(canonical(key.strip()), key.strip())
    return list(found.values())


@service.operation("GetContextKeysForCustomPolicy")
def get_context_keys_for_custom_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """The condition keys (and policy variables) the policies use."""
    return {"ContextKeyNames": _context_keys(_documents(req["PolicyInputList"],
                                                        "PolicyInputList"))}


@service.operation("GetContextKeysForPrincipalPolicy")
def get_context_keys_for_principal_policy(ctx: RequestContext,
                                          req: dict[str, Any]) -> dict[str, Any]:
    own, boundary = _source_policies(ctx, str(req["PolicySourceArn"]))
    extra = _documents(req.get("PolicyInputList") or [], "PolicyInputList")
    return {"ContextKeyNames": _context_keys(own + extra)}
