"""The server's own throughput, without boto3: ``wrk`` replays one prepared request.

boto3 costs ~1-2 ms of client CPU per call on these machines, so through boto3 any server
faster than that looks the same. wrk (``apt-get install wrk``) sends the same bytes a boto3
call would, on kept-alive connections, so requests/s measures the server alone.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0")


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua(target: str, body: dict[str, object]) -> str:
    payload = json.dumps(json.dumps(body))
    return (
        'wrk.method = "POST"\n'
        f"wrk.body = {payload}\n"
        'wrk.headers["Content-Type"] = "application/x-amz-json-1.0"\n'
        f'wrk.headers["X-Amz-Target"] = "DynamoDB_20120810.{target}"\n'
        f'wrk.headers["Authorization"] = "{AUTH}"\n'
    )


def run(url: str, target: str, body: dict[str, object], connections: int,
        seconds: float) -> tuple[float, float]:
    """(requests/s, p50 ms) of ``connections`` kept-alive connections for ``seconds``.
    Non-2xx answers count as failures: the request must really succeed."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "request.lua"
        script.write_text(_lua(target, body))
        threads = min(connections, 2)
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:.0f}s",
             "--latency", "-s", str(script), url + "/"],
            capture_output=True, text=True, timeout=seconds + 30, check=True,
        ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{target} failed under wrk:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return rps, float(p50.group(1)) * scale[p50.group(2)] if p50 else float("nan")
