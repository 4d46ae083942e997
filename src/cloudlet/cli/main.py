"""``cloudlet``: start the server, deploy apps, invoke functions, read logs.

Subcommands are imported when run (``LazyGroup``): starting a server loads no deployment code.
"""

from __future__ import annotations

import click

from cloudlet import __version__
from cloudlet.cli.default_group import DefaultGroup
from cloudlet.cli.lazy_group import LazyGroup

COMMANDS = {
    "start": "cloudlet.cli.start:start",
    "up": "cloudlet.cli.up:up",
    "deploy": "cloudlet.cli.deploy:deploy",
    "info": "cloudlet.cli.info:info",
    "remove": "cloudlet.cli.deploy:remove",
    "package": "cloudlet.cli.package:package",
    "logs": "cloudlet.cli.functions:logs",
    "init": "cloudlet.cli.init:init",
    "accounts": "cloudlet.cli.accounts:accounts",
    "metrics": "cloudlet.cli.metrics:metrics",
    "cost": "cloudlet.cli.cost:cost",
}


@click.group(cls=LazyGroup, lazy=COMMANDS)
@click.version_option(__version__, prog_name="cloudlet")
def cli() -> None:
    """A serverless cloud on one machine: Lambda, DynamoDB and friends on one port."""


@click.group(cls=DefaultGroup, default="function", lazy={
    "function": "cloudlet.cli.functions:invoke", "local": "cloudlet.cli.invoke_local:invoke_local"})
def invoke() -> None:
    """Invoke a deployed function (``invoke -f``) or run it here (``invoke local -f``)."""


cli.add_command(invoke)


def main() -> None:
    cli()
