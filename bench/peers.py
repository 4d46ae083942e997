"""Peers started beside cloudlet in one benchmark run: moto's server and MiniStack.

moto is a dev dependency (``python -m moto.server``). MiniStack is installed on first use
into its own virtual environment (``pip install ministack``, under
``$CLOUDLET_BENCH_CACHE`` or /var/tmp) and started as its README says, with
``GATEWAY_PORT`` and ``BIND_HOST=127.0.0.1``; it keeps state in memory. Either is skipped
(``None``) when it cannot be had on this machine, and the benchmark says so.
"""

from __future__ import annotations

import os
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
    if binary.exists():
        return binary
    print("  installing MiniStack into its own venv (first run only) ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "ministack"], check=True,
                       timeout=600, capture_output=True)
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
