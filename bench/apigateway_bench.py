"""API Gateway benchmark: requests/s and latency through the gateway to a warm function.

Run: ``.venv/bin/python bench/apigateway_bench.py [--quick]`` (needs ``wrk``)

wrk replays one request on kept-alive loopback connections, at 1 and 16 connections, to:

- a REST API stage (``GET /ping``, ``AWS_PROXY`` integration, host form
  ``{api_id}.execute-api.localhost``) in front of a trivial warm Python function;
- an HTTP API ``$default`` stage (route ``GET /ping``, payload format 2.0) in front of the
  same function;
- the same function through the Lambda Invoke API (the POST boto3 would send), the
  baseline for what the gateway adds;
- a bare uvicorn app (``bench/floor.py``) answering the same body, the HTTP floor.

Printed ratios: the gateway's overhead over a direct Invoke (p50 difference at 1
connection, goal < 0.3 ms); gateway throughput at 16 connections against the bare app
(goal >= 60%) and against the direct Invoke; and against the peers' figures in
/work/shared/BENCHMARKS.md (serverless-offline 1.7k req/s, MiniStack 95 req/s at 16
connections), which were measured in another run and are labelled so. Every load is bounded in time, binds 127.0.0.1 only,
and everything started is stopped at the end.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import textwrap
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from cloudlet.testing import RunningServer, free_port, function_ready
from floor import Process, start_floor
from raw_http import Result, replay

ROLE = "arn:aws:iam::000000000000:role/bench"
BODY = '{"ok": true, "n": 0}'  # what bench/floor.py answers to a request without X-Amz-Target
HANDLER = textwrap.dedent(f"""
    def handler(event, context):
        return {{"statusCode": 200, "headers": {{"content-type": "application/json"}},
                "body": {BODY!r}}}
""").lstrip()
AUTH = ("AWS4-HMAC-SHA256 Credential=bench/20261201/us-east-1/lambda/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0")
REST, HTTP = "REST API, AWS_PROXY", "HTTP API, payload 2.0"
# From /work/shared/BENCHMARKS.md (another run, same kind of machine): req/s at 16 connections.
PEERS = {"serverless-offline": 1700.0, "MiniStack (REST proxy)": 95.0}


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None


def client(service: str, url: str) -> Any:
    return boto3.client(service, endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench",
                        config=Config(retries={"max_attempts": 1}, read_timeout=60))


def package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", HANDLER)
    return buffer.getvalue()


def wrk(target: Target, connections: int, seconds: float) -> Result:
    return replay(target.url, connections, seconds, target.method, dict(target.headers),
                  target.body, name=target.name)


def check(target: Target) -> None:
    """One request by hand: it must answer 200 before it is loaded."""
    request = urllib.request.Request(target.url, method=target.method, headers=dict(target.headers),
                                     data=target.body.encode() if target.body else None)
    with urllib.request.urlopen(request, timeout=30) as resp:
        if resp.status != 200:
            raise RuntimeError(f"{target.name}: HTTP {resp.status}")


def deploy_function(url: str) -> str:
    lam = client("lambda", url)
    fn = lam.create_function(
        FunctionName="bench", Runtime="python3.12", Role=ROLE, Handler="app.handler",
        Code={"ZipFile": package()}, MemorySize=256)
    function_ready(lam, "bench")
    return str(fn["FunctionArn"])


def allow(url: str, api_id: str) -> None:
    client("lambda", url).add_permission(
        FunctionName="bench", StatementId=f"bench-{api_id}", Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/*")


def deploy_rest(url: str, arn: str) -> str:
    """A REST API: ``GET /ping`` with an AWS_PROXY integration, deployed to ``bench``."""
    rest = client("apigateway", url)
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
    api_id = str(rest.create_rest_api(name="bench")["id"])
    root = next(r["id"] for r in rest.get_resources(restApiId=api_id)["items"] if r["path"] == "/")
    ping = rest.create_resource(restApiId=api_id, parentId=root, pathPart="ping")["id"]
    rest.put_method(restApiId=api_id, resourceId=ping, httpMethod="GET", authorizationType="NONE")
    rest.put_integration(restApiId=api_id, resourceId=ping, httpMethod="GET", type="AWS_PROXY",
                         integrationHttpMethod="POST", uri=uri)
    rest.create_deployment(restApiId=api_id, stageName="bench")
    allow(url, api_id)
    return api_id


def deploy_http(url: str, arn: str) -> str:
    """An HTTP API: route ``GET /ping`` to the function (payload 2.0), ``$default`` stage."""
    http = client("apigatewayv2", url)
    api_id = str(http.create_api(Name="bench", ProtocolType="HTTP")["ApiId"])
    integration = http.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                          IntegrationUri=arn, PayloadFormatVersion="2.0")
    http.create_route(ApiId=api_id, RouteKey="GET /ping",
                      Target=f"integrations/{integration['IntegrationId']}")
    http.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    allow(url, api_id)
    return api_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter loads")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    seconds = 2.0 if args.quick else 5.0

    print("cloudlet API Gateway benchmark (figures from this run unless labelled)\n")
    results: dict[tuple[str, int], Result] = {}
    failed: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="cloudlet-bench-") as tmp:
        server = RunningServer(Path(tmp) / "data", "--idle-timeout", "600")
        server.start()
        floor_server: Process | None = None
        try:
            arn = deploy_function(server.url)
            port = server.url.rsplit(":", 1)[1]
            floor_server = start_floor(free_port())
            targets = [
                Target("bare uvicorn app (floor)", floor_server.url + "/"),
                Target("Lambda Invoke API", server.url + "/2015-03-31/functions/bench/invocations",
                       "POST", (("Authorization", AUTH),), '{"n": 1}'),
            ]
            for name, path, deploy in ((REST, "/bench/ping", deploy_rest),
                                       (HTTP, "/ping", deploy_http)):
                try:
                    api_id = deploy(server.url, arn)
                except ClientError as exc:  # reported; the other rows are still measured
                    failed[name] = str(exc)
                    continue
                targets.append(Target(name, server.url + path, headers=(
                    ("Host", f"{api_id}.execute-api.localhost:{port}"),)))
            for target in targets:
                check(target)
                wrk(target, 16, 1.0)  # warm-up: connections, environments for 16 at once
                for connections in (1, 16):
                    results[(target.name, connections)] = wrk(target, connections, seconds)
                    time.sleep(0.2)
        finally:
            if floor_server is not None:
                floor_server.stop()
            server.stop()

    def row(label: str, value: str, note: str = "") -> None:
        print(f"  {label:<46} {value:>22}  {note}")

    print("requests/s and latency (wrk, kept-alive loopback connections)")
    for target in targets:
        one, many = results[(target.name, 1)], results[(target.name, 16)]
        row(target.name, f"{one.rps:,.0f} / {many.rps:,.0f} req/s", "(1 / 16 connections)")
        row("  p50 / p99 at 1 connection", f"{one.p50:.2f} / {one.p99:.2f} ms")
        row("  p50 / p99 at 16 connections", f"{many.p50:.2f} / {many.p99:.2f} ms")

    for name, error in failed.items():
        row(name, "not measured", f"(deploying it failed: {error})")
    gateways = [name for name in (REST, HTTP) if name not in failed]
    invoke1, floor16 = results[("Lambda Invoke API", 1)], results[("bare uvicorn app (floor)", 16)]
    print("\ngateway overhead over a direct Invoke (p50 difference, 1 connection; goal < 0.3 ms)")
    for name in gateways:
        row(name, f"{results[(name, 1)].p50 - invoke1.p50:+.2f} ms")
    print("\nthroughput against the bare app at 16 connections (goal >= 60%)")
    for name in [*gateways, "Lambda Invoke API"]:
        row(name, f"{results[(name, 16)].rps / floor16.rps:.0%}")
    print("\nthroughput against a direct Invoke of the same function at 16 connections")
    for name in gateways:
        row(name, f"{results[(name, 16)].rps / results[('Lambda Invoke API', 16)].rps:.0%}")
    print("\nagainst the peers' figures from /work/shared/BENCHMARKS.md (another run, 16 connections)")
    for name in gateways:
        for peer, rps in PEERS.items():
            row(f"{name} / {peer} ({rps:,.0f} req/s)", f"{results[(name, 16)].rps / rps:.1f}x")

if __name__ == "__main__":
    main()
