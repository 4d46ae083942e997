"""AWS Systems Manager Parameter Store: parameters, versions, labels, tags.

https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-parameter-store.html

One SQLite database per account and region (``store``); each parameter keeps its last 100
versions. The stack engine resolves ``AWS::SSM::Parameter::Value<...>`` parameters and
``{{resolve:ssm:...}}`` through GetParameter.

LIMITATIONS:
- SecureString values are not encrypted (a stand-in ciphertext is answered without
  WithDecryption); parameter policies are stored, never run; public parameters
  (``/aws/service/...``) are not served; shared parameters and every other part of
  Systems Manager (documents, Run Command, sessions, ...) answer 501.
"""

from __future__ import annotations

from cloudlet.services.ssm.operations import labels, reads, tags, writes  # noqa: F401
from cloudlet.services.ssm.registry import service

__all__ = ["service"]
