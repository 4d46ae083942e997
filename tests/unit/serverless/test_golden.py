"""Our compiler against ``serverless package`` (golden files from regenerate.py)."""

from __future__ import annotations

import json

import pytest

from cloudlet.templates.serverless import compile, load
from cloudlet.templates.serverless.functions import version_digest
from tests.unit.serverless.golden_support import GOLDEN, golden, normalize
from tests.unit.serverless.regenerate import ENV, services

NAMES = sorted(services())


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = {}
    for name, source in services().items():
        service = load(source, stage="dev", region="us-east-1", env=ENV)
        out[name] = compile(service, output_dir=tmp_path_factory.mktemp(name),
                            install_dependencies=False)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_update_template_matches_framework(compiled, name):
    ours = normalize(compiled[name].update_template)
    theirs = normalize(golden(name, "update"))
    assert sorted(ours["Resources"]) == sorted(theirs["Resources"])
    for logical, resource in theirs["Resources"].items():
        assert ours["Resources"][logical] == resource, logical
    assert ours == theirs


@pytest.mark.parametrize("name", NAMES)
def test_create_template_matches_framework(compiled, name):
    assert compiled[name].create_template == golden(name, "create")


@pytest.mark.parametrize("name", NAMES)
def test_zip_entries_match_framework(compiled, name):
    import zipfile
    theirs = json.loads((GOLDEN / name / "zips.json").read_text())
    ours = {a.path.name: sorted(zipfile.ZipFile(a.path).namelist())
            for a in compiled[name].artifacts}
    if "custom-resources.zip" in theirs:                       # ours are Python handlers
        assert "s3/handler.py" in ours.pop("custom-resources.zip")
        theirs.pop("custom-resources.zip")
    assert ours == theirs


@pytest.mark.parametrize("name", NAMES)
def test_version_ids_follow_the_framework_hash(compiled, name):
    """With the framework's own CodeSha256, our version hash gives its exact logical id."""
    template = golden(name, "update")
    resources = template["Resources"]
    versions = {k: v for k, v in resources.items() if v["Type"] == "AWS::Lambda::Version"}
    for logical, version in versions.items():
        function = version["Properties"]["FunctionName"]["Ref"]
        digest = version_digest(version["Properties"]["CodeSha256"],
                                resources[function]["Properties"])
        prefix = function.removesuffix("LambdaFunction")
        assert logical == f"{prefix}LambdaVersion" + "".join(c for c in digest if c.isalnum())
