"""``cloudlet``: start the server, invoke functions, read logs."""

from __future__ import annotations

import click

from cloudlet import __version__
from cloudlet.cli.functions import invoke, logs
from cloudlet.cli.start import start


@click.group()
@click.version_option(__version__, prog_name="cloudlet")
def cli() -> None:
    """A serverless cloud on one machine: Lambda, DynamoDB and friends on one port."""


cli.add_command(start)
cli.add_command(invoke)
cli.add_command(logs)


def main() -> None:
    cli()
