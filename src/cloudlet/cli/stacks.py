"""Stack operations as the deployment commands run them: create, update (directly or
through a change set), delete, each watched to the end with live progress; the
deployment bucket.

Failure is a ``DeployError`` carrying the failed resources and their reasons (the
``*_FAILED`` events of the operation), which the commands print before exiting 1.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError
from rich.console import Console

from cloudlet.cli import progress
from cloudlet.cli.cloud import Cloud

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
GOOD = ("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE")
TEMPLATE_BODY_LIMIT = 51_200  # bytes: larger templates go through S3 (TemplateURL)
# What CloudFormation answers when a stack already has this template and parameters.
NO_CHANGES = ("didn't contain changes", "No updates are to be performed")


class DeployError(Exception):
    """A stack operation failed; ``failures`` are ``(logical id, type, reason)``."""

    def __init__(self, message: str, failures: Sequence[tuple[str, str, str]] = ()) -> None:
        super().__init__(message)
        self.failures = list(failures)


@dataclass
class Stacks:
    """Stack operations of one cloud, printing progress on ``console``."""

    cloud: Cloud
    console: Console
    capabilities: list[str] = field(default_factory=lambda: list(CAPABILITIES))

    @property
    def cfn(self) -> Any:
        return self.cloud.client("cloudformation")

    def describe(self, name: str) -> dict[str, Any] | None:
        """The stack's description, or None when there is none of that name."""
        try:
            return dict(self.cfn.describe_stacks(StackName=name)["Stacks"][0])
        except ClientError as error:
            if "does not exist" in str(error):
                return None
            raise

    def newest_event(self, stack_id: str) -> str | None:
        return progress.StackEvents(self.cfn, stack_id).newest_id()

    def _watch(self, stack_id: str, since: str | None, total: int, title: str,
               wanted: tuple[str, ...]) -> dict[str, Any]:
        description = progress.watch(self.cfn, stack_id, since=since, total=total,
                                     console=self.console, title=title)
        if description["StackStatus"] not in wanted:
            failures = progress.failures(self.cfn, stack_id, since)
            raise DeployError(f"stack {description['StackName']} is "
                              f"{description['StackStatus']}", failures)
        return description

    def template_args(self, body: str, bucket: str | None, key: str) -> dict[str, str]:
        """``TemplateBody``, or ``TemplateURL`` of an upload when the body is too big."""
        if len(body.encode()) <= TEMPLATE_BODY_LIMIT or bucket is None:
            return {"TemplateBody": body}
        self.cloud.client("s3").put_object(Bucket=bucket, Key=key, Body=body.encode())
        return {"TemplateURL": self.cloud.object_url(bucket, key)}

    def create(self, name: str, template: dict[str, str], total: int,
               parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        out = self.cfn.create_stack(StackName=name, Capabilities=self.capabilities,
                                    Parameters=parameters or [], **template)
        return self._watch(out["StackId"], None, total, f"creating {name}", GOOD)

    def update(self, description: dict[str, Any], template: dict[str, str],
               total: int) -> dict[str, Any] | None:
        """UpdateStack; None when there is nothing to update."""
        stack_id = description["StackId"]
        since = self.newest_event(stack_id)
        try:
            self.cfn.update_stack(StackName=stack_id, Capabilities=self.capabilities,
                                  **template)
        except ClientError as error:
            if any(text in str(error) for text in NO_CHANGES):
                return None
            raise DeployError(str(error)) from None
        return self._watch(stack_id, since, total, f"updating {description['StackName']}",
                           GOOD)

    def deploy_change_set(self, name: str, existing: dict[str, Any] | None,
                          template: dict[str, str], parameters: list[dict[str, Any]],
                          total: int) -> dict[str, Any] | None:
        """Create and execute a change set, as ``aws cloudformation deploy`` does; None when
        it holds no changes (the change set is deleted)."""
        new = existing is None or existing["StackStatus"] == "REVIEW_IN_PROGRESS"
        since = None if existing is None else self.newest_event(existing["StackId"])
        try:
            out = self.cfn.create_change_set(
                StackName=name, ChangeSetName=f"cloudlet-{int(time.time() * 1000)}",
                ChangeSetType="CREATE" if new else "UPDATE", Capabilities=self.capabilities,
                Parameters=parameters, **template)
        except ClientError as error:
            raise DeployError(str(error)) from None
        change_set, stack_id = out["Id"], out["StackId"]
        while True:
            described = self.cfn.describe_change_set(ChangeSetName=change_set,
                                                     StackName=stack_id)
            if described["Status"] in ("CREATE_COMPLETE", "FAILED"):
                break
            time.sleep(progress.POLL_S)
        if described["Status"] == "FAILED":
            reason = described.get("StatusReason", "")
            if any(text in reason for text in NO_CHANGES):
                self.cfn.delete_change_set(ChangeSetName=change_set, StackName=stack_id)
                return None
            raise DeployError(f"change set failed: {reason}")
        self.cfn.execute_change_set(ChangeSetName=change_set, StackName=stack_id)
        verb = "creating" if new else "updating"
        return self._watch(stack_id, since, total, f"{verb} {name}", GOOD)

    def delete(self, description: dict[str, Any]) -> dict[str, Any]:
        stack_id = description["StackId"]
        since = self.newest_event(stack_id)
        total = len(self.cfn.list_stack_resources(StackName=stack_id)
                    .get("StackResourceSummaries", []))
        self.cfn.delete_stack(StackName=stack_id)
        return self._watch(stack_id, since, total, f"removing {description['StackName']}",
                           ("DELETE_COMPLETE",))

    def physical_id(self, stack: str, logical_id: str) -> str | None:
        try:
            resource = self.cfn.describe_stack_resource(StackName=stack,
                                                        LogicalResourceId=logical_id)
        except ClientError:
            return None
        physical = resource["StackResourceDetail"].get("PhysicalResourceId")
        return str(physical) if physical else None


def ensure_bucket(cloud: Cloud, name: str) -> str:
    """Create the bucket when it is missing (the deployment bucket of SAM/CloudFormation
    templates, ``cloudlet-deployments-{account}-{region}``)."""
    s3 = cloud.client("s3")
    try:
        s3.head_bucket(Bucket=name)
        return name
    except ClientError:
        pass
    args: dict[str, Any] = {"Bucket": name}
    if cloud.region != "us-east-1":
        args["CreateBucketConfiguration"] = {"LocationConstraint": cloud.region}
    try:
        s3.create_bucket(**args)
    except ClientError as error:
        if "BucketAlreadyOwnedByYou" not in str(error):
            raise
    return name


def upload_once(cloud: Cloud, bucket: str, path: Path, key: str) -> None:
    """Put the file unless an object of that (content-hashed) key is there already."""
    s3 = cloud.client("s3")
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return
    except ClientError:
        pass
    s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes())


def empty_bucket(cloud: Cloud, bucket: str, prefix: str = "") -> None:
    """Delete every object (under ``prefix``) of a bucket, as ``sls remove`` empties the
    deployment bucket before deleting the stack."""
    s3 = cloud.client("s3")
    try:
        pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix))
    except ClientError:
        return
    for page in pages:
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
