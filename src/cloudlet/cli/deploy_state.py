"""The fast "No changes to deploy" of a serverless.yml service.

After a deploy leaves the stack healthy, ``.serverless/cloudlet-state.json`` records what
was deployed where: endpoint, region, access key, stack name and id, the deployment's
fingerprint, the stack's status and LastUpdatedTime, and the summary printed. On the next
deploy with the same fingerprint, one DescribeStacks (query protocol over plain HTTP,
signed with SigV4 by hand: importing boto3 and making its clients costs far more than the
whole check) confirms nobody touched the stack since; then the saved summary is the
answer. Any difference or error means the normal path, which compares with the deployment
bucket and updates the stack as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cloudlet.cli.cloud import Cloud
from cloudlet.cli.summary import Summary

STATE_FILE = "cloudlet-state.json"


def save(directory: Path, cloud: Cloud, fingerprint: str, description: dict[str, Any],
         summary: Summary) -> None:
    """Record a healthy deployment (``description`` as boto3's DescribeStacks gives it)."""
    updated = description.get("LastUpdatedTime")
    state = {"endpoint": cloud.endpoint_url, "region": cloud.region,
             "access_key": cloud.access_key, "stack_name": description["StackName"],
             "stack_id": description["StackId"], "fingerprint": fingerprint,
             "status": description["StackStatus"],
             "last_updated": updated.isoformat() if isinstance(updated, datetime) else None,
             "summary": summary.as_json()}
    directory.mkdir(parents=True, exist_ok=True)
    (directory / STATE_FILE).write_text(json.dumps(state, indent=2))


def forget(directory: Path) -> None:
    """Drop the record (before a deploy that may change the stack)."""
    with contextlib.suppress(FileNotFoundError):
        (directory / STATE_FILE).unlink()


def unchanged(directory: Path, cloud: Cloud, stack_name: str,
              fingerprint: str) -> Summary | None:
    """The saved summary when this deployment is the recorded one and the stack is as it
    was left; None otherwise (also on any error: the normal path decides)."""
    try:
        state = json.loads((directory / STATE_FILE).read_text())
        if (state["endpoint"], state["region"], state["access_key"], state["stack_name"],
                state["fingerprint"]) != (cloud.endpoint_url, cloud.region, cloud.access_key,
                                          stack_name, fingerprint):
            return None
        status, updated = _stack_state(cloud, state["stack_id"])
        saved = state["last_updated"]
        if status != state["status"] or updated != (
                datetime.fromisoformat(saved) if saved else None):
            return None
        return Summary(**state["summary"])
    except (OSError, ValueError, KeyError, TypeError, ET.ParseError):
        return None


def _stack_state(cloud: Cloud, stack_id: str) -> tuple[str | None, datetime | None]:
    """(StackStatus, LastUpdatedTime) of one stack by a raw DescribeStacks."""
    body = urllib.parse.urlencode({"Action": "DescribeStacks", "Version": "2010-05-15",
                                   "StackName": stack_id}).encode()
    url = cloud.endpoint_url + "/"
    headers = sign(cloud, "cloudformation", url, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        root = ET.fromstring(response.read())
    stacks = root.findall(".//{*}Stacks/{*}member")
    if len(stacks) != 1:
        return None, None
    status = stacks[0].findtext("{*}StackStatus")
    updated = stacks[0].findtext("{*}LastUpdatedTime")
    return status, datetime.fromisoformat(updated) if updated else None


def sign(cloud: Cloud, service: str, url: str, body: bytes) -> dict[str, str]:
    """The headers of a SigV4-signed form POST (AWS's signing steps: canonical request,
    string to sign, derived key) with the CLI's credentials."""
    parts = urllib.parse.urlsplit(url)
    now = datetime.now(UTC)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8",
               "host": parts.netloc, "x-amz-date": stamp}
    token = os.environ.get("AWS_SESSION_TOKEN")
    if token:
        headers["x-amz-security-token"] = token
    names = sorted(headers)
    signed = ";".join(names)
    canonical = "\n".join(["POST", parts.path or "/", "",
                           *(f"{n}:{headers[n]}" for n in names), "", signed,
                           hashlib.sha256(body).hexdigest()])
    scope = f"{day}/{cloud.region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + os.environ.get("AWS_SECRET_ACCESS_KEY", "test")).encode()
    for part in (day, cloud.region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={cloud.access_key}/{scope}, "
                                f"SignedHeaders={signed}, Signature={signature}")
    return headers
