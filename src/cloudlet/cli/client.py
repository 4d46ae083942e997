"""boto3 clients for the CLI, pointed at a running cloudlet."""

from __future__ import annotations

import os
from typing import Any

import click

DEFAULT_ENDPOINT = "http://127.0.0.1:4566"

endpoint_option = click.option(
    "--endpoint-url", envvar="AWS_ENDPOINT_URL", default=DEFAULT_ENDPOINT, show_default=True,
    help="The cloudlet server to talk to.",
)
region_option = click.option("--region", envvar="AWS_REGION", default=None,
                             help="Region (default: AWS_DEFAULT_REGION or us-east-1).")


def client(service: str, endpoint_url: str, region: str | None) -> Any:
    import boto3
    from botocore.config import Config

    region = region or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    return boto3.client(
        service,
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
        config=Config(retries={"max_attempts": 1}, read_timeout=960),
    )
