"""``cloudlet start``: run the server in the foreground."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from cloudlet.config import Config


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, envvar="CLOUDLET_HOST")
@click.option("--port", default=4566, show_default=True, type=int, envvar="CLOUDLET_PORT")
@click.option("--data-dir", default=".cloudlet", show_default=True, type=click.Path(path_type=Path),
              envvar="CLOUDLET_DATA_DIR", help="Where tables, functions, code and logs are kept.")
@click.option("--account-concurrency", default=1000, show_default=True, type=int,
              help="Lambda: concurrent executions allowed per account.")
@click.option("--idle-timeout", default=300.0, show_default=True, type=float,
              help="Lambda: seconds before an idle warm environment is stopped.")
@click.option("--isolation", type=click.Choice(["auto", "none"]), default="auto", show_default=True,
              help="auto: namespaces and cgroups where allowed; none: rlimits only.")
@click.option("--lambda-state-delay", default=50, show_default=True, type=click.IntRange(0),
              envvar="CLOUDLET_LAMBDA_STATE_DELAY",
              help="Lambda: milliseconds a new function stays Pending and an updated one "
                   "InProgress (on AWS: seconds).")
@click.option("--clock", type=click.Choice(["real", "manual"]), default="real", show_default=True,
              envvar="CLOUDLET_CLOCK",
              help="manual: time moves only by POST /_cloudlet/clock (for tests).")
@click.option("--clock-start", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
              default=None, help="With --clock manual: the UTC date (and time) it starts at.")
@click.option("--auth", type=click.Choice(["off", "on"]), default="off", show_default=True,
              envvar="CLOUDLET_AUTH",
              help="on: every request's SigV4 signature is checked against keys cloudlet "
                   "issued (cloudlet accounts create); off: any credentials.")
@click.option("--iam", type=click.Choice(["off", "warn", "enforce"]), default="warn",
              show_default=True, envvar="CLOUDLET_IAM",
              help="IAM policies: warn logs what AWS would deny; enforce denies it.")
@click.option("--function-network", type=click.Choice(["isolated", "host"]), default="isolated",
              show_default=True, envvar="CLOUDLET_FUNCTION_NETWORK",
              help="isolated: functions reach only cloudlet's port (where the OS allows); "
                   "host: every loopback service.")
def start(host: str, port: int, data_dir: Path, account_concurrency: int, idle_timeout: float,
          isolation: str, lambda_state_delay: int, clock: str,
          clock_start: datetime | None, auth: str, iam: str, function_network: str) -> None:
    """Start cloudlet and serve every API on one port until Ctrl-C or SIGTERM."""
    from cloudlet.server.serve import install_fast_loop, serve

    logging.basicConfig(level=logging.INFO, format="cloudlet: %(message)s")
    config = Config(host=host, port=port, data_dir=data_dir, account_concurrency=account_concurrency,
                    idle_timeout_s=idle_timeout, isolation=isolation, clock=clock,
                    lambda_state_delay_s=lambda_state_delay / 1000,
                    clock_start=clock_start.replace(tzinfo=UTC).timestamp() if clock_start else None,
                    auth=auth, iam=iam, function_network=function_network)
    install_fast_loop()
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then raises the signal again; end
    # quietly with status 0 when it does.
    signal.signal(signal.SIGTERM, _exit_quietly)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(config))


def _exit_quietly(signum: int, frame: object) -> None:
    sys.exit(0)
