"""The "boto3 floor": a bare uvicorn app that answers every AWS call at once with a canned
response, so a benchmark can show what the client alone costs beside the server it measures.

    python bench/floor.py PORT

JSON-protocol calls (``X-Amz-Target``) get a canned body per operation; anything else (Lambda's
Invoke) gets a small JSON payload with ``X-Amz-Executed-Version``.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ITEM = b'{"pk":{"S":"k1"},"sk":{"N":"1"},"v":{"S":"xxxxxxxxxxxxxxxx"}}'
CANNED = {
    "PutItem": b"{}",
    "GetItem": b'{"Item":' + ITEM + b"}",
    "Query": b'{"Count":100,"ScannedCount":100,"Items":['
             + b",".join(b'{"pk":{"S":"q"},"sk":{"N":"%d"},"v":{"S":"xxxxxxxxxxxxxxxx"}}' % i
                         for i in range(100)) + b"]}",
    "Scan": b'{"Count":1000,"ScannedCount":1000,"Items":['
            + b",".join(b'{"pk":{"S":"s%d"},"sk":{"N":"0"},"v":{"S":"xxxxxxxxxxxxxxxx"}}' % i
                        for i in range(1000)) + b"]}",
}
INVOKE_HEADERS = [(b"content-type", b"application/json"), (b"x-amz-executed-version", b"$LATEST")]
JSON_HEADERS = [(b"content-type", b"application/x-amz-json-1.0")]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    target = dict(scope["headers"]).get(b"x-amz-target", b"").decode()
    if target:
        headers, body = JSON_HEADERS, CANNED.get(target.rpartition(".")[2], b"{}")
    else:
        headers, body = INVOKE_HEADERS, b'{"ok": true, "n": 0}'
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Process:
    """A server subprocess on 127.0.0.1, waited for until it answers HTTP, stopped at the end."""

    def __init__(self, name: str, args: list[str], port: int, env: dict[str, str] | None = None):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).close()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{name} exited") from None
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{name} did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_floor(port: int) -> Process:
    return Process("floor", [sys.executable, str(Path(__file__).resolve()), str(port)], port)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
                access_log=False, http="httptools", loop="uvloop")
