"""``-f NAME`` of invoke/logs/deploy function: a serverless.yml function key (or a
template's function logical id) in the current directory's project resolves to the name it
deployed as; anything else is taken as a function name or ARN."""

from __future__ import annotations

from pathlib import Path

from cloudlet.cli.cloud import Cloud
from cloudlet.cli.project import SERVERLESS_FILES, ProjectError, find_file, open_project


def resolve_function(name: str, endpoint_url: str, region: str | None,
                     stage: str | None = None, directory: Path | None = None) -> str:
    if ":" in name or "/" in name:
        return name
    directory = directory or Path.cwd()
    try:
        file = find_file(directory)
    except ProjectError:
        return name
    from cloudlet.cli.project import default_region

    cloud = Cloud(endpoint_url, default_region(region))
    try:
        if file.name in SERVERLESS_FILES:
            from cloudlet.cli.deploying import function_name, serverless_hooks

            project = open_project(directory, stage=stage, region=region,
                                   hooks=serverless_hooks(cloud))
            assert project.service is not None
            if name in (project.service.config.get("functions") or {}):
                return function_name(project.service, name)
            return name
        project = open_project(directory, region=region)
    except (ProjectError, ImportError):
        return name
    resources = (project.template or {}).get("Resources") or {}
    kind = (resources.get(name) or {}).get("Type") if isinstance(resources, dict) else None
    if kind in ("AWS::Lambda::Function", "AWS::Serverless::Function"):
        from botocore.exceptions import ClientError

        try:
            detail = cloud.client("cloudformation").describe_stack_resource(
                StackName=project.stack_name, LogicalResourceId=name)["StackResourceDetail"]
            return str(detail.get("PhysicalResourceId") or name)
        except ClientError:
            return name
    return name
