"""Start cloudlet (embedded SQLite in ./.cloudlet), deploy an example app, run it end to end.

    python examples/run.py hello|mafia|events [--data-dir .cloudlet]

mafia is brought up as a user would: ``cloudlet up examples/mafia --stage game`` (its
serverless.yml: a server started, the service deployed, its URLs printed), then a game is
played over HTTP through the printed URLs and ``up`` is stopped with Ctrl-C (SIGINT).
``--boto3`` (and the other apps) deploy with boto3 instead: each app's
``demo(session, prefix)`` deploys it and answers the lines to print.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import boto3

from cloudlet.testing import RunningServer, free_port

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"(?:GET|POST) - (http://\S+)")


def load_app(name: str):  # type: ignore[no-untyped-def]
    path = ROOT / "examples" / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_boto3(app, name: str, data_dir: Path) -> int:  # type: ignore[no-untyped-def]
    server = RunningServer(data_dir.resolve())
    print(f"starting cloudlet on {server.url}, data in {data_dir}/")
    server.start()
    try:
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                region_name="us-east-1")
        os.environ["AWS_ENDPOINT_URL"] = server.url
        began = time.perf_counter()
        for line in app.demo(session, prefix=f"{name}-{uuid.uuid4().hex[:6]}"):
            print(line)
        print(f"deployed and played in {time.perf_counter() - began:.2f}s: ok")
        return 0
    finally:
        server.stop()


def with_up(app, name: str, data_dir: Path) -> int:  # type: ignore[no-untyped-def]
    """``cloudlet up examples/NAME``, then play over the URLs it printed."""
    port = free_port()
    command = [sys.executable, "-m", "cloudlet", "up", str(ROOT / "examples" / name),
               "--port", str(port), "--data-dir", str(data_dir.resolve()),
               "--stage", app.STAGE]
    print("$ cloudlet up examples/" + name + f" --stage {app.STAGE}")
    began = time.perf_counter()
    up = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert up.stdout is not None
        for line in up.stdout:
            lines.append(line)
            print("  | " + line, end="")
            if "watching" in line or "✖" in line:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        ready.wait(180)
        urls = URL.findall("".join(lines))
        if not urls:
            print("cloudlet up printed no URLs: failed")
            return 1
        host = urllib.parse.urlsplit(urls[0]).netloc
        api = app.Api(host.split(".", 1)[0], f"http://127.0.0.1:{port}")
        deployed = time.perf_counter() - began
        for line in app.play_http(api):
            print(line)
        played = time.perf_counter() - began - deployed
    finally:
        up.send_signal(signal.SIGINT)
        up.wait(30)
        reader.join(5)
    print(f"up in {deployed:.2f}s, played in {played:.2f}s, stopped: ok")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("app", choices=["hello", "mafia", "events"])
    parser.add_argument("--data-dir", default=".cloudlet", type=Path)
    parser.add_argument("--boto3", action="store_true", help="deploy with boto3, not up")
    args = parser.parse_args()
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(proxy, None)
    app = load_app(args.app)
    if args.app == "mafia" and not args.boto3:
        return with_up(app, args.app, args.data_dir)
    return with_boto3(app, args.app, args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
