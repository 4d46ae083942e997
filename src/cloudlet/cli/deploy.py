"""``cloudlet deploy [DIR]``, ``cloudlet deploy function -f NAME`` and ``cloudlet remove``.

Output as ``sls deploy``: live progress on stderr, then on stdout a line saying what
happened and the summary (endpoints to curl, functions, outputs). A failure prints each
failed resource with its reason and exits 1.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from cloudlet.cli.default_group import DefaultGroup
from cloudlet.cli.deploying import Deployment, Outcome
from cloudlet.cli.opening import FAILURES, open_deployment, report_failure
from cloudlet.cli.options import project_options


def print_outcome(deployment: Deployment, outcome: Outcome) -> None:
    stack = deployment.project.stack_name
    if outcome.changed:
        click.echo(f"✔ Service deployed to stack {stack} ({outcome.seconds:.1f}s)")
    else:
        click.echo(f"No changes to deploy. Deployment skipped. ({outcome.seconds:.2f}s)")
    click.echo()
    for line in outcome.summary.lines():
        click.echo(line)


@click.group(cls=DefaultGroup, default="app")
def deploy() -> None:
    """Deploy the serverless.yml service, SAM or CloudFormation template in DIR."""


@deploy.command("app", hidden=True)
@project_options
def deploy_app(directory: Path, endpoint_url: str, region: str | None, stage: str | None,
               params: tuple[str, ...], stack_name: str | None) -> None:
    """Deploy the serverless.yml service, SAM or CloudFormation template in DIR
    (default: the current directory) to cloudlet, and print its endpoints."""
    deployment = open_deployment(directory, endpoint_url, region, stage, params, stack_name)
    deployment.console.print(f"Deploying {deployment.project.stack_name} "
                             f"({deployment.project.kind}) to {endpoint_url}")
    try:
        outcome = deployment.deploy()
    except FAILURES as error:
        report_failure(deployment.console, error)
    print_outcome(deployment, outcome)


@deploy.command("function")
@click.option("-f", "--function", "functions", required=True, multiple=True,
              help="The serverless.yml key (or template logical id) of the function.")
@project_options
def deploy_function(functions: tuple[str, ...], directory: Path, endpoint_url: str,
                    region: str | None, stage: str | None, params: tuple[str, ...],
                    stack_name: str | None) -> None:
    """Update a function's code only (UpdateFunctionCode), as ``sls deploy function``."""
    began = time.perf_counter()
    deployment = open_deployment(directory, endpoint_url, region, stage, params, stack_name)
    try:
        results = deployment.update_code(set(functions))
    except FAILURES as error:
        report_failure(deployment.console, error)
    for package, updated in results:
        if updated:
            click.echo(f"✔ Function code deployed: {package.key} ({package.name})")
        else:
            click.echo(f"Code not changed. Skipping function deployment: {package.key}")
    click.echo(f"({time.perf_counter() - began:.2f}s)")


@click.command()
@project_options
def remove(directory: Path, endpoint_url: str, region: str | None, stage: str | None,
           params: tuple[str, ...], stack_name: str | None) -> None:
    """Remove the deployed stack of the project in DIR (and empty its deployment bucket)."""
    began = time.perf_counter()
    deployment = open_deployment(directory, endpoint_url, region, stage, params, stack_name)
    try:
        deployment.remove()
    except FAILURES as error:
        report_failure(deployment.console, error)
    click.echo(f"✔ Service {deployment.project.stack_name} has been successfully removed "
               f"({time.perf_counter() - began:.1f}s)")
