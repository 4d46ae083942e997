"""The messaging resources SAM generates for a function's events (S3, SNS with an SQS
subscription, Schedule, ScheduleV2, EventBridgeRule with a dead-letter queue), deployed
through the stack engine: each ends up configured in its service.

https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-eventsource.html
"""

from __future__ import annotations

from typing import Any

from tests.e2e.stacks import deploy, remove
from tests.server import RunningServer

TEMPLATE: dict[str, Any] = {
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler",
            "InlineCode": "def handler(event, context):\n    return None\n",
            "Events": {
                "Up": {"Type": "S3", "Properties": {"Bucket": {"Ref": "B"},
                                                    "Events": "s3:ObjectCreated:*"}},
                "Note": {"Type": "SNS", "Properties": {"Topic": {"Ref": "T"},
                                                       "SqsSubscription": True}},
                "Tick": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 hour)"}},
                "Tock": {"Type": "ScheduleV2",
                         "Properties": {"ScheduleExpression": "rate(1 hour)"}},
                "Bridge": {"Type": "EventBridgeRule", "Properties": {
                    "Pattern": {"source": ["shop"]}, "DeadLetterConfig": {"Type": "SQS"},
                    "RetryPolicy": {"MaximumRetryAttempts": 1}}}}}},
        "B": {"Type": "AWS::S3::Bucket"},
        "T": {"Type": "AWS::SNS::Topic"}}}


def test_sam_event_sources_are_wired(server: RunningServer, s3: Any, sns: Any,
                                     events: Any, lam: Any, scheduler: Any) -> None:
    stack = deploy(server, TEMPLATE)
    function_arn = lam.get_function(FunctionName=stack.physical("Fn"))[
        "Configuration"]["FunctionArn"]
    notification = s3.get_bucket_notification_configuration(Bucket=stack.physical("B"))
    assert [c["LambdaFunctionArn"] for c in notification["LambdaFunctionConfigurations"]] == [
        function_arn]
    subs = sns.list_subscriptions_by_topic(TopicArn=stack.physical("T"))["Subscriptions"]
    assert [s["Protocol"] for s in subs] == ["sqs"]
    tick = events.describe_rule(Name=stack.physical("FnTick"))
    assert tick["ScheduleExpression"] == "rate(1 hour)"
    bridge = events.list_targets_by_rule(Rule=stack.physical("FnBridge"))["Targets"][0]
    assert bridge["Arn"] == function_arn
    assert bridge["RetryPolicy"]["MaximumRetryAttempts"] == 1
    assert bridge["DeadLetterConfig"]["Arn"].endswith(
        ":" + stack.physical("FnBridgeQueue").rsplit("/", 1)[1])
    tock = scheduler.get_schedule(Name=stack.physical("FnTock"))
    assert tock["Target"]["Arn"] == function_arn
    remove(server, stack.name)
