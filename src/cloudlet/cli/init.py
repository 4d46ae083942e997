"""``cloudlet init [--template NAME] [DIR]``: a new project copied from one of the
examples (hello, mafia, visitplannr, restaurants, events), as ``sls create --template``.

The examples live in the repository's ``examples/`` folder, found beside the package when
running from a checkout; an installed wheel needs them as data (``cloudlet/examples``
package data or ``{prefix}/share/cloudlet/examples``; pyproject.toml does not ship them yet). The demo driver ``app.py``
(boto3 deployment for ``examples/run.py``) is not copied.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

TEMPLATES = ("hello", "mafia", "visitplannr", "restaurants", "events")
SKIPPED = ("app.py", "__pycache__", ".serverless", ".cloudlet", ".cloudlet-build",
           ".aws-sam", "*.pyc")


def examples_root() -> Path | None:
    """Where the examples are: the package's data, an installation's
    ``{prefix}/share/cloudlet/examples``, else the checkout's ``examples/``."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "examples", Path(sys.prefix) / "share" / "cloudlet" / "examples",
                      package.parent.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return None


@click.command()
@click.option("--template", "-t", "template", type=click.Choice(TEMPLATES), default="hello",
              show_default=True, help="The example to start from.")
@click.argument("directory", required=False, default=None,
                type=click.Path(file_okay=False, path_type=Path))
def init(template: str, directory: Path | None) -> None:
    """Create a project in DIR (default: ./TEMPLATE) from an example."""
    root = examples_root()
    source = root / template if root else None
    if source is None or not source.is_dir():
        raise click.ClickException(f"example {template} is not available in this installation")
    target = directory or Path(template)
    if target.exists() and any(target.iterdir()):
        raise click.ClickException(f"{target} exists and is not empty")
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*SKIPPED), dirs_exist_ok=True)
    files = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    click.echo(f"✔ Project created in {target} from the {template} example")
    for name in files:
        click.echo(f"  {name}")
    click.echo(f"\nNext: cloudlet up {target}")
