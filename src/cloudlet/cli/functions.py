"""``cloudlet invoke`` and ``cloudlet logs``: the Lambda and CloudWatch Logs APIs, briefly."""

from __future__ import annotations

import base64
import contextlib
import json
import sys
import time
from pathlib import Path

import click
from botocore.exceptions import BotoCoreError, ClientError

from cloudlet.cli.client import client, endpoint_option, region_option


@click.command()
@click.option("-f", "--function", "function", required=True, help="Function name or ARN.")
@click.option("-d", "--data", default=None, help="The event, as JSON text.")
@click.option("-p", "--path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="A file holding the event JSON.")
@click.option("-q", "--qualifier", default=None, help="Version or alias.")
@click.option("-l", "--log", "show_log", is_flag=True, help="Print the invocation's log tail.")
@click.option("-t", "--type", "invocation_type", default="RequestResponse",
              type=click.Choice(["RequestResponse", "Event", "DryRun"]), show_default=True)
@endpoint_option
@region_option
def invoke(function: str, data: str | None, path: Path | None, qualifier: str | None,
           show_log: bool, invocation_type: str, endpoint_url: str, region: str | None) -> None:
    """Invoke a function and print its result (and, with --log, its log tail)."""
    if data is not None and path is not None:
        raise click.UsageError("give the event with --data or --path, not both")
    payload = path.read_bytes() if path is not None else (data or "{}").encode()
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


@click.command()
@click.option("-f", "--function", "function", required=True, help="Function name.")
@click.option("--tail", is_flag=True, help="Keep printing new log events until Ctrl-C.")
@click.option("--since", default=None, type=float, help="Only events of the last N minutes.")
@endpoint_option
@region_option
def logs(function: str, tail: bool, since: float | None, endpoint_url: str,
         region: str | None) -> None:
    """Print a function's log events from /aws/lambda/NAME."""
    logs_client = client("logs", endpoint_url, region)
    if function.startswith("/"):
        group = function
    else:
        name = function.split(":function:", 1)[-1].split(":", 1)[0]
        group = f"/aws/lambda/{name}"
    start = int((time.time() - since * 60) * 1000) if since else 0
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
