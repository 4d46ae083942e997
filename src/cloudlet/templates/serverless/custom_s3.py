"""``s3`` events on a bucket that already exists (``existing: true``), compiled as the
framework compiles them: one ``Custom::S3`` ``{Fn}CustomS31`` per function listing its
events, served by the function ``custom-resource-existing-s3``
(``CustomDashresourceDashexistingDashs3LambdaFunction``) under the role
``IamRoleCustomResourcesLambdaExecution``. The function is cloudlet's own, in Python
(``custom_resources/s3/handler.py``), so its Runtime differs from the framework's Node.js
one; it works the same on AWS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cloudlet.templates.packaging import write_zip
from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import ACCOUNT, PARTITION, REGION, Build, get_att, join
from cloudlet.templates.serverless.functions import bucket_ref

SOURCE = Path(__file__).parent / "custom_resources"
ARTIFACT = "custom-resources.zip"
ROLE = "IamRoleCustomResourcesLambdaExecution"
FUNCTION = naming.function(naming.normalize("custom-resource-existing-s3"))
RUNTIME = "python3.12"


def package_custom_resources(output_dir: Path) -> tuple[Path, str]:
    """custom-resources.zip: our handlers (``s3/handler.py``), deterministic like the rest."""
    files = [(path, path.relative_to(SOURCE).as_posix())
             for path in sorted(SOURCE.rglob("*")) if path.is_file()
             and "__pycache__" not in path.parts]
    return write_zip(files, output_dir / ARTIFACT)


def existing_bucket(build: Build, key: str, spec: dict[str, Any]) -> None:
    bucket = str(spec["bucket"])
    logical = f"{naming.normalize(key)}CustomS31"
    rules = [{name[:1].upper() + name[1:]: value for name, value in rule.items()}
             for rule in spec.get("rules") or []]
    config = {"Event": spec.get("event", "s3:ObjectCreated:*"), "Rules": rules}
    resource = build.resources.get(logical)
    if resource is None:
        resource = {"Type": "Custom::S3", "Version": 1, "DependsOn": [
            naming.function(key), FUNCTION], "Properties": {
            "ServiceToken": get_att(FUNCTION), "FunctionName": build.function_name(key),
            "BucketName": bucket, "BucketConfigs": []}}
        build.add(logical, resource)
    resource["Properties"]["BucketConfigs"].append(config)
    _function_and_role(build, bucket)


def _function_and_role(build: Build, bucket: str) -> None:
    build.custom_resources = True
    if ROLE not in build.resources:
        build.add(ROLE, {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]},
                "Action": ["sts:AssumeRole"]}]},
            "Policies": [{"PolicyName": join(build.stage, build.service,
                                             "custom-resources-lambda", sep="-"),
                          "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                              "Effect": "Allow", "Resource": join(
                                  "arn", PARTITION, "lambda", REGION, ACCOUNT, "function", "*",
                                  sep=":"),
                              "Action": ["lambda:AddPermission",
                                         "lambda:RemovePermission"]}]}}]}})
    statements = build.resources[ROLE]["Properties"]["Policies"][0]["PolicyDocument"][
        "Statement"]
    bucket_statement = {"Effect": "Allow", "Resource": join("arn", PARTITION, "s3", "", "",
                                                            bucket, sep=":"),
                        "Action": ["s3:PutBucketNotification", "s3:GetBucketNotification"]}
    if bucket_statement not in statements:
        statements.insert(len(statements) - 1, bucket_statement)
    if FUNCTION not in build.resources:
        build.add(FUNCTION, {"Type": "AWS::Lambda::Function", "Properties": {
            "Code": {"S3Bucket": bucket_ref(build),
                     "S3Key": f"{build.artifact_prefix}/{ARTIFACT}"},
            "FunctionName": f"{build.service}-{build.stage}-custom-resource-existing-s3",
            "Handler": "s3/handler.handler", "MemorySize": 1024, "Runtime": RUNTIME,
            "Timeout": 180, "Role": get_att(ROLE)}, "DependsOn": [ROLE]})
