"""The ``stepFunctions`` section of the serverless-step-functions plugin, under its names
(its ``lib/naming.js`` and ``deploy/stepFunctions/compileStateMachines.js``).

- ``stepFunctions.stateMachines.<key>`` -> ``AWS::StepFunctions::StateMachine``, logical id
  ``{Id or Name}`` normalized when ``id``/``name`` is given, else
  ``{Key}StepFunctionsStateMachine``; ``StateMachineName`` from ``name``; output
  ``{LogicalId}Arn`` (or ``{Key}StepFunctionsStateMachineArn``).
- The definition is written as indented JSON; each intrinsic inside it becomes
  ``${<md5 of its JSON>}`` in a ``Fn::Sub``, with ``Fn::GetAtt: [fn, Arn]`` of a function of
  this service translated to ``{Fn}LambdaFunction``; ``#{AWS::Region}``-style pseudo
  parameters become ``${AWS::Region}``.
- Without ``role``: ``{LogicalId}Role``, assumed by ``states.{region}.amazonaws.com``,
  allowed to invoke the functions the definition references (and their versions).
- ``events`` on state machines, activities, alarms and notifications are not supported yet
  and fail by name.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import Build, get_att
from cloudlet.templates.serverless.errors import not_supported

INTRINSICS = ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::ImportValue", "Fn::Select",
              "Fn::If", "Fn::FindInMap", "Fn::Split", "Fn::Base64", "Fn::GetAZs")
PSEUDO = re.compile(r"#\{([^}]+)\}")


def compile_state_machines(build: Build) -> None:
    section = build.config.get("stepFunctions") or {}
    if section.get("activities"):
        raise not_supported("step functions activities")
    for key, machine in (section.get("stateMachines") or {}).items():
        for option in ("events", "alarms", "notifications"):
            if machine.get(option):
                raise not_supported(f'{option} on step functions state machine "{key}"')
        custom = machine.get("id") or machine.get("name")
        logical = naming.normalize(str(custom)) if custom else \
            f"{naming.normalize(key)}StepFunctionsStateMachine"
        definition, invoked = _definition(build, machine.get("definition"))
        depends: list[str] = []
        props: dict[str, Any] = {"DefinitionString": definition}
        if machine.get("role"):
            props["RoleArn"] = machine["role"]
        else:
            props["RoleArn"] = get_att(f"{logical}Role")
            depends.append(f"{logical}Role")
            build.add(f"{logical}Role", _role(build, invoked))
        extra = machine.get("dependsOn") or []
        depends += extra if isinstance(extra, list) else [extra]
        if machine.get("type"):
            props["StateMachineType"] = machine["type"]
        if machine.get("name"):
            props["StateMachineName"] = machine["name"]
        tags = {**(build.provider.get("tags") or {}), **(machine.get("tags") or {})}
        if tags and machine.get("inheritGlobalTags") is not False:
            props["Tags"] = [{"Key": k, "Value": str(v)} for k, v in tags.items()]
        if machine.get("tracingConfig"):
            props["TracingConfiguration"] = {"Enabled": machine["tracingConfig"].get("enabled")}
        resource: dict[str, Any] = {"Type": "AWS::StepFunctions::StateMachine",
                                    "Properties": props}
        if depends:
            resource["DependsOn"] = depends
        build.add(logical, resource)
        output = f"{logical}Arn" if custom else f"{naming.normalize(key)}" \
                                                "StepFunctionsStateMachineArn"
        build.outputs[output] = {"Description": "Current StateMachine Arn",
                                 "Value": {"Ref": logical}}


def _definition(build: Build, definition: Any) -> tuple[Any, list[str]]:
    """(DefinitionString, the functions of this service it invokes)."""
    if isinstance(definition, str):
        return definition.replace("\n", "").replace("\r", ""), []
    params: dict[str, Any] = {}
    invoked: list[str] = []

    def lift(value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1 and next(iter(value)) in INTRINSICS:
                name = hashlib.md5(json.dumps(value, separators=(",", ":")).encode(),
                                   usedforsecurity=False).hexdigest()
                params[name] = _translate(build, value, invoked)
                return f"${{{name}}}"
            return {k: lift(v) for k, v in value.items()}
        if isinstance(value, list):
            return [lift(v) for v in value]
        return value

    text = json.dumps(lift(definition), indent=2, ensure_ascii=False)
    replaced = PSEUDO.sub(r"${\1}", text)
    if params:
        return {"Fn::Sub": [replaced, params]}, invoked
    return ({"Fn::Sub": replaced} if replaced != text else text), invoked


def _translate(build: Build, value: dict[str, Any], invoked: list[str]) -> dict[str, Any]:
    """``Fn::GetAtt: [fn, Arn]`` / ``Ref: fn`` of a local function -> its logical id."""
    att = value.get("Fn::GetAtt")
    if isinstance(att, list) and att and att[0] in build.functions:
        invoked.append(att[0])
        return {"Fn::GetAtt": [naming.function(att[0]), *att[1:]]}
    ref = value.get("Ref")
    if isinstance(ref, str) and ref in build.functions:
        invoked.append(ref)
        return {"Ref": naming.function(ref)}
    return value


def _role(build: Build, invoked: list[str]) -> dict[str, Any]:
    resources: list[Any] = []
    for key in dict.fromkeys(invoked):
        arn = get_att(naming.function(key))
        resources += [arn, {"Fn::Sub": ["${functionArn}:*", {"functionArn": arn}]}]
    statements = [{"Effect": "Allow", "Action": ["lambda:InvokeFunction"],
                   "Resource": resources or ["*"]}]
    return {"Type": "AWS::IAM::Role", "Properties": {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": {"Fn::Sub": "states.${AWS::Region}.amazonaws.com"}},
            "Action": "sts:AssumeRole"}]},
        "Policies": [{"PolicyName": f"{build.stage}-{build.service}-statemachine",
                      "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]}}
