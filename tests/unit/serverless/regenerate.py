"""Regenerate the golden files with the real Serverless Framework (v3, from npm).

    .venv/bin/python tests/unit/serverless/regenerate.py [NAME ...]

For every sample service (the examples' serverless.yml and ``services/*/``) this copies the
service to a scratch folder, runs ``serverless package`` there with fake credentials and
telemetry off, and writes ``golden/<name>/create.json`` and ``update.json`` (the framework's
two templates) and ``zips.json`` (each zip's entries). The framework is installed once into
``/var/tmp/cloudlet-sls`` (``npm install serverless@3 serverless-step-functions``; override
with ``SLS_HOME``), whose ``node_modules`` the scratch copy links to for plugins.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
SLS_HOME = Path(os.environ.get("SLS_HOME", "/var/tmp/cloudlet-sls"))
EXAMPLES = ["hello", "mafia", "restaurants", "events"]
# what `serverless package` is given for each sample (the tests pass the same)
ENV = {"SAMPLE_GREETING": "Howdy"}


def services() -> dict[str, Path]:
    """Every sample service by golden name."""
    found = {name: ROOT / "examples" / name for name in EXAMPLES}
    for path in sorted((HERE / "services").iterdir()):
        if path.is_dir():
            found[path.name] = path
    return found


def framework() -> Path:
    binary = SLS_HOME / "node_modules" / ".bin" / "serverless"
    if not binary.exists():
        SLS_HOME.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "serverless@3",
                        "serverless-step-functions"], cwd=SLS_HOME, check=True)
    return binary


def package(name: str, source: Path, binary: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / name
        shutil.copytree(source, work, ignore=shutil.ignore_patterns(".serverless", "__pycache__"))
        if "plugins:" in (work / "serverless.yml").read_text():
            (work / "node_modules").symlink_to(SLS_HOME / "node_modules")   # the plugins
        env = {**os.environ, **ENV, "SLS_TELEMETRY_DISABLED": "1", "SLS_NOTIFICATIONS_MODE": "off",
               "SLS_DEPRECATION_DISABLE": "*", "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
               "AWS_SECRET_ACCESS_KEY": "fake", "AWS_REGION": "us-east-1"}
        subprocess.run([str(binary), "package", "--stage", "dev", "--region", "us-east-1"],
                       cwd=work, env=env, check=True)
        built = work / ".serverless"
        out = HERE / "golden" / name
        out.mkdir(parents=True, exist_ok=True)
        for kind in ("create", "update"):
            template = json.loads((built / f"cloudformation-template-{kind}-stack.json").read_text())
            (out / f"{kind}.json").write_text(json.dumps(template, indent=2) + "\n")
        zips = {p.name: sorted(zipfile.ZipFile(p).namelist()) for p in sorted(built.glob("*.zip"))}
        (out / "zips.json").write_text(json.dumps(zips, indent=2) + "\n")


def main(names: list[str]) -> None:
    binary = framework()
    for name, source in services().items():
        if not names or name in names:
            print(f"== {name}", flush=True)
            package(name, source, binary)


if __name__ == "__main__":
    main(sys.argv[1:])
