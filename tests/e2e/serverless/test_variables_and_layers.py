"""Variables resolved against a running cloudlet (``${cf:...}`` from another stack's
outputs, ``${ssm:...}`` from Parameter Store) and a layer built by the service, mounted
at /opt for its function."""

from __future__ import annotations

import json
from pathlib import Path

from cloudlet.templates.serverless import compile, load
from cloudlet.templates.serverless.hooks import boto3_hooks
from tests.conftest import make_client
from tests.e2e.stacks import deploy
from tests.server import RunningServer

SERVICE = """\
service: slsvars
provider:
  name: aws
  runtime: python3.12
  environment:
    FROM_SSM: ${ssm:/slsvars/greeting}
    FROM_CF: ${cf:slsvars-source.TopicName}
    FALLBACK: ${ssm:/slsvars/missing, 'none'}
    ACCOUNT: ${aws:accountId}
package:
  patterns: ['!layer/**']
layers:
  shared:
    path: layer
functions:
  show:
    handler: handler.show
    layers: [!Ref SharedLambdaLayer]
"""

HANDLER = """\
import os
import greeting

def show(event, context):
    return {"layer": greeting.TEXT, **{k: os.environ[k] for k in
            ("FROM_SSM", "FROM_CF", "FALLBACK", "ACCOUNT")}}
"""


def test_cf_ssm_variables_and_a_local_layer(server: RunningServer, tmp_path: Path) -> None:
    (tmp_path / "serverless.yml").write_text(SERVICE)
    (tmp_path / "handler.py").write_text(HANDLER)
    (tmp_path / "layer" / "python").mkdir(parents=True)
    (tmp_path / "layer" / "python" / "greeting.py").write_text("TEXT = 'from the layer'\n")
    ssm, cfn = make_client(server, "ssm"), make_client(server, "cloudformation")
    ssm.put_parameter(Name="/slsvars/greeting", Value="hello from ssm", Type="String")
    deploy(server, {"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {
        "TopicName": "slsvars-topic"}}}, "Outputs": {
        "TopicName": {"Value": {"Fn::GetAtt": ["T", "TopicName"]}}}}, name="slsvars-source")

    service = load(tmp_path, stage="dev", hooks=boto3_hooks(cfn, ssm, account="000000000000"))
    compiled = compile(service, output_dir=tmp_path / ".serverless", install_dependencies=False)
    stack = deploy(server, compiled.create_template, name=service.stack_name)
    s3 = make_client(server, "s3")
    for artifact in compiled.artifacts:
        s3.put_object(Bucket=stack.physical("ServerlessDeploymentBucket"), Key=artifact.key,
                      Body=artifact.path.read_bytes())
    deploy(server, compiled.update_template, name=service.stack_name, update=True)

    result = make_client(server, "lambda").invoke(FunctionName="slsvars-dev-show")
    assert json.loads(result["Payload"].read()) == {
        "layer": "from the layer", "FROM_SSM": "hello from ssm", "FROM_CF": "slsvars-topic",
        "FALLBACK": "none", "ACCOUNT": "000000000000"}
