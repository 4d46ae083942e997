"""``cloudlet cost``: what the recorded usage would cost on AWS (``cloudlet.cost``), per
service and per function, for the last hour or day and projected per month, read from the
running server's ``GET /_cloudlet/cost`` (signed as a CloudWatch call)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

import click

from cloudlet.cli.client import region_option
from cloudlet.cli.options import endpoint_option


def fetch(endpoint_url: str, region: str | None, window: str) -> dict[str, Any]:
    """The server's estimate, as JSON (a SigV4-signed GET)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    region = region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    url = f"{endpoint_url.rstrip('/')}/_cloudlet/cost?window={window}"
    request = AWSRequest("GET", url)
    credentials = Credentials(os.environ.get("AWS_ACCESS_KEY_ID", "test"),
                              os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
                              os.environ.get("AWS_SESSION_TOKEN"))
    SigV4Auth(credentials, "monitoring", region).add_auth(request)
    sent = urllib.request.Request(url, headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(sent, timeout=60) as response:
            found: dict[str, Any] = json.loads(response.read())
            return found
    except urllib.error.HTTPError as error:
        raise click.ClickException(f"{error.code}: {error.read().decode(errors='replace')}"
                                   ) from None
    except OSError as error:
        raise click.ClickException(f"cannot reach {endpoint_url}: {error}") from None


def _money(value: float) -> str:
    if value == 0:
        return "$0"
    return f"${value:,.2f}" if value >= 1 else f"${value:.6f}".rstrip("0")


def render(found: dict[str, Any], window: str) -> str:
    def when(epoch: float) -> str:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")

    label = f"Last {window}" if window in ("hour", "day") else f"Last {window} s"
    lines = [f"Estimated AWS cost ({found['region']} list prices of {found['pricesDate']}, "
             f"{found['currency']})", f"{when(found['start'])} - {when(found['end'])}", ""]
    rows = [(name, v["cost"], v["monthly"]) for name, v in found["services"].items()]
    width = max([len("Service"), len("Total"), *(len(r[0]) for r in rows)]) + 2
    lines.append(f"{'Service':<{width}}{label:>14}{'Per month':>14}")
    for name, cost, monthly in rows:
        lines.append(f"{name:<{width}}{_money(cost):>14}{_money(monthly):>14}")
    lines.append(f"{'Total':<{width}}{_money(found['total']):>14}{_money(found['monthly']):>14}")
    if found["functions"]:
        lines += ["", "By function"]
        fwidth = max(len(n) for n in found["functions"]) + 4
        for name, v in found["functions"].items():
            lines.append(f"  {name:<{fwidth - 2}}{_money(v['cost']):>14}"
                         f"{_money(v['monthly']):>14}")
    if found.get("unrecorded"):
        lines += ["", "Not recorded: " + ", ".join(found["unrecorded"])]
    return "\n".join(lines)


@click.command()
@click.option("--window", default="hour", show_default=True,
              help="The range priced: hour, day, or a number of seconds.")
@click.option("--json", "as_json", is_flag=True, help="Print the estimate as JSON.")
@endpoint_option
@region_option
def cost(window: str, as_json: bool, endpoint_url: str, region: str | None) -> None:
    """Print what the recorded usage would cost on AWS, per service and function."""
    found = fetch(endpoint_url, region, window)
    click.echo(json.dumps(found, indent=2) if as_json else render(found, window))
