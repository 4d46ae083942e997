"""``cloudlet info [--json]``: the deployed stack's endpoints, functions and outputs, as
``sls info`` prints them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cloudlet.cli.opening import FAILURES, open_deployment, report_failure
from cloudlet.cli.options import project_options


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@project_options
def info(as_json: bool, directory: Path, endpoint_url: str, region: str | None,
         stage: str | None, params: tuple[str, ...], stack_name: str | None) -> None:
    """Describe the deployed project in DIR."""
    deployment = open_deployment(directory, endpoint_url, region, stage, params, stack_name)
    try:
        summary = deployment.summary()
    except FAILURES as error:
        report_failure(deployment.console, error)
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
        return
    click.echo(f"status: {summary.status}")
    for line in summary.lines():
        click.echo(line)
