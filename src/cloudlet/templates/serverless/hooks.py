"""``Hooks`` for a running cloudlet (or AWS): ``${cf:stack.Output}`` from
DescribeStacks, ``${ssm:/name}`` from GetParameter, ``${aws:accountId}`` from the caller's
identity, through boto3 clients the caller makes (the CLI points them at its endpoint)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from cloudlet.templates.serverless import Hooks


def boto3_hooks(cloudformation: Any, ssm: Any, account: str | None = None,
                sts: Any = None) -> Hooks:
    """Hooks over boto3 clients; a missing stack, output or parameter resolves to None (so
    a variable's fallback applies, else the framework's "Value not found" error)."""

    def cf_output(stack: str, output: str) -> str | None:
        try:
            found = cloudformation.describe_stacks(StackName=stack)["Stacks"]
        except ClientError:
            return None
        for item in found[0].get("Outputs", []) if found else []:
            if item["OutputKey"] == output:
                return str(item["OutputValue"])
        return None

    def parameter(name: str, decrypt: bool) -> str | None:
        try:
            value = ssm.get_parameter(Name=name, WithDecryption=decrypt)["Parameter"]["Value"]
        except ClientError:
            return None
        return str(value)

    if account is None:
        account = str(sts.get_caller_identity()["Account"]) if sts is not None \
            else "000000000000"
    return Hooks(cf_output=cf_output, ssm=parameter, account=account)
