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
- ``events`` on a state machine, as the plugin's ``deploy/events/*`` compile them:
  - ``http`` (``{path, method}`` or ``"POST path"``): the service's REST API
    (``ApiGatewayRestApi``, made here when no function has an http event), resources
    ``ApiGatewayResource{Path}``, a method ``ApiGatewayMethod{Path}{Method}`` with an ``AWS``
    integration calling ``states:action/StartExecution`` (or ``action``) as the role
    ``ApigatewayToStepFunctionsRole`` (or ``iamRole``), the plugin's request template
    (``{"input": <body>, "name": $context.requestId, "stateMachineArn": ...}``, or
    ``request.template`` merged over it) and its 200/400 responses; the stage's deployment
    is the framework's ``ApiGatewayDeployment{timestamp}`` (depending on these methods too).
  - ``schedule``: ``{Key}StepFunctionsEventsRuleSchedule{n}`` (an ``AWS::Events::Rule``) or,
    with ``method: scheduler``, ``{Key}StepFunctionsSchedulerSchedule{n}``, started as
    ``{Key}ScheduleToStepFunctionsRole`` (or ``role``).
  - ``eventBridge`` / ``cloudwatchEvent``: ``{Key}EventsRuleCloudWatchEvent{n}``, started as
    ``{Key}EventToStepFunctionsRole`` (or ``iamRole``).
- Not supported yet, failing by name: activities, alarms, notifications, and on http
  events ``cors``, ``authorizer``, ``private`` and ``request.template: lambda_proxy``.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import PARTITION, REGION, Build, get_att, join
from cloudlet.templates.serverless.errors import ServerlessError, not_supported

INTRINSICS = ("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::ImportValue", "Fn::Select",
              "Fn::If", "Fn::FindInMap", "Fn::Split", "Fn::Base64", "Fn::GetAZs")
PSEUDO = re.compile(r"#\{([^}]+)\}")
MACHINE_EVENTS = ("http", "schedule", "eventBridge", "cloudwatchEvent")
HTTP_METHODS = ("get", "post", "put", "patch", "options", "head", "delete", "any")
HTTP_ROLE = "ApigatewayToStepFunctionsRole"
# The plugin's default request template: the body (as JSON text) is the execution's input,
# the request id its name.
START_TEMPLATE = (
    "\n#set( $body = $util.escapeJavaScript($input.json('$')).replaceAll(\"\\\\'\", \"'\") )\n"
    '{"input": "$body", "name": "$context.requestId", "stateMachineArn":"${StateMachineArn}"}')


def compile_state_machines(build: Build) -> None:
    section = build.config.get("stepFunctions") or {}
    if section.get("activities"):
        raise not_supported("step functions activities")
    machines = section.get("stateMachines") or {}
    for key, machine in machines.items():
        for option in ("alarms", "notifications"):
            if machine.get(option):
                raise not_supported(f'{option} on step functions state machine "{key}"')
        logical = machine_logical_id(key, machine)
        custom = machine.get("id") or machine.get("name")
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
    compile_machine_events(build, machines)


def machine_logical_id(key: str, machine: dict[str, Any]) -> str:
    """``getStateMachineLogicalId``: the normalized ``id``/``name``, else
    ``{Key}StepFunctionsStateMachine``."""
    custom = machine.get("id") or machine.get("name")
    return naming.normalize(str(custom)) if custom else \
        f"{naming.normalize(key)}StepFunctionsStateMachine"


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


# -- events on state machines (the plugin's deploy/events/*) -----------------------------


def compile_machine_events(build: Build, machines: dict[str, Any]) -> None:
    http: list[tuple[str, dict[str, Any]]] = []
    for key, machine in machines.items():
        logical = machine_logical_id(key, machine)
        schedules = rules = 0
        for event in machine.get("events") or []:
            kind = next(iter(event)) if isinstance(event, dict) and event else str(event)
            if kind not in MACHINE_EVENTS:
                raise not_supported(f'{kind} events on step functions state machine "{key}"')
            if kind == "http":
                http.append((key, _http_event(event["http"], key)))
            elif kind == "schedule":
                schedules += 1
                _schedule(build, key, logical, event["schedule"], schedules)
            else:
                rules += 1
                _event_rule(build, key, logical, event[kind], rules)
    if http:
        _http_api(build, machines, http)


def _start_role(build: Build, logical_id: str, principal: str, policy: str,
                machine: str) -> None:
    """The role an events rule or a schedule starts ``machine`` as (the plugin's
    ``buildIamRole``)."""
    props: dict[str, Any] = {
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": principal},
            "Action": "sts:AssumeRole"}]},
        "Policies": [{"PolicyName": policy, "PolicyDocument": {
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": ["states:StartExecution"],
                "Resource": {"Ref": machine}}]}}]}
    _role_extras(build, props)
    build.add(logical_id, {"Type": "AWS::IAM::Role", "Properties": props})


def _role_extras(build: Build, props: dict[str, Any]) -> None:
    path = ((build.provider.get("iam") or {}).get("role") or {})
    if isinstance(path, dict) and path.get("path"):
        props["Path"] = path["path"]
    if build.provider.get("rolePermissionsBoundary"):
        props["PermissionsBoundary"] = build.provider["rolePermissionsBoundary"]


def _event_input(spec: dict[str, Any], target: dict[str, Any], key: str) -> None:
    """``input`` (as JSON text), ``inputPath`` or ``inputTransformer``: at most one."""
    given = [name for name in ("input", "inputPath", "inputTransformer") if spec.get(name)]
    if len(given) > 1:
        raise ServerlessError("You can't set input, inputPath and inputTransformer properties "
                              "at the same time for events. Please check the AWS docs for "
                              f'more info (state machine "{key}")')
    if spec.get("input") is not None:
        value = spec["input"]
        target["Input"] = value if isinstance(value, str) else json.dumps(value)
    if spec.get("inputPath"):
        target["InputPath"] = spec["inputPath"]
    transformer = spec.get("inputTransformer")
    if transformer:
        target["InputTransformer"] = {"InputPathsMap": transformer.get("inputPathsMap"),
                                      "InputTemplate": transformer.get("inputTemplate")}
    if spec.get("retryPolicy"):
        retry = spec["retryPolicy"]
        target["RetryPolicy"] = {"MaximumEventAgeInSeconds": retry.get("maximumEventAgeInSeconds"),
                                 "MaximumRetryAttempts": retry.get("maximumRetryAttempts")}


def _schedule(build: Build, key: str, machine: str, given: Any, n: int) -> None:
    spec = {"rate": given} if isinstance(given, str) else given
    if not isinstance(spec, dict) or not spec.get("rate"):
        raise ServerlessError(f'Missing "rate" property for schedule event in stateMachine '
                              f"{key}")
    scheduler = spec.get("method") == "scheduler"
    if scheduler and (spec.get("inputPath") or spec.get("inputTransformer")):
        raise ServerlessError('Cannot setup "schedule" event: "inputPath" and '
                              '"inputTransformer" are not supported with "scheduler" mode')
    role_id = f"{naming.normalize(key)}ScheduleToStepFunctionsRole"
    role = spec.get("role") or get_att(role_id)
    state = "DISABLED" if spec.get("enabled") is False else "ENABLED"
    target: dict[str, Any] = {}
    _event_input(spec, target, key)
    target.update({"Arn": {"Ref": machine}, "RoleArn": role})
    props: dict[str, Any] = {"ScheduleExpression": spec["rate"], "State": state,
                             "Name": spec.get("name"), "Description": spec.get("description")}
    if scheduler:
        props.update(Target=target, FlexibleTimeWindow={"Mode": "OFF"},
                     ScheduleExpressionTimezone=spec.get("timezone"))
        logical = f"{naming.normalize(key)}StepFunctionsSchedulerSchedule{n}"
        build.add(logical, {"Type": "AWS::Scheduler::Schedule", "Properties": props})
    else:
        if spec.get("timezone"):
            raise ServerlessError('Cannot setup "schedule" event: "timezone" is only supported '
                                  'with "scheduler" mode')
        target["Id"] = f"{key}StepFunctionsSchedule"
        props["Targets"] = [target]
        logical = f"{naming.normalize(key)}StepFunctionsEventsRuleSchedule{n}"
        build.add(logical, {"Type": "AWS::Events::Rule", "Properties": props})
    if not spec.get("role"):
        _start_role(build, role_id, "scheduler.amazonaws.com" if scheduler
                    else "events.amazonaws.com",
                    f"{build.stage}-{build.region}-{build.service}-{key}-schedule", machine)


def _event_rule(build: Build, key: str, machine: str, spec: Any, n: int) -> None:
    if not isinstance(spec, dict) or not spec.get("event"):
        raise ServerlessError(f'Missing "event" property for cloudwatch event in stateMachine '
                              f"{key}")
    role_id = f"{naming.normalize(key)}EventToStepFunctionsRole"
    target: dict[str, Any] = {}
    _event_input(spec, target, key)
    target.update({"Arn": {"Ref": machine}, "Id": f"{key}CloudWatchEvent",
                   "RoleArn": spec.get("iamRole") or get_att(role_id)})
    if spec.get("deadLetterConfig"):
        target["DeadLetterConfig"] = {"Arn": spec["deadLetterConfig"]}
    props: dict[str, Any] = {
        "EventBusName": spec.get("eventBusName"), "EventPattern": spec["event"],
        "State": "DISABLED" if spec.get("enabled") is False else "ENABLED",
        "Description": spec.get("description"), "Name": spec.get("name"), "Targets": [target]}
    build.add(f"{naming.normalize(key)}EventsRuleCloudWatchEvent{n}",
              {"Type": "AWS::Events::Rule", "Properties": props})
    if not spec.get("iamRole"):
        _start_role(build, role_id, "events.amazonaws.com",
                    f"{build.stage}-{build.region}-{build.service}-{key}-event", machine)


def _http_event(given: Any, key: str) -> dict[str, Any]:
    """The plugin's ``httpValidate`` of one event: path without its slashes, lower method,
    and what cloudlet does not compile yet refused by name."""
    if isinstance(given, str):
        method, _, path = given.partition(" ")
        given = {"method": method, "path": path}
    if not isinstance(given, dict) or not isinstance(given.get("path"), str) or \
            not isinstance(given.get("method"), str):
        raise ServerlessError(f'Invalid http event in stateMachine "{key}" in serverless.yml: '
                              "it needs a path and a method")
    method = given["method"].lower()
    if method not in HTTP_METHODS:
        raise ServerlessError(f'Invalid APIG method "{given["method"]}" in stateMachine "{key}".'
                              f" AWS supported methods are: {', '.join(HTTP_METHODS)}.")
    for option in ("cors", "authorizer", "private"):
        if given.get(option):
            raise not_supported(f'{option} on http events of step functions state machine '
                                f'"{key}"')
    if (given.get("request") or {}).get("template") == "lambda_proxy":
        raise not_supported(f'request.template "lambda_proxy" on http events of step '
                            f'functions state machine "{key}"')
    return {**given, "path": given["path"].strip("/"), "method": method}


def _http_api(build: Build, machines: dict[str, Any],
              events: list[tuple[str, dict[str, Any]]]) -> None:
    gateway = build.provider.get("apiGateway") or {}
    api_id: Any = {"Ref": naming.REST_API}
    root: Any = get_att(naming.REST_API, "RootResourceId")
    if gateway.get("restApiId"):
        api_id, root = gateway["restApiId"], gateway.get("restApiRootResourceId")
        if root is None:
            raise not_supported("provider.apiGateway.restApiId without restApiRootResourceId")
    elif naming.REST_API not in build.resources:
        build.add(naming.REST_API, {"Type": "AWS::ApiGateway::RestApi",
                                    "Properties": _rest_api_properties(build, gateway)})
    methods: list[str] = []
    for key, http in events:
        parent, parts = root, http["path"].split("/") if http["path"] else []
        for depth in range(1, len(parts) + 1):
            logical = naming.resource("/".join(parts[:depth]))
            if logical not in build.resources:
                build.add(logical, {"Type": "AWS::ApiGateway::Resource", "Properties": {
                    "ParentId": parent, "PathPart": parts[depth - 1], "RestApiId": api_id}})
            parent = {"Ref": logical}
        name = naming.normalize_path(http["path"]) if http["path"] else ""
        logical = naming.method(name, http["method"])
        methods.append(logical)
        build.add(logical, {"Type": "AWS::ApiGateway::Method", "Properties": {
            "HttpMethod": http["method"].upper(), "RequestParameters": {},
            "AuthorizationType": "NONE", "ApiKeyRequired": False, "ResourceId": parent,
            "RestApiId": api_id,
            "Integration": _start_integration(machine_logical_id(key, machines[key]), http,
                                              gateway),
            "MethodResponses": [
                {"ResponseParameters": _header_parameters(http), "ResponseModels": {},
                 "StatusCode": 200},
                {"ResponseParameters": {}, "ResponseModels": {}, "StatusCode": 400}]}})
    if any(not http.get("iamRole") for _, http in events):
        actions = list(dict.fromkeys(["states:StartExecution", *(
            f"states:{http['action']}" for _, http in events if http.get("action"))]))
        props: dict[str, Any] = {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"},
                "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "apigatewaytostepfunctions", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Action": actions, "Resource": "*"}]}}]}
        _role_extras(build, props)
        build.add(HTTP_ROLE, {"Type": "AWS::IAM::Role", "Properties": props})
    _deployment(build, api_id, methods)


def _rest_api_properties(build: Build, gateway: dict[str, Any]) -> dict[str, Any]:
    """The plugin's RestApi when no function made one: the framework's name and endpoint
    type, and the resource policy."""
    name = build.provider.get("apiName") or (
        f"{build.service}-{build.stage}" if gateway.get("shouldStartNameWithService")
        else f"{build.stage}-{build.service}")
    props: dict[str, Any] = {"Name": name, "EndpointConfiguration": {
        "Types": [str(build.provider.get("endpointType") or "EDGE").upper()]}}
    policy = gateway.get("resourcePolicy") or build.provider.get("resourcePolicy")
    if policy:
        props["Policy"] = {"Version": "2012-10-17", "Statement": policy}
    return props


def _header_parameters(http: dict[str, Any]) -> dict[str, Any]:
    headers = (http.get("response") or {}).get("headers") or {}
    return {f"method.response.header.{k}": v for k, v in headers.items()}


def _start_integration(machine: str, http: dict[str, Any],
                       gateway: dict[str, Any]) -> dict[str, Any]:
    """The method's ``AWS`` integration calling Step Functions (``getMethodIntegration``)."""
    action = http.get("action") or "StartExecution"
    template = {"Fn::Sub": [START_TEMPLATE, {"StateMachineArn": {"Ref": machine}}]}
    templates: dict[str, Any] = {"application/json": template,
                                 "application/x-www-form-urlencoded": template}
    given = (http.get("request") or {}).get("template")
    if isinstance(given, dict):
        templates.update(given)
    elif http.get("action"):
        templates = {}
    response = http.get("response") or {}
    responses = http.get("responses") or {
        200: {"statusCode": 200, "selectionPattern": "",
              "responseParameters": _header_parameters(http),
              "responseTemplates": response.get("template") or {}},
        400: {"statusCode": 400, "selectionPattern": "400", "responseParameters": {},
              "responseTemplates": {}}}
    integration: dict[str, Any] = {
        "IntegrationHttpMethod": "POST", "Type": "AWS",
        "Credentials": http.get("iamRole") or get_att(HTTP_ROLE),
        "Uri": join("arn:", PARTITION, ":apigateway:", REGION, f":states:action/{action}"),
        "PassthroughBehavior": "WHEN_NO_TEMPLATES" if http.get("action") else "NEVER",
        "RequestTemplates": templates,
        "IntegrationResponses": [{
            "StatusCode": value.get("statusCode", int(code)),
            "SelectionPattern": value.get("selectionPattern", str(code)),
            "ResponseParameters": value.get("responseParameters") or {},
            "ResponseTemplates": value.get("responseTemplates") or {}}
            for code, value in responses.items()]}
    timeout = http.get("timeoutInMillis") or gateway.get("timeoutInMillis")
    if timeout:
        integration["TimeoutInMillis"] = timeout
    return integration


def _deployment(build: Build, api_id: Any, methods: list[str]) -> None:
    """The framework's deployment depends on these methods too; without one, the plugin's
    ``ApiGatewayDeployment{timestamp}``; the ``ServiceEndpoint`` output."""
    found = next((k for k, r in build.resources.items()
                  if r.get("Type") == "AWS::ApiGateway::Deployment"), None)
    if found is not None:
        depends = build.resources[found].get("DependsOn") or []
        build.resources[found]["DependsOn"] = [*depends, *methods]
    else:
        build.add(f"ApiGatewayDeployment{build.timestamp_ms}", {
            "Type": "AWS::ApiGateway::Deployment",
            "Properties": {"RestApiId": api_id, "StageName": build.stage},
            "DependsOn": methods})
    build.outputs["ServiceEndpoint"] = {
        "Description": "URL of the service endpoint",
        "Value": join("https://", api_id, ".execute-api.", REGION, ".",
                      {"Ref": "AWS::URLSuffix"}, f"/{build.stage}")}
