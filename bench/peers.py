"""Peers started beside cloudlet in one benchmark run: moto's server, MiniStack, dynalite.

moto is a dev dependency (``python -m moto.server``). MiniStack is installed on first use
into its own virtual environment (``pip install ministack``, under
``$CLOUDLET_BENCH_CACHE`` or /var/tmp) and started as its README says, with
``GATEWAY_PORT`` and ``BIND_HOST=127.0.0.1``; it keeps state in memory. dynalite (Node,
LevelDB in memory) is ``npm install dynalite`` once into ``$CLOUDLET_BENCH_CACHE/
cloudlet-bench-dynalite`` and started with node. Each is skipped (``None``) when it cannot
be had on this machine, and the benchmark says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cloudlet.testing import free_port
from floor import Process

CACHE = Path(os.environ.get("CLOUDLET_BENCH_CACHE", "/var/tmp"))


def start_moto() -> Process | None:
    port = free_port()
    try:
        return Process("moto", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                                "-p", str(port)], port)
    except RuntimeError as exc:
        print(f"  (moto not measured: {exc})")
        return None


def _ministack_bin() -> Path | None:
    venv = CACHE / "cloudlet-bench-ministack"
    binary = venv / "bin" / "ministack"
    # MiniStack runs Python handlers with its own interpreter; boto3 is there, as in the
    # runtime AWS provides, so a handler that imports it runs (MiniStack needs only botocore).
    has_boto3 = any((venv / "lib").glob("python3*/site-packages/boto3/__init__.py"))
    if binary.exists() and has_boto3:
        return binary
    print("  installing MiniStack (and boto3) into its own venv (first run only) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "ministack", "boto3"],
                       check=True, timeout=600, capture_output=True)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"  (MiniStack could not be installed: {exc})")
        return None
    return binary if binary.exists() else None


def start_ministack() -> Process | None:
    binary = _ministack_bin()
    if binary is None:
        return None
    port = free_port()
    env = {**os.environ, "GATEWAY_PORT": str(port), "BIND_HOST": "127.0.0.1"}
    try:
        return Process("MiniStack", [str(binary)], port, env=env)
    except RuntimeError as exc:
        print(f"  (MiniStack not measured: {exc})")
        return None


def _dynalite_script() -> Path | None:
    home = CACHE / "cloudlet-bench-dynalite"
    script = home / "node_modules" / "dynalite" / "cli.js"
    if script.exists():
        return script
    if shutil.which("npm") is None:
        print("  (dynalite not measured: npm is not installed)")
        return None
    print("  installing dynalite with npm (first run only) ...", flush=True)
    try:
        home.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "dynalite"], cwd=home,
                       check=True, timeout=600, capture_output=True)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"  (dynalite could not be installed: {exc})")
        return None
    return script if script.exists() else None


def start_dynalite() -> Process | None:
    """dynalite in memory (no ``--path``); tables are ACTIVE at once (``--createTableMs 0``)."""
    script = _dynalite_script()
    node = shutil.which("node")
    if script is None or node is None:
        if node is None:
            print("  (dynalite not measured: node is not installed)")
        return None
    port = free_port()
    try:
        return Process("dynalite", [node, str(script), "--host", "127.0.0.1", "--port", str(port),
                                    "--createTableMs", "0", "--deleteTableMs", "0",
                                    "--updateTableMs", "0"], port)
    except RuntimeError as exc:
        print(f"  (dynalite not measured: {exc})")
        return None
