"""``cloudlet up [DIR]``: the whole loop in one command. Start cloudlet (a child
``cloudlet start`` on ``--port``, 4566 when free, else a free port; data in
``DIR/.cloudlet``) or use the one at ``--endpoint``; deploy; print the URLs; watch the
files and redeploy what changed:

- the project file (serverless.yml, the template) or any other YAML/JSON file beside it
  (``${file(...)}`` includes): a full deploy;
- anything else (handler code): the functions are packaged again and those whose package
  changed get UpdateFunctionCode, nothing else (Lambda starts new environments for the
  new code on the next invoke).

Ctrl-C or SIGTERM stops the watcher, then the server it started. ``--once`` deploys,
prints and exits (stopping a server it started).
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import click
from watchfiles import DefaultFilter, watch

from cloudlet.cli.cloud import Cloud
from cloudlet.cli.deploy import print_outcome
from cloudlet.cli.deploying import Deployment
from cloudlet.cli.opening import FAILURES, err_console, open_deployment
from cloudlet.cli.options import parse_params
from cloudlet.cli.stacks import DeployError

CONFIG_SUFFIXES = (".yml", ".yaml", ".json")
BUILD_DIRS = (".serverless", ".cloudlet", ".cloudlet-build", ".cloudlet-package", ".aws-sam")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Watched(DefaultFilter):
    """Source changes only: not the build folders, not cloudlet's data."""

    def __init__(self, extra: tuple[Path, ...]) -> None:
        super().__init__(ignore_dirs=(*DefaultFilter.ignore_dirs, *BUILD_DIRS),
                         ignore_paths=tuple(str(p) for p in extra))


class Session:
    """A running ``up``: the server (ours or not), the deployment, what is deployed."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.console = err_console()
        self.server: Any = None
        self.endpoint_url: str = options["endpoint_url"] or ""
        self.known: dict[str, str] = {}  # function name -> deployed CodeSha256
        self.clouds: dict[str, Cloud] = {}  # warm clients, by region

    def start_server(self) -> None:
        if self.endpoint_url:
            return
        from cloudlet.testing import RunningServer

        data_dir = (self.options["data_dir"] or self.options["directory"] / ".cloudlet").resolve()
        port = self.options["port"] or (4566 if _port_free(4566) else None)
        server = RunningServer(data_dir)
        if port:
            server.port, server.url = port, f"http://127.0.0.1:{port}"
        self.console.print(f"starting cloudlet on {server.url} (data in {data_dir}, "
                           f"server log {server.log_path})")
        try:
            self.server = server.start()
        except RuntimeError as error:
            self.console.print(f"[red]✖ {error}[/]")
            raise SystemExit(1) from None
        self.endpoint_url = server.url

    def stop_server(self) -> None:
        if self.server is not None:
            self.console.print("stopping cloudlet")
            self.server.stop()
            self.server = None

    def deployment(self) -> Deployment:
        o = self.options
        return open_deployment(o["directory"], self.endpoint_url, o["region"], o["stage"],
                               o["params"], o["stack_name"], clouds=self.clouds)

    def full_deploy(self) -> bool:
        try:
            deployment = self.deployment()
            outcome = deployment.deploy()
        except click.ClickException as error:
            self.console.print(f"[red]✖ {error.message}[/]")
            return False
        except FAILURES as error:
            self._failed(error)
            return False
        self.known.clear()
        print_outcome(deployment, outcome)
        stack = quote(deployment.project.stack_name)
        self.console.print(f"console: {self.endpoint_url}/_cloudlet/console/stacks/{stack}"
                           f"?region={deployment.cloud.region}", highlight=False)
        return True

    def code_update(self) -> None:
        began = time.perf_counter()
        try:
            results = self.deployment().update_code(known=self.known)
        except (click.ClickException, *FAILURES) as error:
            self._failed(error)
            return
        updated = [p.key for p, changed in results if changed]
        spent = time.perf_counter() - began
        if updated:
            self.console.print(f"[green]✔ code updated[/]: {', '.join(updated)} ({spent:.2f}s)")
        else:
            self.console.print(f"no function's code changed ({spent:.2f}s)")

    def _failed(self, error: Exception) -> None:
        self.console.print(f"[red]✖ {error}[/]")
        if isinstance(error, DeployError):
            for logical_id, kind, reason in error.failures:
                self.console.print(f"  [red]{logical_id}[/] ({kind}): {reason}")

    def watch(self, stop: threading.Event) -> None:
        directory = self.options["directory"].resolve()
        data = (self.options["data_dir"] or directory / ".cloudlet").resolve()
        self.console.print(f"watching {directory} for changes (Ctrl-C to stop)")
        for changes in watch(directory, watch_filter=Watched((data,)), debounce=80, step=20,
                             stop_event=stop, rust_timeout=200, raise_interrupt=False):
            paths = {Path(p) for _, p in changes}
            if any(p.suffix in CONFIG_SUFFIXES and p.parent == directory for p in paths):
                self.console.print("configuration changed: deploying")
                self.full_deploy()
            else:
                names = ", ".join(sorted(str(p.relative_to(directory)) for p in paths
                                         if p.is_relative_to(directory)))
                self.console.print(f"changed: {names}")
                self.code_update()


@click.command()
@click.argument("directory", required=False, default=".",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=int, default=None, help="Port of the server up starts "
              "(default 4566 when free, else any free port).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Data of the server up starts (default DIR/.cloudlet).")
@click.option("--endpoint", "--endpoint-url", "endpoint_url", default=None,
              envvar="CLOUDLET_ENDPOINT",
              help="Use the cloudlet running there instead of starting one.")
@click.option("--region", "-r", default=None)
@click.option("--stage", "-s", default=None)
@click.option("--param", "params", multiple=True, metavar="K=V")
@click.option("--stack-name", default=None)
@click.option("--once", is_flag=True, help="Deploy, print the URLs and exit.")
def up(**options: Any) -> None:
    """Start cloudlet, deploy DIR, print its URLs, and redeploy on every change."""
    parse_params(options["params"])
    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # we say what changed
    session = Session(options)
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        session.start_server()
        ok = session.full_deploy()
        if options["once"]:
            if not ok:
                raise SystemExit(1)
            return
        session.watch(stop)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        session.stop_server()
