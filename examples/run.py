"""Start cloudlet (embedded SQLite in ./.cloudlet), deploy an example app, run it end to end.

    python examples/run.py hello|mafia|events [--data-dir .cloudlet]

Each app's ``demo(session, prefix)`` deploys it with boto3 and answers the lines to print:
its URLs, then the transcript of a run over HTTP.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import uuid
from pathlib import Path

import boto3

from cloudlet.testing import RunningServer

ROOT = Path(__file__).resolve().parent.parent


def load_app(name: str):  # type: ignore[no-untyped-def]
    path = ROOT / "examples" / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("app", choices=["hello", "mafia", "events"])
    parser.add_argument("--data-dir", default=".cloudlet", type=Path)
    args = parser.parse_args()
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(proxy, None)
    app = load_app(args.app)
    server = RunningServer(args.data_dir.resolve())
    print(f"starting cloudlet on {server.url}, data in {args.data_dir}/")
    server.start()
    try:
        session = boto3.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                region_name="us-east-1")
        os.environ["AWS_ENDPOINT_URL"] = server.url
        began = time.perf_counter()
        for line in app.demo(session, prefix=f"{args.app}-{uuid.uuid4().hex[:6]}"):
            print(line)
        print(f"deployed and played in {time.perf_counter() - began:.2f}s: ok")
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
