"""Who is looking: the viewer's principal, account and region.

- ``--auth off``: anyone; the account and region come from the query string (``account``,
  ``region``: what the switcher sets, so a link carries them), else the cookies the
  switcher left, else the defaults. The principal is the account's root, as an unsigned
  boto3 call with that account's key id would be.
- ``--auth on``: a signed-in session. The sign-in form takes an access key pair cloudlet
  issued (``cloudlet accounts create`` prints them); the session remembers the key id only,
  so a key made Inactive or deleted ends the session at the next page. The principal is the
  key's (an account root or an IAM user, whose policies then apply to every console call).

LIMITATIONS: sessions live in the server's memory (a restart signs everyone out); the
console does not take session (``ASIA``) keys.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING

from cloudlet.server.context import DEFAULT_ACCOUNT, DEFAULT_REGION, Principal

if TYPE_CHECKING:
    from cloudlet.server.http import Request
    from cloudlet.server.state import ServerState

SESSION_COOKIE = "cloudlet-console"
ACCOUNT_COOKIE = "cloudlet-account"
REGION_COOKIE = "cloudlet-region"
ACCOUNT = re.compile(r"\d{12}")
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")

_sessions: dict[str, str] = {}  # session token -> access key id


@dataclass(frozen=True, slots=True)
class Viewer:
    principal: Principal | None  # None: --auth on and not signed in
    account: str
    region: str
    signed_in: bool  # --auth on with a session (always False with --auth off)


def cookies(request: Request) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request.headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no cookie
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def auth_on(state: ServerState) -> bool:
    return state.config.auth == "on"


def viewer_of(state: ServerState, request: Request, query: dict[str, str]) -> Viewer:
    jar = cookies(request)
    region = query.get("region") or jar.get(REGION_COOKIE) or DEFAULT_REGION
    if not REGION.fullmatch(region):
        region = DEFAULT_REGION
    if auth_on(state):
        key = _sessions.get(jar.get(SESSION_COOKIE, ""))
        issued = state.credentials.find(key) if key else None
        if issued is None or issued.status != "Active" or issued.expired(state.clock.now()):
            return Viewer(None, DEFAULT_ACCOUNT, region, False)
        return Viewer(issued.principal, issued.principal.account, region, True)
    account = query.get("account") or jar.get(ACCOUNT_COOKIE) or DEFAULT_ACCOUNT
    if not ACCOUNT.fullmatch(account):
        account = DEFAULT_ACCOUNT
    return Viewer(Principal.root(account), account, region, False)


def sign_in(state: ServerState, access_key: str, secret: str) -> str | None:
    """A new session token for a valid, active long-term key pair; None otherwise."""
    issued = state.credentials.find(access_key.strip())
    if issued is None or issued.session_token or issued.status != "Active":
        return None
    if issued.expired(state.clock.now()) or not hmac.compare_digest(issued.secret, secret.strip()):
        return None
    token = secrets.token_urlsafe(32)
    _sessions[token] = issued.access_key
    return token


def sign_out(request: Request) -> None:
    _sessions.pop(cookies(request).get(SESSION_COOKIE, ""), None)
