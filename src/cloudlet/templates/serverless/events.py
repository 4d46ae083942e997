"""Function events other than HTTP: ``schedule``, ``s3``, ``sns``, ``stream``, ``sqs``,
``eventBridge``, ``cloudwatchLog`` (the framework's ``package/compile/events/*.js``), each
under the framework's logical ids; the events cloudlet does not serve fail by name.

- ``schedule``: ``AWS::Events::Rule`` ``{Fn}EventsRuleSchedule{n}`` (one per rate/cron),
  ``input`` as a JSON string, ``enabled: false`` -> DISABLED. ``method: scheduler`` is not
  supported.
- ``s3``: the bucket is created (``S3Bucket{Name}``) with a NotificationConfiguration per
  event; ``existing: true`` compiles as the framework does (``{Fn}CustomS31``, a
  ``Custom::S3`` served by ``custom-resource-existing-s3``), but that function is ours, in
  Python (``custom_resources/s3/handler.py``), shipped in ``custom-resources.zip``.
- ``sns``: a topic name creates ``SNSTopic{Name}`` with the subscription inline; an ARN (or
  a filter/redrive policy) makes an ``AWS::SNS::Subscription``.
- ``stream`` / ``sqs``: ``AWS::Lambda::EventSourceMapping`` plus one role statement per
  source type listing every ARN.
- ``eventBridge``: ``{RuleName}EventBridgeRule`` named ``{function}-rule-{n}``, on the
  default bus or a named one (created as ``{Bus}EventBridgeEventBus`` unless an ARN).
- ``cloudwatchLog``: ``AWS::Logs::SubscriptionFilter``.
"""

from __future__ import annotations

import json
from typing import Any

from cloudlet.templates.serverless import naming
from cloudlet.templates.serverless.build import (
    ACCOUNT,
    PARTITION,
    REGION,
    Build,
    get_att,
    join,
)
from cloudlet.templates.serverless.custom_s3 import existing_bucket
from cloudlet.templates.serverless.errors import ServerlessError, not_supported

UNSUPPORTED = {"websocket": "websocket events", "alb": "alb events", "alexaSkill": "alexaSkill "
               "events", "alexaSmartHome": "alexaSmartHome events", "iot": "iot events",
               "iotFleetProvisioning": "iotFleetProvisioning events",
               "cognitoUserPool": "cognitoUserPool events", "cloudFront": "cloudFront events",
               "msk": "msk events", "kafka": "kafka events", "activemq": "activemq events",
               "rabbitmq": "rabbitmq events", "cloudwatchEvent": "cloudwatchEvent events"}
KNOWN = {"http", "httpApi", "schedule", "s3", "sns", "stream", "sqs", "eventBridge",
         "cloudwatchLog"}


def check_events(build: Build) -> None:
    """Every event is one this compiler knows, else a clear error naming it."""
    for key, fn in build.functions.items():
        for event in fn.get("events") or []:
            kind = next(iter(event)) if isinstance(event, dict) and event else str(event)
            if kind in UNSUPPORTED:
                raise not_supported(f"{UNSUPPORTED[kind]} (function \"{key}\")")
            if kind not in KNOWN:
                raise ServerlessError(f'Unsupported function event "{kind}" in function "{key}"')


def _events(build: Build, kind: str) -> list[tuple[str, int, Any]]:
    """(function key, 1-based position among all its events, the event's value)."""
    return [(key, index, event[kind])
            for key, fn in build.functions.items()
            for index, event in enumerate(fn.get("events") or [], start=1)
            if isinstance(event, dict) and kind in event]


def compile_schedules(build: Build) -> None:
    counters: dict[str, int] = {}
    for key, _, event in _events(build, "schedule"):
        spec = {"rate": event} if not isinstance(event, dict) else event
        if spec.get("method") == "scheduler":
            raise not_supported(f'schedule events with method "scheduler" (function "{key}")')
        rates = spec.get("rate")
        for rate in rates if isinstance(rates, list) else [rates]:
            counters[key] = counters.get(key, 0) + 1
            n = counters[key]
            logical = f"{naming.normalize(key)}EventsRuleSchedule{n}"
            target: dict[str, Any] = {}
            _inputs(spec, target)
            target.update({"Arn": build.function_arn(key), "Id": f"{key}Schedule"})
            props: dict[str, Any] = {"ScheduleExpression": rate,
                                     "State": "DISABLED" if spec.get("enabled") is False
                                     else "ENABLED", "Targets": [target]}
            for option, field_name in (("name", "Name"), ("description", "Description")):
                if spec.get(option):
                    props[field_name] = spec[option]
            build.add(logical, {"Type": "AWS::Events::Rule", "Properties": props})
            build.permission(f"{naming.normalize(key)}LambdaPermissionEventsRuleSchedule{n}", key,
                             "events.amazonaws.com", get_att(logical))


def _inputs(spec: dict[str, Any], target: dict[str, Any]) -> None:
    if spec.get("input") is not None:
        value = spec["input"]
        target["Input"] = value if isinstance(value, str) else json.dumps(
            value, separators=(",", ":"))
    if spec.get("inputPath"):
        target["InputPath"] = spec["inputPath"]
    transformer = spec.get("inputTransformer")
    if transformer:
        target["InputTransformer"] = {"InputTemplate": transformer.get("inputTemplate")}
        if transformer.get("inputPathsMap"):
            target["InputTransformer"]["InputPathsMap"] = transformer["inputPathsMap"]


def compile_s3(build: Build) -> None:
    for key, _, event in _events(build, "s3"):
        spec: dict[str, Any] = {"bucket": event} if isinstance(event, str) else dict(event)
        if spec.get("existing"):
            existing_bucket(build, key, spec)
            continue
        bucket = str(spec["bucket"])
        logical = f"S3Bucket{naming.alnum(bucket)}"
        permission = f"{naming.normalize(key)}LambdaPermission{naming.alnum(bucket)}S3"
        config: dict[str, Any] = {"Event": spec.get("event", "s3:ObjectCreated:*"),
                                  "Function": build.function_arn(key)}
        rules = [{"Name": name, "Value": value} for rule in list(spec.get("rules") or [])
                 for name, value in rule.items()]
        if rules:
            config["Filter"] = {"S3Key": {"Rules": rules}}
        resource = build.resources.setdefault(logical, {
            "Type": "AWS::S3::Bucket", "Properties": {
                "BucketName": bucket, "NotificationConfiguration": {"LambdaConfigurations": []}},
            "DependsOn": []})
        resource["Properties"]["NotificationConfiguration"]["LambdaConfigurations"].append(config)
        if permission not in resource["DependsOn"]:
            resource["DependsOn"].append(permission)
        build.permission(permission, key, "s3.amazonaws.com",
                         join("arn:", PARTITION, f":s3:::{bucket}"), SourceAccount=ACCOUNT)


def compile_sns(build: Build) -> None:
    for key, _, event in _events(build, "sns"):
        spec = {"arn" if str(event).startswith("arn:") else "topicName": event} \
            if not isinstance(event, dict) else dict(event)
        arn = spec.get("arn")
        if isinstance(arn, str):
            name = spec.get("topicName") or arn.split(":")[-1]
        elif arn is not None:
            name = spec.get("topicName")
            if not name:
                raise ServerlessError(f'Missing "sns.topicName" for an sns event with a '
                                      f'non-string arn (function "{key}")')
        else:
            name = spec["topicName"]
        normalized = naming.alnum(str(name))
        endpoint = build.function_arn(key)
        subscription = f"{naming.normalize(key)}SnsSubscription{normalized}"
        extra = {k: v for k, v in (("FilterPolicy", spec.get("filterPolicy")),
                                   ("FilterPolicyScope", spec.get("filterPolicyScope")))
                 if v is not None}
        if spec.get("redrivePolicy"):
            raise not_supported(f'sns redrivePolicy (function "{key}")')
        if arn is not None:
            source_arn = arn
            build.add(subscription, {"Type": "AWS::SNS::Subscription", "Properties": {
                "TopicArn": arn, "Protocol": "lambda", "Endpoint": endpoint, **extra}})
        else:
            source_arn = join("arn:", PARTITION, ":sns:", REGION, ":", ACCOUNT, ":", name)
            topic = f"SNSTopic{normalized}"
            props: dict[str, Any] = {"TopicName": name}
            if spec.get("displayName"):
                props["DisplayName"] = spec["displayName"]
            resource = build.resources.setdefault(topic, {"Type": "AWS::SNS::Topic",
                                                          "Properties": props})
            if extra:
                build.add(subscription, {"Type": "AWS::SNS::Subscription", "Properties": {
                    "Endpoint": endpoint, "Protocol": "lambda", "TopicArn": {"Ref": topic},
                    **extra}})
            else:
                resource["Properties"].setdefault("Subscription", []).append(
                    {"Endpoint": endpoint, "Protocol": "lambda"})
        build.permission(f"{naming.normalize(key)}LambdaPermission{normalized}SNS", key,
                         "sns.amazonaws.com", source_arn)


def _source_name(arn: Any) -> str:
    """The name in a stream/queue logical id: a GetAtt/Ref's resource, else from the ARN."""
    if isinstance(arn, dict):
        if "Fn::GetAtt" in arn:
            return str(arn["Fn::GetAtt"][0])
        if "Ref" in arn:
            return str(arn["Ref"])
        if "Fn::ImportValue" in arn:
            return str(arn["Fn::ImportValue"])
        raise ServerlessError("an event's arn must be a string, Fn::GetAtt, Ref or "
                              "Fn::ImportValue")
    return str(arn)


def _mapping_extras(spec: dict[str, Any], props: dict[str, Any]) -> None:
    options = (("maximumBatchingWindow", "MaximumBatchingWindowInSeconds"),
               ("parallelizationFactor", "ParallelizationFactor"),
               ("maximumRetryAttempts", "MaximumRetryAttempts"),
               ("maximumRecordAgeInSeconds", "MaximumRecordAgeInSeconds"),
               ("bisectBatchOnFunctionError", "BisectBatchOnFunctionError"),
               ("tumblingWindowInSeconds", "TumblingWindowInSeconds"),
               ("startingPositionTimestamp", "StartingPositionTimestamp"))
    for option, field_name in options:
        if spec.get(option) is not None:
            props[field_name] = spec[option]
    if spec.get("functionResponseType"):
        props["FunctionResponseTypes"] = [spec["functionResponseType"]]
    if spec.get("filterPatterns"):
        props["FilterCriteria"] = {"Filters": [
            {"Pattern": json.dumps(p, separators=(",", ":"))} for p in spec["filterPatterns"]]}
    if spec.get("maximumConcurrency"):
        props["ScalingConfig"] = {"MaximumConcurrency": spec["maximumConcurrency"]}


def _role_dependency(build: Build) -> list[str]:
    return [naming.ROLE] if naming.ROLE in build.resources else []


def compile_streams(build: Build) -> None:
    arns: dict[str, list[Any]] = {}
    failures: list[dict[str, Any]] = []
    for key, _, event in _events(build, "stream"):
        spec = {"arn": event} if not isinstance(event, dict) else dict(event)
        arn = spec["arn"]
        kind = str(spec.get("type") or (arn.split(":")[2] if isinstance(arn, str) else ""))
        if kind not in ("dynamodb", "kinesis"):
            raise ServerlessError(f'Stream event type "{kind}" is not supported (function '
                                  f'"{key}"): use "dynamodb" or "kinesis"')
        if spec.get("consumer"):
            raise not_supported(f'kinesis enhanced fan-out "consumer" (function "{key}")')
        name = _source_name(arn)
        if isinstance(arn, str):
            name = arn.split("/")[1]
        logical = f"{naming.normalize(key)}EventSourceMapping{naming.upper_first(kind)}" \
                  f"{naming.alnum(name)}"
        props: dict[str, Any] = {
            "BatchSize": spec.get("batchSize") or 10,
            "Enabled": spec.get("enabled", True) is not False,
            "EventSourceArn": arn, "FunctionName": build.function_arn(key),
            "StartingPosition": spec.get("startingPosition") or "TRIM_HORIZON"}
        _mapping_extras(spec, props)
        failure = (spec.get("destinations") or {}).get("onFailure")
        if failure:
            target = failure.get("arn") if isinstance(failure, dict) else failure
            props["DestinationConfig"] = {"OnFailure": {"Destination": target}}
            kind_of = (failure.get("type") if isinstance(failure, dict) else None) or (
                str(target).split(":")[2] if isinstance(target, str) else "sqs")
            failures.append({"Effect": "Allow", "Action": ["sns:Publish"] if kind_of == "sns"
                             else ["sqs:ListQueues", "sqs:SendMessage"], "Resource": [target]})
        build.add(logical, {"Type": "AWS::Lambda::EventSourceMapping",
                            "DependsOn": _role_dependency(build), "Properties": props})
        arns.setdefault(kind, [])
        if arn not in arns[kind]:
            arns[kind].append(arn)
    for kind, resources in arns.items():
        actions = [f"{kind}:GetRecords", f"{kind}:GetShardIterator", f"{kind}:DescribeStream",
                   f"{kind}:ListStreams"]
        build.allow({"Effect": "Allow", "Action": actions, "Resource": resources})
    for statement in failures:
        build.allow(statement)


def compile_sqs(build: Build) -> None:
    arns: list[Any] = []
    for key, _, event in _events(build, "sqs"):
        spec = {"arn": event} if not isinstance(event, dict) else dict(event)
        arn = spec["arn"]
        name = arn.split(":")[-1] if isinstance(arn, str) else _source_name(arn)
        props: dict[str, Any] = {"BatchSize": spec.get("batchSize") or 10, "EventSourceArn": arn,
                                 "FunctionName": build.function_arn(key),
                                 "Enabled": spec.get("enabled", True) is not False}
        _mapping_extras(spec, props)
        build.add(f"{naming.normalize(key)}EventSourceMappingSQS{naming.alnum(name)}", {
            "Type": "AWS::Lambda::EventSourceMapping", "DependsOn": _role_dependency(build),
            "Properties": props})
        if arn not in arns:
            arns.append(arn)
    if arns:
        build.allow({"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage",
                                                   "sqs:GetQueueAttributes"], "Resource": arns})


def compile_event_bridge(build: Build) -> None:
    for key, index, spec in _events(build, "eventBridge"):
        rule = str(spec.get("name") or f"{build.function_name(key)}-rule-{index}")
        bus = spec.get("eventBus")
        bus_name, bus_logical = None, None
        if bus is not None:
            text = bus if isinstance(bus, str) else None
            if text and not text.startswith("arn:") and text != "default":
                bus_name = text
                bus_logical = f"{naming.normalize(text)}EventBridgeEventBus"
                build.resources.setdefault(bus_logical, {"Type": "AWS::Events::EventBus",
                                                         "Properties": {"Name": text}})
            elif text and text.startswith("arn:"):
                bus_name = text.split("/")[-1]
            elif not isinstance(bus, str):
                raise not_supported(f'eventBridge eventBus given as "{bus}" (function "{key}")')
        target: dict[str, Any] = {"Arn": build.function_arn(key), "Id": f"{rule}-target"}
        _inputs(spec, target)
        if spec.get("retryPolicy"):
            policy = spec["retryPolicy"]
            target["RetryPolicy"] = {k: v for k, v in (
                ("MaximumEventAgeInSeconds", policy.get("maximumEventAge")),
                ("MaximumRetryAttempts", policy.get("maximumRetryAttempts"))) if v is not None}
        if spec.get("deadLetterQueueArn"):
            target["DeadLetterConfig"] = {"Arn": spec["deadLetterQueueArn"]}
        props: dict[str, Any] = {}
        if spec.get("pattern"):
            props["EventPattern"] = spec["pattern"]
        if spec.get("schedule"):
            props["ScheduleExpression"] = spec["schedule"]
        props.update({"Name": rule, "State": "DISABLED" if spec.get("enabled") is False
                      else "ENABLED", "Targets": [target]})
        if bus_name:
            props["EventBusName"] = bus if str(bus).startswith("arn:") else bus_name
        if spec.get("description"):
            props["Description"] = spec["description"]
        logical = f"{naming.alnum(rule)}EventBridgeRule"
        resource: dict[str, Any] = {"Type": "AWS::Events::Rule", "Properties": props}
        if bus_logical:
            resource["DependsOn"] = bus_logical
        build.add(logical, resource)
        path = ["rule", bus_name, rule] if bus_name else ["rule", rule]
        build.permission(f"{naming.normalize(key)}EventBridgeLambdaPermission{index}", key,
                         "events.amazonaws.com", join(
                             "arn", PARTITION, "events", REGION, ACCOUNT, join(*path, sep="/"),
                             sep=":"))


def compile_cloudwatch_logs(build: Build) -> None:
    counters: dict[str, int] = {}
    for key, _, event in _events(build, "cloudwatchLog"):
        spec = {"logGroup": event} if isinstance(event, str) else dict(event)
        counters[key] = counters.get(key, 0) + 1
        permission = f"{naming.normalize(key)}LambdaPermissionLogsSubscriptionFilterCloudWatchLog"
        group = spec["logGroup"]
        build.add(f"{naming.normalize(key)}LogsSubscriptionFilterCloudWatchLog{counters[key]}", {
            "Type": "AWS::Logs::SubscriptionFilter", "DependsOn": [permission], "Properties": {
                "LogGroupName": group, "FilterPattern": spec.get("filter", ""),
                "DestinationArn": build.function_arn(key)}})
        build.permission(permission, key, join("logs.", REGION, ".amazonaws.com"),
                         join("arn:", PARTITION, ":logs:", REGION, ":", ACCOUNT, ":log-group:",
                              group, ":*"))
