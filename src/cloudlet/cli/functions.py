"""``cloudlet invoke`` and ``cloudlet logs``: the Lambda and CloudWatch Logs APIs, briefly."""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import re
import sys
import time
from pathlib import Path

import click
from botocore.exceptions import BotoCoreError, ClientError

from cloudlet.cli.client import client, region_option
from cloudlet.cli.names import resolve_function
from cloudlet.cli.options import endpoint_option, stage_option


@click.command()
@click.option("-f", "--function", "function", required=True,
              help="Function name or ARN (or, in a project folder, its serverless.yml key or "
                   "template logical id).")
@click.option("-d", "--data", default=None, help="The event, as JSON text.")
@click.option("-p", "--path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A file holding the event JSON.")
@click.option("-q", "--qualifier", default=None, help="Version or alias.")
@click.option("-l", "--log", "show_log", is_flag=True, help="Print the invocation's log tail.")
@click.option("-t", "--type", "invocation_type", default="RequestResponse",
              type=click.Choice(["RequestResponse", "Event", "DryRun"]), show_default=True)
@stage_option
@endpoint_option
@region_option
def invoke(function: str, data: str | None, path: Path | None, qualifier: str | None,
           show_log: bool, invocation_type: str, stage: str | None, endpoint_url: str,
           region: str | None) -> None:
    """Invoke a function and print its result (and, with --log, its log tail)."""
    if data is not None and path is not None:
        raise click.UsageError("give the event with --data or --path, not both")
    payload = path.read_bytes() if path is not None else (data or "{}").encode()
    function = resolve_function(function, endpoint_url, region, stage)
    try:
        json.loads(payload)
    except ValueError as exc:
        raise click.UsageError(f"the event is not valid JSON: {exc}") from None
    args = {"FunctionName": function, "Payload": payload, "InvocationType": invocation_type}
    if qualifier:
        args["Qualifier"] = qualifier
    if show_log and invocation_type == "RequestResponse":
        args["LogType"] = "Tail"
    try:
        response = client("lambda", endpoint_url, region).invoke(**args)
    except (BotoCoreError, ClientError) as error:
        raise click.ClickException(str(error)) from None
    if invocation_type != "RequestResponse":
        click.echo(f"{invocation_type}: accepted ({response['StatusCode']})", err=True)
        return
    result = response["Payload"].read().decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        result = json.dumps(json.loads(result), indent=2)
    click.echo(result)
    if show_log and response.get("LogResult"):
        click.echo(base64.b64decode(response["LogResult"]).decode("utf-8", "replace"), err=True)
    if response.get("FunctionError"):
        sys.exit(1)


def parse_start_time(text: str, now: float) -> int:
    """``--startTime`` as the framework reads it: ``30m``/``2h``/``3d``/``90s`` ago, an
    epoch time in seconds or milliseconds, or an ISO 8601 date/time (UTC unless it says);
    answers epoch milliseconds."""
    match = re.fullmatch(r"(\d+)\s*([smhd])", text.strip())
    if match:
        seconds = int(match[1]) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]]
        return int((now - seconds) * 1000)
    if text.strip().isdigit():
        value = int(text.strip())
        return value if value > 10**11 else value * 1000
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--startTime: not a time: {text!r} (try 30m, 2h, 1d, an epoch "
                         "time or 2026-12-01T10:00:00)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int(moment.timestamp() * 1000)


@click.command()
@click.option("-f", "--function", "function", required=True,
              help="Function name (or, in a project folder, its serverless.yml key).")
@click.option("--tail", is_flag=True, help="Keep printing new log events until Ctrl-C.")
@click.option("--since", default=None, type=float, help="Only events of the last N minutes.")
@click.option("--startTime", "--start-time", "start_time", default=None,
              help="Only events from then: 30m, 2h, 1d (ago), an epoch time or an ISO date "
                   "(as sls logs --startTime).")
@stage_option
@endpoint_option
@region_option
def logs(function: str, tail: bool, since: float | None, start_time: str | None,
         stage: str | None, endpoint_url: str, region: str | None) -> None:
    """Print a function's log events from /aws/lambda/NAME."""
    logs_client = client("logs", endpoint_url, region)
    function = resolve_function(function, endpoint_url, region, stage)
    if function.startswith("/"):
        group = function
    else:
        name = function.split(":function:", 1)[-1].split(":", 1)[0]
        group = f"/aws/lambda/{name}"
    start = int((time.time() - since * 60) * 1000) if since else 0
    if start_time is not None:
        try:
            start = parse_start_time(start_time, time.time())
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    # Events already printed at the newest timestamp seen (the next poll starts there).
    seen: dict[str, int] = {}
    try:
        while True:
            try:
                pages = logs_client.get_paginator("filter_log_events").paginate(
                    logGroupName=group, startTime=start)
                for page in pages:
                    for event in page.get("events", []):
                        if event["eventId"] in seen:
                            continue
                        seen[event["eventId"]] = event["timestamp"]
                        start = max(start, event["timestamp"])
                        click.echo(event["message"].rstrip("\n"))
            except logs_client.exceptions.ResourceNotFoundException:
                if not tail:
                    raise click.ClickException(f"no log group {group}") from None
            except (BotoCoreError, ClientError) as error:
                raise click.ClickException(str(error)) from None
            if not tail:
                return
            seen = {k: ts for k, ts in seen.items() if ts >= start}
            time.sleep(1.0)
    except KeyboardInterrupt:
        return
