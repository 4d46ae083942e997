"""Click options shared by the deployment commands (deploy, up, info, remove, package).

The endpoint option is the one of ``cloudlet invoke``/``logs`` (``--endpoint-url``,
env ``AWS_ENDPOINT_URL``), also spelled ``--endpoint`` and read from
``CLOUDLET_ENDPOINT``, as the deployment commands document it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cloudlet.cli.client import DEFAULT_ENDPOINT

F = TypeVar("F", bound=Callable[..., Any])

endpoint_option = click.option(
    "--endpoint", "--endpoint-url", "endpoint_url",
    envvar=["CLOUDLET_ENDPOINT", "AWS_ENDPOINT_URL"], default=DEFAULT_ENDPOINT,
    show_default=True, help="The cloudlet server to talk to.")
region_option = click.option("--region", "-r", envvar="AWS_REGION", default=None,
                             help="Region (default: the template's, AWS_DEFAULT_REGION or us-east-1).")
stage_option = click.option("--stage", "-s", default=None,
                            help="Stage (serverless.yml; default: provider.stage or dev).")
param_option = click.option("--param", "params", multiple=True, metavar="K=V",
                            help="A template parameter or serverless ${param:K} (repeatable).")
stack_name_option = click.option("--stack-name", default=None,
                                 help="Stack name for SAM/CloudFormation templates "
                                      "(default: the directory's name).")
directory_argument = click.argument(
    "directory", required=False, default=".",
    type=click.Path(exists=True, file_okay=True, path_type=Path))


def project_options(command: F) -> F:
    """The options every command that reads a project takes, outermost first."""
    for option in reversed((directory_argument, endpoint_option, region_option, stage_option,
                            param_option, stack_name_option)):
        command = option(command)
    return command


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    """``("K=V", ...)`` -> ``{"K": "V"}``; a pair without ``=`` is a usage error."""
    parsed: dict[str, str] = {}
    for pair in params:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--param takes KEY=VALUE, not {pair!r}")
        parsed[key] = value
    return parsed
