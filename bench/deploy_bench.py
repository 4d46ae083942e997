"""Deployment benchmark: the Mafia example (examples/mafia/serverless.yml) deployed with
``cloudlet deploy`` against a fresh server, beside ``serverless package`` of the same file.

Run: ``.venv/bin/python bench/deploy_bench.py``

Measured, each as the user's command (a new ``python -m cloudlet`` process, wall time) and
as the deploy itself (the time the command prints, without interpreter start-up and
imports, which is what ``cloudlet up`` pays on every redeploy):

1. deploy from nothing (stack created, artifacts uploaded, stack updated), goal < 2 s;
2. redeploy unchanged ("No changes to deploy"), goal < 0.3 s;
3. redeploy one changed function (``deploy function -f newGame``, code only), goal < 0.5 s.

The two redeploys are also timed in one process with warm clients, as ``cloudlet up``
runs them. Baseline, in the same run: ``serverless package`` (serverless@3 from npm, installed in
/var/tmp/cloudlet-sls when missing; skipped with a message when it cannot be) for the same
serverless.yml: only compiling and zipping, no deployment at all. Ratios are printed as
baseline / cloudlet. Everything started is stopped at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cloudlet.testing import RunningServer  # noqa: E402

SLS_DIR = Path("/var/tmp/cloudlet-sls")
SLS = SLS_DIR / "node_modules" / ".bin" / "serverless"
INNER = re.compile(r"\((\d+\.\d+)s\)")
GOALS = {"deploy from nothing": 2.0, "redeploy unchanged": 0.3,
         "redeploy one changed function": 0.5}


def cloudlet(server: RunningServer, *args: str) -> tuple[float, float, str]:
    """(wall seconds, seconds the command reports, output) of one CLI run."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cloudlet", *args, "--endpoint", server.url],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"cloudlet {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    found = INNER.findall(done.stdout)
    return wall, float(found[-1]) if found else wall, done.stdout


def serverless_package(service: Path) -> float | None:
    """Seconds for ``serverless package`` of the same service, or None (with why)."""
    if not SLS.exists():
        if shutil.which("npm") is None:
            print("serverless package: skipped (no npm)")
            return None
        print(f"installing serverless@3 into {SLS_DIR} ...")
        SLS_DIR.mkdir(parents=True, exist_ok=True)
        installed = subprocess.run(["npm", "install", "--no-audit", "--no-fund",
                                    "--prefix", str(SLS_DIR), "serverless@3"],
                                   capture_output=True, text=True, timeout=600)
        if installed.returncode != 0 or not SLS.exists():
            print(f"serverless package: skipped (npm install failed: {installed.stderr[-300:]})")
            return None
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off",
           "SERVERLESS_PLATFORM_STAGE": "", "SLS_DEPRECATION_DISABLE": "*"}
    began = time.perf_counter()
    done = subprocess.run([str(SLS), "package", "--stage", "bench", "--region", "us-east-1"],
                          cwd=service, capture_output=True, text=True, timeout=300, env=env)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        print(f"serverless package: skipped (it failed: {(done.stdout + done.stderr)[-300:]})")
        return None
    return seconds


def warm_process(server: RunningServer, service: Path, handler: Path) -> dict[str, float]:
    """The same redeploys in one process with warm clients, as ``cloudlet up`` runs them
    (each still re-reads serverless.yml and compiles/zips the service)."""
    from cloudlet.cli.cloud import Cloud
    from cloudlet.cli.deploying import Deployment
    from cloudlet.cli.opening import open_deployment

    clouds: dict[str, Cloud] = {}

    def deployment() -> Deployment:
        return open_deployment(service, server.url, None, "bench", (), None, clouds=clouds)

    deployment().deploy()  # clients made, models loaded
    began = time.perf_counter()
    assert not deployment().deploy().changed
    unchanged = time.perf_counter() - began
    handler.write_text(handler.read_text() + "\n# changed again\n")
    began = time.perf_counter()
    updated = deployment().update_code({"newGame"})
    assert updated and updated[0][1], updated
    return {"redeploy unchanged": unchanged,
            "redeploy one changed function": time.perf_counter() - began}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cloudlet-deploy-bench-") as tmp:
        work = Path(tmp)
        service = work / "mafia"
        shutil.copytree(ROOT / "examples" / "mafia", service,
                        ignore=shutil.ignore_patterns(".serverless", ".cloudlet", "__pycache__"))
        server = RunningServer(work / "data").start()
        results: dict[str, tuple[float, float]] = {}
        warm: dict[str, float] = {}
        try:
            wall, inner, _ = cloudlet(server, "deploy", str(service), "--stage", "bench")
            results["deploy from nothing"] = (wall, inner)
            wall, inner, out = cloudlet(server, "deploy", str(service), "--stage", "bench")
            assert "No changes to deploy" in out, out
            results["redeploy unchanged"] = (wall, inner)
            handler = service / "src" / "new_game.py"
            handler.write_text(handler.read_text() + "\n# changed by the benchmark\n")
            wall, inner, out = cloudlet(server, "deploy", "function", "-f", "newGame",
                                        str(service), "--stage", "bench")
            assert "Function code deployed" in out, out
            results["redeploy one changed function"] = (wall, inner)
            warm = warm_process(server, service, handler)
        finally:
            server.stop()
        baseline = serverless_package(service)
    print(f"\n{'mafia (5 functions, REST API, table)':<36} {'command':>9} {'deploy':>9} "
          f"{'goal':>7}")
    for name, (wall, inner) in results.items():
        verdict = "ok" if inner < GOALS[name] else "MISSED"
        print(f"{name:<36} {wall:>8.2f}s {inner:>8.2f}s {GOALS[name]:>6.1f}s {verdict}")
    for name, seconds in warm.items():
        verdict = "ok" if seconds < GOALS[name] else "MISSED"
        print(f"{name + ' (warm, as up)':<36} {'':>9} {seconds:>8.2f}s {GOALS[name]:>6.1f}s "
              f"{verdict}")
    if baseline is not None:
        print(f"{'serverless package (baseline)':<36} {baseline:>8.2f}s")
        for name, (wall, inner) in results.items():
            print(f"  serverless package / {name}: {baseline / wall:.1f}x (command), "
                  f"{baseline / inner:.1f}x (deploy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
