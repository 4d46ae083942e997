"""The state one compilation shares: the template being built, the execution role's extra
statements, and the shapes every event compiler writes (function ARN references,
``AWS::Lambda::Permission`` resources)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cloudlet.templates.serverless import naming

PARTITION = {"Ref": "AWS::Partition"}
REGION = {"Ref": "AWS::Region"}
ACCOUNT = {"Ref": "AWS::AccountId"}


def join(*parts: Any, sep: str = "") -> dict[str, Any]:
    return {"Fn::Join": [sep, list(parts)]}


def get_att(logical_id: str, attribute: str = "Arn") -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, attribute]}


@dataclass
class Build:
    """One service being compiled (``service``/``stage`` as resolved from serverless.yml)."""

    config: dict[str, Any]
    service: str
    stage: str
    region: str
    resources: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    # statements the event compilers add to IamRoleLambdaExecution, in the framework's order
    role_statements: list[dict[str, Any]] = field(default_factory=list)
    timestamp_ms: int = 0
    artifact_prefix: str = ""      # serverless/{service}/{stage}/{time}, the S3 folder
    custom_resources: bool = False  # custom-resources.zip is needed (s3 existing buckets)
    # layer logical id -> (layers key, base64 SHA-256 of its zip, zip path): version hashes
    layer_code: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    @property
    def provider(self) -> dict[str, Any]:
        value = self.config.get("provider") or {}
        return value if isinstance(value, dict) else {}

    @property
    def functions(self) -> dict[str, dict[str, Any]]:
        return self.config.get("functions") or {}

    def function_name(self, key: str) -> str:
        """The deployed name: ``functions.X.name`` or ``{service}-{stage}-{X}``."""
        fn = self.functions.get(key) or {}
        return str(fn.get("name") or f"{self.service}-{self.stage}-{key}")

    def function_arn(self, key: str) -> dict[str, Any]:
        return get_att(naming.function(key))

    def add(self, logical_id: str, resource: dict[str, Any]) -> None:
        self.resources[logical_id] = resource

    def allow(self, statement: dict[str, Any]) -> None:
        """Add a statement to the default execution role (once; the framework dedupes)."""
        if statement not in self.role_statements:
            self.role_statements.append(statement)

    def permission(self, logical_id: str, function: str, principal: Any, source_arn: Any = None,
                   **extra: Any) -> None:
        """``AWS::Lambda::Permission`` letting ``principal`` invoke the function."""
        properties: dict[str, Any] = {"FunctionName": self.function_arn(function),
                                      "Action": "lambda:InvokeFunction", "Principal": principal}
        if source_arn is not None:
            properties["SourceArn"] = source_arn
        properties.update(extra)
        self.add(logical_id, {"Type": "AWS::Lambda::Permission", "Properties": properties})
