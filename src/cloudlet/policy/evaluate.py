"""The decision AWS makes for one request, from the policies that apply to it.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
1. An explicit ``Deny`` in any policy (identity, resource, permissions boundary, session)
   wins.
2. Same account: a resource-based policy that names the principal itself (a user's ARN, a
   role session's ARN) allows on its own; one that names a session's role allows within the
   permissions boundary and session policies; one that names only the account delegates to
   the account's identity policies. Cross-account: the resource policy and the identity
   policies must both allow.
3. Otherwise an identity-based policy must allow, and then the permissions boundary (when
   there is one) and the session policies (when there are any) must also allow.
4. Anything else is an implicit deny.
- The root user of an account is allowed everything in its own account (only a resource
  policy's explicit deny stops it); a ``service`` principal is allowed unless a resource
  policy is evaluated for it, which must then allow.

LIMITATIONS: no service control policies, resource control policies or ACLs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from cloudlet.policy.conditions import condition_holds
from cloudlet.policy.documents import Statement, arn_match, as_list, statements, wildcard_match
from cloudlet.policy.variables import substitute
from cloudlet.server.context import Principal

Effect = Literal["Allow", "Deny"]
# How a resource policy's Principal names the caller: itself (a user, a role session, a
# service), the role behind its session, or only its account.
Naming = Literal["exact", "role", "account"]
_RANK = {"exact": 3, "role": 2, "account": 1}
# Why a request is denied (the message's ending, messages.py), or "" when allowed.
Reason = Literal["", "identity-deny", "resource-deny", "boundary-deny", "session-deny",
                 "no-identity", "no-resource", "no-boundary", "no-session"]


@dataclass(frozen=True, slots=True)
class AccessRequest:
    """One call as policy evaluation sees it.

    ``resource`` is an ARN, or ``"*"`` for an action without one; ``context`` holds the
    condition keys (``aws:SourceArn``, ``aws:PrincipalTag/team``: names case-insensitive
    before any ``/``), each a string or a list of strings. A federated principal (web
    identity) has ``kind == "federated"`` and its provider as ``arn``.
    """

    principal: Principal
    action: str
    resource: str = "*"
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Matched:
    """A statement that decided: which policy kind, which of its documents, which statement."""

    kind: Literal["identity", "resource", "boundary", "session"]
    document: int
    statement: int


@dataclass(frozen=True, slots=True)
class Decision:
    decision: Literal["allowed", "explicitDeny", "implicitDeny"]
    reason: Reason = ""
    matched: tuple[Matched, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"


# --- one statement ------------------------------------------------------------------------


def _action_matches(stmt: Statement, action: str) -> bool:
    if "Action" in stmt:
        return any(wildcard_match(str(p), action, ignore_case=True) for p in as_list(stmt["Action"]))
    if "NotAction" in stmt:
        return not any(wildcard_match(str(p), action, ignore_case=True)
                       for p in as_list(stmt["NotAction"]))
    return False


def _resource_in(patterns: list[Any], request: AccessRequest) -> bool:
    for pattern in patterns:
        text = substitute(str(pattern), request.context)
        if text is not None and arn_match(text, request.resource):
            return True
    return False


def _resource_matches(stmt: Statement, request: AccessRequest, resource_policy: bool) -> bool:
    if "Resource" in stmt:
        return _resource_in(as_list(stmt["Resource"]), request)
    if "NotResource" in stmt:
        return not _resource_in(as_list(stmt["NotResource"]), request)
    return resource_policy  # a resource policy may leave Resource out (a trust policy does)


def principal_match(element: Any, principal: Principal) -> Naming | None:
    """How a ``Principal`` element names ``principal``: itself (``exact``), the role of its
    session (``role``), only its account (``account``: a 12-digit id or
    ``arn:aws:iam::ACCOUNT:root``), or not at all (None)."""
    if element == "*":
        return "exact"
    if not isinstance(element, dict):
        return None
    best: Naming | None = None
    for kind, values in element.items():
        for value in as_list(values):
            found = _names(str(kind), str(value), principal)
            if found is not None and (best is None or _RANK[found] > _RANK[best]):
                best = found
    return best


def _names(kind: str, value: str, principal: Principal) -> Naming | None:
    if kind == "Service":
        return "exact" if principal.kind == "service" and principal.arn == value else None
    if kind == "Federated":
        return "exact" if principal.kind == "federated" and principal.arn == value else None
    if kind != "AWS" or principal.kind in ("service", "federated"):
        return None
    if value == "*":
        return "exact"
    account = value if value.isdigit() and len(value) == 12 else None
    if value.startswith("arn:") and value.endswith(":root"):
        account = value.split(":")[4]
    if account is not None:
        if account != principal.account:
            return None
        return "exact" if principal.kind == "root" else "account"
    if value == principal.arn:
        return "exact"
    if value == principal.identity:
        return "role" if principal.kind == "assumed-role" else "exact"
    if ("*" in value or "?" in value) and (wildcard_match(value, principal.arn)
                                           or wildcard_match(value, principal.identity)):
        return "exact"
    return None


def _principal_of(stmt: Statement, principal: Principal) -> Naming | None:
    if "Principal" in stmt:
        return principal_match(stmt["Principal"], principal)
    if "NotPrincipal" in stmt:
        return None if principal_match(stmt["NotPrincipal"], principal) else "exact"
    return None


def statement_matches(stmt: Statement, request: AccessRequest) -> bool:
    """Whether an identity-style statement (no ``Principal``) applies to ``request``."""
    return (_action_matches(stmt, request.action)
            and _resource_matches(stmt, request, False)
            and condition_holds(stmt.get("Condition"), request.context))


# --- one policy, one kind of policy --------------------------------------------------------


@dataclass(slots=True)
class _Outcome:
    deny: list[Matched] = field(default_factory=list)
    allow: list[Matched] = field(default_factory=list)
    # resource policies: the best principal match among allowing statements
    allow_by: Naming | None = None


def _scan(kind: Literal["identity", "resource", "boundary", "session"],
          documents: Sequence[dict[str, Any]], request: AccessRequest) -> _Outcome:
    out = _Outcome()
    for d, document in enumerate(documents):
        for s, stmt in enumerate(statements(document)):
            by: Naming | None = "exact"
            if kind == "resource":
                by = _principal_of(stmt, request.principal)
                if by is None or not (_action_matches(stmt, request.action)
                                      and _resource_matches(stmt, request, True)
                                      and condition_holds(stmt.get("Condition"), request.context)):
                    continue
            elif not statement_matches(stmt, request):
                continue
            effect = stmt.get("Effect")
            if effect == "Deny":
                out.deny.append(Matched(kind, d, s))
            elif effect == "Allow":
                out.allow.append(Matched(kind, d, s))
                if by is not None and (out.allow_by is None
                                       or _RANK[by] > _RANK[out.allow_by]):
                    out.allow_by = by
    return out


def resource_policy_effect(document: dict[str, Any], request: AccessRequest) -> Effect | None:
    """One resource-based policy (a role's trust policy, a function policy) applied to a
    request: ``"Deny"`` if a statement naming the principal denies, else ``"Allow"`` if one
    allows (naming the principal or its account), else None."""
    out = _scan("resource", [document], request)
    if out.deny:
        return "Deny"
    return "Allow" if out.allow else None


def identity_effect(documents: Sequence[dict[str, Any]], request: AccessRequest) -> Effect | None:
    """Identity-based policies (or a boundary, or session policies) applied to a request."""
    out = _scan("identity", documents, request)
    if out.deny:
        return "Deny"
    return "Allow" if out.allow else None


# --- the whole decision --------------------------------------------------------------------


def decide(request: AccessRequest, identity: Sequence[dict[str, Any]], *,
           boundary: dict[str, Any] | None = None,
           session: Sequence[dict[str, Any]] = (),
           resource_policy: dict[str, Any] | None = None,
           resource_account: str | None = None) -> Decision:
    """AWS's decision for ``request`` given the principal's identity policies, its
    permissions boundary, its session policies and the resource's policy (whose owner is
    ``resource_account``, the principal's account when not given)."""
    principal = request.principal
    same_account = resource_account in (None, principal.account)
    resource = _scan("resource", [resource_policy], request) if resource_policy else None
    if resource is not None and resource.deny:
        return Decision("explicitDeny", "resource-deny", tuple(resource.deny))
    if principal.kind == "service":
        if resource_policy is None or (resource is not None and resource.allow):
            return Decision("allowed", "", tuple(resource.allow) if resource else ())
        return Decision("implicitDeny", "no-resource")
    if principal.kind == "root" and same_account:
        return Decision("allowed", "", tuple(resource.allow) if resource else ())
    idp = _scan("identity", identity, request)
    bound = _scan("boundary", [boundary], request) if boundary is not None else None
    sess = _scan("session", session, request) if session else None
    for found, reason in ((idp, "identity-deny"), (bound, "boundary-deny"),
                          (sess, "session-deny")):
        if found is not None and found.deny:
            return Decision("explicitDeny", reason, tuple(found.deny))  # type: ignore[arg-type]
    if same_account and resource is not None and resource.allow_by == "exact":
        return Decision("allowed", "", tuple(resource.allow))
    # naming the role (not the session) allows without an identity policy, but the
    # boundary and the session policies still limit it
    by_role = same_account and resource is not None and resource.allow_by == "role"
    if not idp.allow and not by_role:
        return Decision("implicitDeny", "no-identity")
    if not same_account and (resource is None or not resource.allow):
        return Decision("implicitDeny", "no-resource")
    if bound is not None and not bound.allow:
        return Decision("implicitDeny", "no-boundary")
    if sess is not None and not sess.allow:
        return Decision("implicitDeny", "no-session")
    if by_role and resource is not None and not idp.allow:
        return Decision("allowed", "", tuple(resource.allow))
    matched = idp.allow + (bound.allow if bound else []) + (sess.allow if sess else [])
    return Decision("allowed", "", tuple(matched) + (tuple(resource.allow) if resource else ()))
