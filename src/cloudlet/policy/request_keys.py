"""The global condition keys of a call, computed only when a policy asks for them.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- ``aws:PrincipalArn`` (a session's role ARN, a user's ARN), ``aws:PrincipalAccount``,
  ``aws:PrincipalType`` (``Account``, ``User``, ``AssumedRole``, ``FederatedUser``),
  ``aws:username`` (users), ``aws:userid`` (when the session knows it),
  ``aws:PrincipalTag/K`` (the session's tags), ``aws:RequestedRegion``,
  ``aws:CurrentTime``/``aws:EpochTime`` (the server's clock), ``aws:SecureTransport``
  (``false``: the edge is plain HTTP), ``aws:SourceIp`` (the client's address),
  ``aws:SourceArn``/``aws:SourceAccount`` (when a service acts for a resource),
  ``aws:RequestTag/K`` and ``aws:TagKeys`` (the request's ``Tags``), ``aws:ViaAWSService``.
- Which keys a decision read is kept (``read``), so a cached decision is reused only for a
  call whose values of those keys are the same; a decision that read the time is not kept.

LIMITATIONS: service-specific keys (``dynamodb:LeadingKeys``, ``s3:prefix``, ...) are
missing, so conditions on them see a missing key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from cloudlet.server.context import Principal

TIME_KEYS = frozenset({"aws:currenttime", "aws:epochtime"})
_TYPES = {"root": "Account", "user": "User", "assumed-role": "AssumedRole",
          "federated": "FederatedUser"}


def canonical(key: str) -> str:
    prefix, slash, rest = key.partition("/")
    return prefix.lower() + slash + rest


def request_tags(req: dict[str, Any]) -> dict[str, str]:
    """The tags a request sets: ``Tags`` as ``[{Key, Value}]`` or a map, or ``tags``."""
    found = req.get("Tags", req.get("tags"))
    if isinstance(found, dict):
        return {str(k): str(v) for k, v in found.items()}
    if isinstance(found, list):
        return {str(t.get("Key", t.get("key", ""))): str(t.get("Value", t.get("value", "")))
                for t in found if isinstance(t, dict)}
    return {}


class RequestKeys(Mapping[str, Any]):
    """A read-only, lazily computed condition-key mapping that records what was read."""

    __slots__ = ("_principal", "_region", "_now", "_extra", "_req", "_tags", "_values", "read")

    def __init__(self, principal: Principal, region: str, now: Callable[[], float],
                 req: dict[str, Any], *, session_tags: Mapping[str, str] | None = None,
                 extra: Mapping[str, Any] | None = None) -> None:
        self._principal = principal
        self._region = region
        self._now = now
        self._extra = extra or {}
        self._req = req
        self._tags = session_tags or {}
        self._values: dict[str, Any] | None = None
        self.read: set[str] = set()

    def _all(self) -> dict[str, Any]:
        if self._values is not None:
            return self._values
        p = self._principal
        values: dict[str, Any] = {
            "aws:principalarn": p.identity or p.arn,
            "aws:principalaccount": p.account,
            "aws:requestedregion": self._region,
            "aws:securetransport": "false",
            "aws:viaawsservice": "false",
        }
        if p.kind in _TYPES:
            values["aws:principaltype"] = _TYPES[p.kind]
        if p.kind == "user":
            values["aws:username"] = p.arn.rsplit("/", 1)[-1]
        for name, key in (("aws:userid", "userid"), ("aws:sourceip", "source_ip"),
                          ("aws:sourcearn", "source_arn"), ("aws:sourceaccount", "source_account"),
                          ("aws:sourceidentity", "source_identity")):
            if self._extra.get(key):
                values[name] = str(self._extra[key])
        for tag, value in self._tags.items():
            values[f"aws:principaltag/{tag}"] = str(value)
        tags = request_tags(self._req)
        if tags:
            values["aws:tagkeys"] = list(tags)
            for tag, value in tags.items():
                values[f"aws:requesttag/{tag}"] = value
        for key, value in self._extra.get("condition_keys", {}).items():
            values[canonical(key)] = value
        self._values = values
        return values

    def _time(self, key: str) -> str:
        now = self._now()
        if key == "aws:epochtime":
            return str(int(now))
        return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def __getitem__(self, key: str) -> Any:
        name = canonical(key)
        self.read.add(name)
        if name in TIME_KEYS:
            return self._time(name)
        return self._all()[name]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        name = canonical(key)
        self.read.add(name)
        return name in TIME_KEYS or name in self._all()

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:  # noqa: SIM401 (Mapping.get would call this method)
            return self[key]
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def snapshot(self, names: tuple[str, ...]) -> tuple[Any, ...]:
        """The values of ``names`` now (without recording them)."""
        values = self._all()
        return tuple(_frozen(values.get(n)) for n in names)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
