"""Every figure of issue 16 in one run, beside the peers, with the goals: one command.

    .venv/bin/python bench/run.py [--peers] [--quick] [--against REV] [--only a,b] [--scale]

Starts cloudlet (``--auth off``, the default), with ``--peers`` dynalite, MiniStack and moto,
and always the bare uvicorn+uvloop+httptools floor; measures raw DynamoDB rates with wrk at
16 connections, DynamoDB and Lambda through boto3, cold starts and memory; prints one
table: figure | cloudlet | [REV | HEAD/REV] | peers | ratio | goal | met?. ``--against REV``
measures a git worktree of REV the same way in the same run. ``--only`` takes groups (raw,
boto3, lambda, memory) or figure keys (raw_get, put_1, cold_client, ...). ``--scale`` adds
the curves of scale_figures (warm invoke p50 with up to 200 warm functions, GetItem p50 with
up to 1,000 tables), on a cloudlet server of their own, after the table's figures.

Raw figures move +-30% between runs on shared machines: compare the ratios of one run.
Every loop is bounded in time and count, everything binds 127.0.0.1, and everything started
is stopped at the end, on Ctrl-C and on SIGTERM too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import FrameType

for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(proxy, None)
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import dynamo_figures  # noqa: E402
import lambda_figures  # noqa: E402
import raw_http  # noqa: E402
import scale_figures  # noqa: E402
from cloudlet.testing import RunningServer, free_port  # noqa: E402
from dynamo_figures import Target  # noqa: E402
from figures import Figure, render  # noqa: E402
from floor import Process, start_floor  # noqa: E402
from peers import start_dynalite, start_ministack, start_moto  # noqa: E402
from worktree import Worktree  # noqa: E402

# Transitions settle at once, so a cold start is measured right after the update forcing
# it; warm environments stay for the whole run.
SERVER_OPTIONS = (("--idle-timeout", "600"), ("--lambda-state-delay", "0"))


def all_figures() -> list[Figure]:
    return (dynamo_figures.raw_figures() + dynamo_figures.boto3_figures()
            + lambda_figures.lambda_figures() + lambda_figures.memory_figures())


def selected(only: str | None) -> list[Figure]:
    figures = all_figures()
    if not only:
        return figures
    wanted = {w.strip() for w in only.split(",") if w.strip()}
    known = {f.key for f in figures} | {f.group for f in figures}
    if wanted - known:
        sys.exit(f"--only: unknown {', '.join(sorted(wanted - known))}; "
                 f"known: {', '.join(sorted(known))}")
    if "put_scaling" in wanted:
        wanted |= {"put_1", "put_8"}
    return [f for f in figures if f.key in wanted or f.group in wanted]


def have_wrk() -> bool:
    if raw_http.available():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("  wrk is missing: apt-get install -y wrk ...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, timeout=300,
                       check=False)
    if raw_http.available():
        return True
    print("  (raw rows skipped: wrk is not installed and could not be installed)")
    return False


def server_args(help_text: str) -> list[str]:
    return [part for option in SERVER_OPTIONS if option[0] in help_text for part in option]


def start_cloudlet(stack: ExitStack, data: Path, help_text: str,
                   env: dict[str, str] | None = None) -> tuple[RunningServer, float]:
    """A started server and its idle RSS (MB), read 1 s after it answered."""
    server = RunningServer(data, *server_args(help_text), env=env).start()
    stack.callback(server.stop)
    assert server.proc is not None
    time.sleep(1.0)
    return server, lambda_figures.idle_rss_mb(server.proc.pid)


def start_peer(stack: ExitStack, start: object) -> Process | None:
    peer = start() if callable(start) else None
    if peer is not None:
        stack.callback(peer.stop)
    return peer


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peers", action="store_true", help="also dynalite, MiniStack, moto")
    parser.add_argument("--quick", action="store_true", help="shorter loops (~3 min)")
    parser.add_argument("--against", metavar="REV", help="also measure this git revision")
    parser.add_argument("--only", metavar="A,B", help="groups or figure keys to measure")
    parser.add_argument("--scale", action="store_true", help="also the scale curves (slow)")
    args = parser.parse_args()
    figures = selected(args.only)
    groups = {f.group for f in figures}
    raw_s, boto3_s, lambda_s = (2.0, 1.0, 1.0) if args.quick else (5.0, 3.0, 3.0)
    cold_runs = 8 if args.quick else 15
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in background
    began = time.monotonic()
    scale = ""
    tmp = Path(tempfile.mkdtemp(prefix="cloudlet-bench-run-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, True)
        print("starting servers ...", flush=True)
        here_help = subprocess.run([sys.executable, "-m", "cloudlet", "start", "--help"],
                                   capture_output=True, text=True, timeout=60).stdout
        cloudlets: list[tuple[str, RunningServer]] = []
        server, rss = start_cloudlet(stack, tmp / "head", here_help)
        cloudlets.append(("cloudlet", server))
        rss_values = {"cloudlet": rss}
        rev = args.against
        if rev:
            tree = Worktree(rev)
            stack.callback(tree.remove)
            server, rss = start_cloudlet(stack, tmp / "rev", tree.start_options(), tree.env)
            cloudlets.append((rev, server))
            rss_values[rev] = rss
        peers: dict[str, Process] = {}
        if args.peers and groups & {"raw", "boto3", "lambda"}:
            for start in (start_dynalite, start_ministack, start_moto):
                peer = start_peer(stack, start)
                if peer is not None:
                    peers[peer.name] = peer
        floor = start_peer(stack, lambda: start_floor(free_port()))
        assert floor is not None
        targets = [Target(name, s.url, s.proc.pid if s.proc else None) for name, s in cloudlets]
        ddb_targets = targets + [Target(n, p.url, p.proc.pid) for n, p in peers.items()]
        floor_target = Target("floor", floor.url, None)

        by_group: dict[str, list[Figure]] = {}
        for fig in figures:
            by_group.setdefault(fig.group, []).append(fig)
        if groups & {"raw", "boto3"}:
            print("loading 1,100 items into each DynamoDB ...", flush=True)
            for target in list(ddb_targets):
                try:
                    dynamo_figures.prepare(target.url)
                except Exception as exc:  # noqa: BLE001 (a peer's failure is reported)
                    print(f"  ({target.name} DynamoDB not measured: {exc})")
                    ddb_targets.remove(target)
        if "raw" in by_group and have_wrk():
            print("raw DynamoDB with wrk ...", flush=True)
            dynamo_figures.measure_raw(by_group["raw"], ddb_targets + [floor_target], raw_s)
        if "boto3" in by_group:
            print("DynamoDB through boto3 ...", flush=True)
            dynamo_figures.measure_boto3(by_group["boto3"], ddb_targets + [floor_target],
                                         boto3_s)
        for fig in by_group.get("memory", []):
            if fig.key == "idle_rss":
                fig.values.update(rss_values)
            elif fig.key == "env_private":
                for name, server in cloudlets:
                    assert server.proc is not None
                    fig.values[name] = lambda_figures.env_private_mb(server.url, server.proc.pid)
        if "lambda" in by_group:
            print("Lambda ...", flush=True)
            lambda_targets = [(t.name, t.url) for t in targets]
            if "MiniStack" in peers:
                lambda_targets.append(("MiniStack", peers["MiniStack"].url))
            lambda_figures.measure_lambda(by_group["lambda"], lambda_targets, floor.url,
                                          cold_runs, lambda_s)
        if args.scale:
            print("scale curves ...", flush=True)
            scale = scale_figures.measure(tmp / "scale", server_args(here_help), args.quick)
    print(f"\nissue 16 figures, one run ({time.monotonic() - began:.0f} s, "
          f"{'quick' if args.quick else 'full'} loops, {os.cpu_count()} cores):\n")
    print(render(figures, rev))
    print("- cloudlet = this checkout's work tree" + (
        f"; {rev} = a git worktree of that revision; HEAD/{rev} = ratio of the values (ms, MB: lower "
        "is better)" if rev else ""))
    if args.scale:
        print("\n" + scale)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: everything started was stopped")
