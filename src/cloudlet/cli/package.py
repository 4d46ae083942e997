"""``cloudlet package [DIR] [--output DIR]``: the CloudFormation template and zips, ready
for AWS unchanged.

- serverless.yml: the framework's ``.serverless`` layout (the zips,
  ``cloudformation-template-create-stack.json``, ``cloudformation-template-update-stack.json``,
  ``serverless-state.json``), as ``serverless package`` writes it.
- SAM / CloudFormation: the zips and ``template.json`` whose code properties name those
  zips by relative path (deployable with ``sam deploy`` or ``aws cloudformation package`` +
  ``deploy``); with ``--s3-bucket`` they are uploaded to that bucket on cloudlet's S3 and
  the template names their S3 locations, as ``sam package`` does.
"""

from __future__ import annotations

from pathlib import Path

import click

from cloudlet.cli import artifacts, template_files
from cloudlet.cli.deploying import Deployment, write_serverless_dir
from cloudlet.cli.opening import FAILURES, open_deployment, report_failure
from cloudlet.cli.options import project_options
from cloudlet.cli.stacks import ensure_bucket, upload_once


@click.command()
@click.option("--output", "-o", "output", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Where to write (default: DIR/.serverless for a service, "
                                 "DIR/.cloudlet-package for a template).")
@click.option("--s3-bucket", default=None,
              help="SAM/CloudFormation: upload the zips to this bucket on cloudlet's S3.")
@project_options
def package(output: Path | None, s3_bucket: str | None, directory: Path, endpoint_url: str,
            region: str | None, stage: str | None, params: tuple[str, ...],
            stack_name: str | None) -> None:
    """Package the project in DIR: template(s) and zips."""
    deployment = open_deployment(directory, endpoint_url, region, stage, params, stack_name)
    project = deployment.project
    try:
        if project.kind == "serverless":
            deployment.work_dir = (output or project.directory / ".serverless").resolve()
            compiled = deployment.compile()
            write_serverless_dir(compiled, deployment.work_dir)
            written = deployment.work_dir
        else:
            assert project.template is not None
            written = (output or project.directory / ".cloudlet-package").resolve()

            place = _local(written) if s3_bucket is None else _uploaded(deployment, s3_bucket)
            template = artifacts.package_template(project.template, project.directory,
                                                  written, place)
            (written / "template.json").write_text(template_files.dump(template))
    except FAILURES as error:
        report_failure(deployment.console, error)
    click.echo(f"✔ Packaged {project.stack_name} into {written}")


def _local(output: Path) -> artifacts.Upload:
    """Keep each artifact beside the template, named by a relative path."""
    def place(path: Path, sha: str) -> tuple[str | None, str, str]:
        resolved = path.resolve()
        if not resolved.is_relative_to(output):
            target = output / f"{sha}{path.suffix}"
            target.write_bytes(resolved.read_bytes())
            resolved = target
        relative = str(resolved.relative_to(output))
        return None, relative, relative

    return place


def _uploaded(deployment: Deployment, bucket: str) -> artifacts.Upload:
    """Upload each artifact to ``bucket`` on cloudlet's S3 under a content-hash key."""
    ensure_bucket(deployment.cloud, bucket)

    def place(path: Path, sha: str) -> tuple[str | None, str, str]:
        key = f"{deployment.project.stack_name}/{sha}{path.suffix}"
        upload_once(deployment.cloud, bucket, path, key)
        return bucket, key, deployment.cloud.object_url(bucket, key)

    return place
