"""Server settings, from the command line or the environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 4566
    data_dir: Path = Path(".cloudlet")
    # Lambda: the account-wide concurrency limit and the idle time before a warm
    # execution environment is reaped.
    account_concurrency: int = 1000
    idle_timeout_s: float = 300.0
    # "auto": namespaces and cgroups where the OS allows; "none": rlimits only.
    isolation: str = "auto"
    # Lambda: how long a new function stays Pending and an updated one InProgress.
    lambda_state_delay_s: float = 0.05
    # "real", or "manual": time moves only by POST /_cloudlet/clock (tests; cloudlet.clock).
    clock: str = "real"
    # Where a manual clock starts (epoch seconds; None: now).
    clock_start: float | None = None
    # "off": any credentials (the account from the key id); "on": SigV4 verified against
    # the keys this server issued (server/credentials.py).
    auth: str = "off"
    # IAM policy evaluation: "off", "warn" (log what AWS would deny) or "enforce".
    iam: str = "warn"
    # Functions' network: "isolated" (a network namespace whose only path leads to the
    # edge port, where the OS allows it) or "host" (the host's loopback, every port).
    function_network: str = "isolated"

    @property
    def endpoint_url(self) -> str:
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"
