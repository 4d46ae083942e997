"""Function credentials: each execution environment gets a session of its execution role.

https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-runtime.html
- Lambda sets ``AWS_ACCESS_KEY_ID`` (``ASIA...``), ``AWS_SECRET_ACCESS_KEY`` and
  ``AWS_SESSION_TOKEN`` of a session of the function's role named after the function:
  ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/FUNCTION``. Here that session is issued by
  ``state.credentials`` when the environment starts (one SQLite insert, no IAM lookup: a
  role that IAM does not hold still gets its session, whose calls then evaluate to deny).
- The session lasts ``LIFETIME_S`` on the server's clock; an environment is not reused
  once less than ``RENEW_BEFORE_S`` of it is left (``fresh``), so no environment outlives
  its credentials: the next invoke starts a new environment with a new session, as Lambda
  recycles environments. A stopped environment's key is revoked.
- The session's ``extra`` names the function's log group and stream, so a call IAM would
  deny is logged in the function's own log (``server.authorize``).

LIMITATIONS: a function whose role ARN names another account (a made-up role in tests)
gets placeholder keys naming the function's account, as before, not a session. The role's existence and trust policy (``lambda.amazonaws.com``) are not
checked when the session is issued (Lambda checks them at CreateFunction).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cloudlet.server.context import Principal

if TYPE_CHECKING:
    from cloudlet.clock import Clock
    from cloudlet.runtime.spec import FunctionSpec
    from cloudlet.server.credentials import CredentialStore

log = logging.getLogger("cloudlet")

LIFETIME_S = 6 * 3600.0
RENEW_BEFORE_S = 15 * 60.0  # environments retire 5 h 45 min into a 6 h session


@dataclass(frozen=True, slots=True)
class SessionKeys:
    access_key: str
    secret: str
    token: str
    expires: float  # epoch seconds on the server's clock

    def variables(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret,
                "AWS_SESSION_TOKEN": self.token}


class FunctionCredentials:
    """Issues, checks and revokes the sessions of execution environments (by env id)."""

    def __init__(self, store: CredentialStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._by_env: dict[str, SessionKeys] = {}

    def issue(self, env_id: str, spec: FunctionSpec, log_stream: str) -> SessionKeys | None:
        """A new session of ``spec.role`` for environment ``env_id`` (None without a role
        ARN of the function's own account, or when the store fails: the environment then
        gets placeholder keys naming its account)."""
        parts = spec.role.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or not parts[5].startswith("role/"):
            return None
        if parts[4] != spec.account:  # Lambda's roles are the function's account's
            return None
        now = self.clock.now()
        try:
            key = self.store.issue(
                Principal.role_session(spec.role, spec.name), expires=now + LIFETIME_S, now=now,
                extra={"log_group": spec.log_group_name, "log_stream": log_stream,
                       "function_arn": spec.arn, "region": spec.region})
        except Exception as e:  # a closed or broken store must not fail the cold start
            log.warning("runtime: no credentials for %s: %s", spec.name, e)
            return None
        keys = SessionKeys(key.access_key, key.secret, key.session_token, now + LIFETIME_S)
        self._by_env[env_id] = keys
        return keys

    def fresh(self, env_id: str) -> bool:
        """Whether the environment's session has more than ``RENEW_BEFORE_S`` left."""
        keys = self._by_env.get(env_id)
        return keys is None or self.clock.now() < keys.expires - RENEW_BEFORE_S

    def release(self, env_id: str) -> None:
        """Revoke the session of a stopped environment."""
        keys = self._by_env.pop(env_id, None)
        if keys is None:
            return
        try:
            self.store.revoke(keys.access_key)
        except Exception as e:  # the store may be closed at shutdown: the key expires anyway
            log.debug("runtime: could not revoke %s: %s", keys.access_key, e)
