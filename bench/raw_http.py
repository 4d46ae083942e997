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
from dataclasses import dataclass
from pathlib import Path

AUTH = ("AWS4-HMAC-SHA256 Credential=test/20261123/us-east-1/dynamodb/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0")


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass(frozen=True)
class Result:
    rps: float
    p50: float  # ms
    p99: float  # ms


def _lua(method: str, headers: dict[str, str], body: str | None) -> str:
    lines = [f"wrk.method = {json.dumps(method)}"]
    if body is not None:
        lines.append(f"wrk.body = {json.dumps(body)}")
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    return "\n".join(lines) + "\n"


def _ms(found: re.Match[str] | None) -> float:
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return float(found.group(1)) * scale[found.group(2)] if found else float("nan")


def replay(url: str, connections: int, seconds: float, method: str = "GET",
           headers: dict[str, str] | None = None, body: str | None = None,
           name: str = "") -> Result:
    """requests/s, p50 and p99 of ``connections`` kept-alive connections sending one request
    for ``seconds``. Any non-2xx answer or socket error fails the run: every request must
    really succeed."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "request.lua"
        script.write_text(_lua(method, headers or {}, body))
        out = subprocess.run(
            ["wrk", "-t", str(min(connections, 2)), "-c", str(connections),
             "-d", f"{max(1, round(seconds))}s", "--timeout", "10s", "--latency",
             "-s", str(script), url],
            capture_output=True, text=True, timeout=seconds + 30, check=True,
        ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"{name or url} failed under wrk:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return Result(float(rps.group(1)) if rps else 0.0,
                  _ms(re.search(r"50%\s+([\d.]+)(us|ms|s)", out)),
                  _ms(re.search(r"99%\s+([\d.]+)(us|ms|s)", out)))


def run(url: str, target: str, body: dict[str, object], connections: int,
        seconds: float) -> tuple[float, float]:
    """(requests/s, p50 ms) of one DynamoDB operation ``target`` with ``body``."""
    found = replay(url + "/", connections, seconds, "POST", {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": f"DynamoDB_20120810.{target}",
        "X-Amz-Date": "20261123T000000Z",
        "Authorization": AUTH,
    }, json.dumps(body), name=target)
    return found.rps, found.p50
