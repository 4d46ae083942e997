"""Resource-based policies of functions: one policy per function, version or alias.

https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html

- A policy is ``{"Version": "2012-10-17", "Id": "default", "Statement": [...]}``; each
  AddPermission appends one statement ``{Sid, Effect: Allow, Principal, Action, Resource,
  Condition}``. ``Resource`` is the function ARN, qualified when a ``Qualifier`` was
  given. ``Principal`` is ``{"Service": p}`` for a service principal (``*.amazonaws.com``),
  ``{"AWS": "arn:aws:iam::ACCOUNT:root"}`` for a 12-digit account, ``{"AWS": arn}`` for
  an IAM ARN and ``"*"`` for everyone.
- ``Condition``: ``StringEquals`` with ``lambda:FunctionUrlAuthType``,
  ``aws:PrincipalOrgID``, ``AWS:SourceAccount``, ``lambda:EventSourceToken``;
  ``ArnLike`` with ``AWS:SourceArn``; ``Bool`` with ``lambda:InvokedViaFunctionUrl``.
- The unqualified function and ``$LATEST`` share one policy; each version and alias has
  its own. A statement id is unique within one policy.
- The policy's revision is the RevisionId of the version or alias it belongs to: adding
  or removing a statement gives that version or alias a new RevisionId.
- The whole policy may be at most 20 KB (PolicyLengthExceededException).

Statements live in the ``policies`` table (one row per function and qualifier, written in
the same transaction as the revision change), so they survive a restart.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cloudlet.clock import new_id
from cloudlet.policy.resource_policies import bump
from cloudlet.server.errors import ClientError
from cloudlet.services.lambda_.arns import LATEST
from cloudlet.services.lambda_.errors import (
    InvalidParameterValueException,
    PreconditionFailedException,
    ResourceConflictException,
    ResourceNotFoundException,
)

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Mapping

    from cloudlet.services.lambda_.backend import Function, LambdaBackend

MAX_POLICY_BYTES = 20480

_SCHEMA = """
CREATE TABLE IF NOT EXISTS policies (
    name TEXT NOT NULL, qualifier TEXT NOT NULL, statements TEXT NOT NULL,
    PRIMARY KEY (name, qualifier));
"""

_ACCOUNT = re.compile(r"\d{12}")
_IAM_ARN = re.compile(r"arn:aws[a-zA-Z-]*:iam::")
_ALIAS_NAME = re.compile(r"(?!^[0-9]+$)[a-zA-Z0-9-_]+")  # the model's alias name pattern
# The policy operations' text (recorded in LocalStack's test_lambda_api.snapshot.json,
# test_lambda_permission_fn_versioning): GetPolicy, not GetFunction/GetAlias.
REVISION_MISMATCH = ("The Revision Id provided does not match the latest Revision Id. "
                     "Call the GetPolicy API to retrieve the latest Revision Id")


class PolicyLengthExceededException(ClientError):
    code = "PolicyLengthExceededException"


def compact(document: Any) -> str:
    """JSON as Lambda writes policies: no spaces."""
    return json.dumps(document, separators=(",", ":"))


def document(statements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Id": "default", "Statement": statements}


def principal_of(value: str, partition: str = "aws") -> str | dict[str, str]:
    """The statement's Principal for AddPermission's ``Principal``."""
    if value == "*":
        return "*"
    if value.endswith(".amazonaws.com") or value.endswith(".amazonaws.com.cn"):
        return {"Service": value}
    if _ACCOUNT.fullmatch(value):
        return {"AWS": f"arn:{partition}:iam::{value}:root"}
    if _IAM_ARN.match(value):
        return {"AWS": value}
    raise InvalidParameterValueException(
        "The provided principal was invalid. Please check the principal and try again.")


def statement_of(req: Mapping[str, Any], resource: str) -> dict[str, Any]:
    """The statement AddPermission adds, keys in the order Lambda writes them."""
    statement: dict[str, Any] = {
        "Sid": req["StatementId"], "Effect": "Allow",
        "Principal": principal_of(req["Principal"]),
        "Action": req["Action"], "Resource": resource,
    }
    equals: dict[str, str] = {}
    for member, key in (("FunctionUrlAuthType", "lambda:FunctionUrlAuthType"),
                        ("PrincipalOrgID", "aws:PrincipalOrgID"),
                        ("SourceAccount", "AWS:SourceAccount"),
                        ("EventSourceToken", "lambda:EventSourceToken")):
        if req.get(member):
            equals[key] = req[member]
    condition: dict[str, Any] = {}
    if equals:
        condition["StringEquals"] = equals
    if req.get("SourceArn"):
        condition["ArnLike"] = {"AWS:SourceArn": req["SourceArn"]}
    if req.get("InvokedViaFunctionUrl") is not None:
        condition["Bool"] = {"lambda:InvokedViaFunctionUrl": str(req["InvokedViaFunctionUrl"]).lower()}
    if condition:
        statement["Condition"] = condition
    return statement


@dataclass(slots=True)
class Target:
    """What a FunctionName and Qualifier name: the policy's key and the revision it tracks."""

    fn: Function
    qualifier: str  # $LATEST, a version number or an alias name
    is_alias: bool

    @property
    def revision(self) -> str:
        if self.is_alias:
            return str(self.fn.aliases[self.qualifier]["RevisionId"])
        return str(self.fn.versions[self.qualifier].config["RevisionId"])


class PolicyStore:
    def __init__(self, backend: LambdaBackend) -> None:
        self.backend = backend
        # (function name, qualifier) -> statements, in the order they were added
        self.statements: dict[tuple[str, str], list[dict[str, Any]]] = {}
        backend.conn.executescript(_SCHEMA)

    def load(self) -> None:
        for name, qualifier, statements in self.backend.conn.execute(
                "SELECT name, qualifier, statements FROM policies"):
            if name in self.backend.functions:
                self.statements[(name, qualifier)] = json.loads(statements)

    def target(self, name: str, qualifier: str | None) -> Target:
        """The function, version or alias; ResourceNotFoundException when it does not
        exist: ``Function not found: ARN`` for a function or version, ``Cannot find alias
        arn: ARN`` for a qualifier that can only be an alias name (recorded in
        LocalStack's test_lambda_api.snapshot.json, test_permission_exceptions)."""
        backend = self.backend
        fn = backend.function(name)
        qualifier = qualifier or LATEST
        if qualifier in fn.aliases:
            return Target(fn, qualifier, True)
        if qualifier not in fn.versions and _ALIAS_NAME.fullmatch(qualifier):
            raise ResourceNotFoundException(
                f"Cannot find alias arn: {backend.arn(name, qualifier)}")
        backend.version(name, qualifier)
        return Target(fn, qualifier, False)

    def get(self, target: Target) -> list[dict[str, Any]]:
        return self.statements.get((target.fn.name, target.qualifier), [])

    # -- changes -----------------------------------------------------------------------

    def add(self, target: Target, statement: dict[str, Any], revision_id: str | None) -> None:
        with self.backend.lock:
            self._check_revision(target, revision_id)
            current = self.get(target)
            sid = statement["Sid"]
            if any(s["Sid"] == sid for s in current):
                raise ResourceConflictException(
                    f"The statement id ({sid}) provided already exists. Please provide a new "
                    "statement id, or remove the existing statement.")
            statements = [*current, statement]
            size = len(compact(document(statements)))
            if size > MAX_POLICY_BYTES:
                raise PolicyLengthExceededException(
                    f"The final policy size ({size}) is bigger than the limit ({MAX_POLICY_BYTES}).")
            self._write(target, statements)

    def remove(self, target: Target, sid: str, revision_id: str | None) -> None:
        with self.backend.lock:
            current = self.get(target)
            if not current:
                raise ResourceNotFoundException("No policy is associated with the given resource.")
            if not any(s["Sid"] == sid for s in current):
                raise ResourceNotFoundException(f"Statement {sid} is not found in resource policy.")
            self._check_revision(target, revision_id)
            self._write(target, [s for s in current if s["Sid"] != sid])

    def _check_revision(self, target: Target, revision_id: str | None) -> None:
        if revision_id and revision_id != target.revision:
            raise PreconditionFailedException(REVISION_MISMATCH)

    def _write(self, target: Target, statements: list[dict[str, Any]]) -> None:
        """Store the statements and give the version or alias a new RevisionId, in one
        transaction."""
        backend = self.backend
        fn, key = target.fn, (target.fn.name, target.qualifier)
        with backend.transaction() as db:
            if statements:
                db.execute("INSERT OR REPLACE INTO policies (name, qualifier, statements)"
                           " VALUES (?, ?, ?)", (*key, json.dumps(statements)))
            else:
                db.execute("DELETE FROM policies WHERE name = ? AND qualifier = ?", key)
            if target.is_alias:
                alias = dict(fn.aliases[target.qualifier], RevisionId=new_id())
                db.execute("INSERT OR REPLACE INTO aliases (name, alias, config) VALUES (?, ?, ?)",
                           (fn.name, target.qualifier, json.dumps(alias)))
                fn.aliases[target.qualifier] = alias
            else:
                old = fn.versions[target.qualifier]
                version = dataclasses.replace(old, config=dict(old.config, RevisionId=new_id()))
                db.execute("UPDATE versions SET config = ? WHERE name = ? AND version = ?",
                           (json.dumps(version.config), fn.name, target.qualifier))
                fn.versions[target.qualifier] = version
        if statements:
            self.statements[key] = statements
        else:
            self.statements.pop(key, None)
        bump(backend.state)

    def drop(self, db: sqlite3.Connection, name: str, qualifier: str | None = None) -> None:
        """Forget the policy of a deleted function (every qualifier), version or alias
        (inside the caller's transaction)."""
        if qualifier is None:
            db.execute("DELETE FROM policies WHERE name = ?", (name,))
            for key in [k for k in self.statements if k[0] == name]:
                del self.statements[key]
        else:
            db.execute("DELETE FROM policies WHERE name = ? AND qualifier = ?", (name, qualifier))
            self.statements.pop((name, qualifier), None)
        bump(self.backend.state)
