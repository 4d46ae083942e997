"""Policy documents as IAM takes and answers them.

https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
- A document is JSON text: an object with ``Statement`` (one statement or a list), each
  statement an object with ``Effect`` ``Allow``/``Deny`` and an ``Action``/``NotAction``
  (``Principal`` in a trust policy). Anything else is MalformedPolicyDocument.
- IAM answers documents URL-encoded (RFC 3986), as botocore expects before it decodes
  them (``policyDocumentType``).

LIMITATIONS: only the shape is checked (not action names, ARNs or condition operators);
documents are stored, not evaluated (issue 15 evaluates them).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from cloudlet.services.iam.errors import MalformedPolicyDocument

_VERSIONS = ("2012-10-17", "2008-10-17")
_KNOWN = {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal",
          "NotPrincipal", "Condition"}


def checked(text: str, *, trust: bool = False) -> str:
    """``text`` if it is a well-shaped policy (a trust policy with ``trust``), else
    MalformedPolicyDocument with AWS's wording."""
    try:
        doc = json.loads(text)
    except ValueError:
        raise MalformedPolicyDocument("This policy contains invalid Json") from None
    if not isinstance(doc, dict):
        raise MalformedPolicyDocument("Syntax errors in policy.")
    version = doc.get("Version")
    if version is not None and version not in _VERSIONS:
        raise MalformedPolicyDocument("The policy failed legacy parsing")
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise MalformedPolicyDocument("Syntax errors in policy.")
    for statement in statements:
        _check_statement(statement, trust)
    return text


def _check_statement(statement: Any, trust: bool) -> None:
    if not isinstance(statement, dict) or set(statement) - _KNOWN:
        raise MalformedPolicyDocument("Syntax errors in policy.")
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise MalformedPolicyDocument("Syntax errors in policy.")
    if "Action" not in statement and "NotAction" not in statement:
        raise MalformedPolicyDocument("Policy statement must contain actions.")
    if trust:
        if "Principal" not in statement and "NotPrincipal" not in statement:
            raise MalformedPolicyDocument("AssumeRolepolicy contained an invalid principal")
    elif "Principal" in statement or "NotPrincipal" in statement:
        raise MalformedPolicyDocument("Policy document should not specify a principal.")
    elif "Resource" not in statement and "NotResource" not in statement:
        raise MalformedPolicyDocument("Policy statement must contain resources.")


def encoded(text: str) -> str:
    """A stored document as IAM answers it: URL-encoded."""
    return quote(text, safe="")
