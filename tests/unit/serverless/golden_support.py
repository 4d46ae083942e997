"""Comparing our compiled templates with the framework's (the golden files), after
normalizing only what legitimately differs between two runs or two zip writers:

- the S3 key's timestamp folder (``serverless/{service}/{stage}/{ms}-{ISO}/``);
- the ``ApiGatewayDeployment{ms}`` suffix (and references to it);
- CodeSha256 and the ``LambdaVersion{hash}`` suffix: the framework's zip writer is not
  ours, so the bytes (and hashes) differ; the version hash *formula* is checked separately
  against the framework's own CodeSha256 (test_golden.py);
- the ``integration: lambda`` request template text (VTL; see lambda_integration.py);
- the runtime of the custom-resource function and the content of custom-resources.zip:
  the framework ships Node.js handlers there, cloudlet its own Python ones (custom_s3.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"

KEY = re.compile(r"^serverless/([^/]+)/([^/]+)/\d+-[0-9T:.\-]+Z/")
DEPLOYMENT = re.compile(r"^ApiGatewayDeployment\d+$")
VERSION = re.compile(r"^(\w+?LambdaVersion)[0-9A-Za-z]+$")


def golden(name: str, kind: str) -> dict[str, Any]:
    return json.loads((GOLDEN / name / f"{kind}.json").read_text())


def normalize(template: dict[str, Any]) -> dict[str, Any]:
    """The template with run- and zip-specific values replaced by placeholders."""
    renames = {}
    for logical in template.get("Resources", {}):
        if DEPLOYMENT.match(logical):
            renames[logical] = "ApiGatewayDeployment<ms>"
        elif (m := VERSION.match(logical)):
            renames[logical] = f"{m.group(1)}<hash>"

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if k == "CodeSha256" and isinstance(v, str):
                    out[k] = "<sha>"
                elif k == "Runtime" and value.get("Handler") == "s3/handler.handler":
                    out[k] = "<custom resource runtime>"
                elif k == "RequestTemplates" and isinstance(v, dict):
                    out[k] = {t: "<lambda integration template>"
                              if "enhancedAuthContext" in text else text
                              for t, text in v.items()}
                else:
                    out[renames.get(k, k)] = walk(v)
            return out
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str):
            return renames.get(value, KEY.sub(r"serverless/\1/\2/<time>/", value))
        return value

    return walk(template)
