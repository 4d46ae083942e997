"""From the command line's options to a ``Deployment``: the project read, a ``Cloud``
for its region, errors turned into click's (exit status 1, message on stderr)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import NoReturn

import click
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError
from rich.console import Console

from cloudlet.cli.cloud import Cloud
from cloudlet.cli.deploying import Deployment, serverless_hooks
from cloudlet.cli.options import parse_params
from cloudlet.cli.project import ProjectError, default_region, find_file, open_project
from cloudlet.cli.stacks import DeployError


def err_console() -> Console:
    """Progress and messages: stderr (stdout carries the summary and --json)."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def open_deployment(directory: Path, endpoint_url: str, region: str | None,
                    stage: str | None, params: tuple[str, ...],
                    stack_name: str | None, clouds: dict[str, Cloud] | None = None
                    ) -> Deployment:
    """The project at ``directory`` against the cloudlet at ``endpoint_url``; ``clouds``
    (by region) keeps clients warm between calls (``up``)."""
    clouds = {} if clouds is None else clouds

    def cloud_for(name: str) -> Cloud:
        if name not in clouds:
            clouds[name] = Cloud(endpoint_url, name)
        return clouds[name]

    cloud = cloud_for(default_region(region))
    try:
        hooks = None
        if find_file(directory).name.startswith("serverless."):
            hooks = serverless_hooks(cloud)
        project = open_project(directory, stage=stage, region=region,
                               params=parse_params(params), stack_name=stack_name, hooks=hooks)
    except ProjectError as error:
        raise click.ClickException(str(error)) from None
    if project.region != cloud.region:
        cloud = cloud_for(project.region)
    return Deployment(cloud, project, err_console())


def report_failure(console: Console, error: Exception) -> NoReturn:
    """Print what failed (each failed resource and its reason) and exit 1."""
    if isinstance(error, DeployError):
        console.print(f"[red]✖ {error}[/]")
        for logical_id, kind, reason in error.failures:
            console.print(f"  [red]{logical_id}[/] ({kind}): {reason}")
    elif isinstance(error, EndpointConnectionError):
        url = urllib.parse.urlsplit(str(error.kwargs.get("endpoint_url", "")))
        console.print(f"[red]✖ no cloudlet answers at {url.scheme}://{url.netloc}[/] "
                      "(start one with `cloudlet start`, or use `cloudlet up`)")
    elif isinstance(error, (ClientError, BotoCoreError)):
        console.print(f"[red]✖ {error}[/]")
    else:
        console.print(f"[red]✖ {type(error).__name__}: {error}[/]")
    raise SystemExit(1)


FAILURES = (DeployError, ClientError, BotoCoreError, FileNotFoundError, ValueError,
            TimeoutError, ImportError)
