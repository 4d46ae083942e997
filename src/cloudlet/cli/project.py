"""What a directory holds: a serverless.yml service, a SAM template or a plain
CloudFormation template, and where its stack lives.

Looked for in this order, as ``sls`` and ``sam`` look (a file given instead of a
directory is taken as it is): ``serverless.yml``/``.yaml``/``.json``, then
``template.yaml``/``template.yml``/``template.json`` (SAM's names; SAM when it has the
``AWS::Serverless`` transform, plain CloudFormation otherwise), then
``cloudformation.yaml``/``.yml``/``.json`` and ``stack.yaml``/``.yml``/``.json``.

The stack of a service is ``{service}-{stage}`` (or ``provider.stackName``); of a template,
``--stack-name`` or the directory's name, as ``sam deploy --guided`` proposes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cloudlet.cli import template_files

if TYPE_CHECKING:
    from cloudlet.templates.serverless import ServerlessService

SERVERLESS_FILES = ("serverless.yml", "serverless.yaml", "serverless.json")
TEMPLATE_FILES = ("template.yaml", "template.yml", "template.json", "cloudformation.yaml",
                  "cloudformation.yml", "cloudformation.json", "stack.yaml", "stack.yml",
                  "stack.json")
DEFAULT_REGION = "us-east-1"

Kind = Literal["serverless", "sam", "cloudformation"]


class ProjectError(Exception):
    """The directory holds nothing deployable, or its file cannot be read."""


@dataclass
class Project:
    """One deployable thing: its kind, its files, its stack's name and region."""

    kind: Kind
    directory: Path
    file: Path
    stack_name: str
    region: str
    stage: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    template: dict[str, Any] | None = None      # SAM/CloudFormation only
    service: ServerlessService | None = None    # serverless only

    @property
    def config_files(self) -> set[Path]:
        """Files whose change needs a full deploy (``up``)."""
        return {self.file.resolve()}


def find_file(path: Path) -> Path:
    """The project file in ``path`` (or ``path`` itself when it is a file)."""
    if path.is_file():
        return path
    for name in (*SERVERLESS_FILES, *TEMPLATE_FILES):
        if (path / name).is_file():
            return path / name
    raise ProjectError(f"no serverless.yml, template.yaml or CloudFormation template in {path}")


def default_region(region: str | None) -> str:
    return region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") \
        or DEFAULT_REGION


def stack_name_for(directory: Path) -> str:
    """A valid stack name from a directory's name ([a-zA-Z][-a-zA-Z0-9]*)."""
    name = re.sub(r"[^A-Za-z0-9-]+", "-", directory.resolve().name).strip("-") or "app"
    return name if name[0].isalpha() else f"app-{name}"


def open_project(path: Path, *, stage: str | None = None, region: str | None = None,
                 params: dict[str, str] | None = None, stack_name: str | None = None,
                 hooks: Any = None) -> Project:
    """Read the project at ``path``: a serverless service is loaded (its variables
    resolved, with ``hooks`` reaching the running cloudlet), a template parsed."""
    file = find_file(path)
    directory = file.parent.resolve()
    params = dict(params or {})
    if file.name in SERVERLESS_FILES:
        from cloudlet.templates import serverless

        options = {**params}
        if stage:
            options["stage"] = stage
        if region:
            options["region"] = region
        try:
            service = serverless.load(directory, stage=stage, region=region, options=options,
                                      hooks=hooks)
        except Exception as error:  # the compiler's errors name file, key and variable
            raise ProjectError(str(error)) from None
        return Project("serverless", directory, file, stack_name or service.stack_name,
                       service.region, service.stage, params, service=service)
    try:
        template = template_files.load(file)
    except (OSError, ValueError) as error:
        raise ProjectError(str(error)) from None
    kind: Kind = "sam" if template_files.is_sam(template) else "cloudformation"
    return Project(kind, directory, file, stack_name or stack_name_for(directory),
                   default_region(region), stage, params, template=template)
