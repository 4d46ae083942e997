"""``cloudlet deploy`` of a SAM template (local CodeUri zipped and uploaded to the
deployment bucket, as ``sam package``), and ``cloudlet package`` of it: the output is
cfn-lint clean and names its zips."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.conftest import make_client
from tests.e2e.cli_deploy.conftest import endpoint, get, run_cli, write_project
from tests.server import RunningServer

SAM_TEMPLATE = """
    AWSTemplateFormatVersion: "2010-09-09"
    Transform: AWS::Serverless-2016-10-31
    Globals:
      Function:
        Runtime: python3.12
        Timeout: 10
    Resources:
      Hello:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: src/
          Handler: app.handler
          Events:
            Get:
              Type: Api
              Properties:
                Path: /hello
                Method: get
            Hi:
              Type: HttpApi
              Properties:
                Path: /hi
                Method: get
    Outputs:
      HelloName:
        Value: !Ref Hello
"""
HANDLER = """
    def handler(event, context):
        path = event.get("path") or event.get("rawPath")
        return {"statusCode": 200, "body": "sam says " + path}
"""


def sam_project(root: Path) -> Path:
    return write_project(root, {"template.yaml": SAM_TEMPLATE, "src/app.py": HANDLER})


def test_deploy_a_sam_template_and_call_its_api(server: RunningServer, tmp_path: Path) -> None:
    root = sam_project(tmp_path / "cli-sam")
    done = run_cli("deploy", str(root), server=server)
    assert done.returncode == 0, done.stdout + done.stderr
    url = endpoint(done.stdout, "GET", "/Prod/hello")
    assert get(url) == (200, b"sam says /hello")
    http_api_url = endpoint(done.stdout, "GET", "/hi")  # $default stage: no stage segment
    assert http_api_url.count("/") == 3
    assert get(http_api_url)[0] == 200

    s3 = make_client(server, "s3")
    keys = [o["Key"] for o in s3.list_objects_v2(
        Bucket="cloudlet-deployments-000000000000-us-east-1")["Contents"]]
    assert any(k.startswith("cli-sam/") and k.endswith(".zip") for k in keys)


def test_package_writes_a_cfn_lint_clean_template_and_its_zip(tmp_path: Path) -> None:
    import cfnlint.api

    root = sam_project(tmp_path / "cli-sam-package")
    out = tmp_path / "out"
    done = run_cli("package", str(root), "--output", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    template = json.loads((out / "template.json").read_text())
    code_uri = template["Resources"]["Hello"]["Properties"]["CodeUri"]
    assert code_uri == "Hello.zip"
    with zipfile.ZipFile(out / code_uri) as archive:
        assert archive.namelist() == ["app.py"]
    matches = cfnlint.api.lint_file(out / "template.json")
    assert [str(m) for m in matches] == []
