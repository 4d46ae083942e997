"""Lambda answers member by member as AWS records them (issue 18).

The reference is AWS itself: each test follows the AWS API reference page it names and
the responses recorded against AWS in LocalStack's snapshot files
(tests/aws/services/lambda_/test_lambda_api.snapshot.json and
event_source_mapping/test_lambda_integration_sqs.snapshot.json, AWS-validated tests).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from cloudlet.testing import function_ready
from tests.conftest import make_client
from tests.e2e.lambda_.conftest import ROLE, CreateFn, error_of, python_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
STATE_MEMBERS = ("State", "StateReason", "StateReasonCode", "LastUpdateStatus",
                 "LastUpdateStatusReason", "LastUpdateStatusReasonCode", "RuntimeVersionConfig")
LAYER_ZIP = python_zip("VALUE = 1\n", "python/layer_mod")


@pytest.fixture
def sqs(server: Any) -> Any:
    return make_client(server, "sqs")


@pytest.fixture
def queue_arn(sqs: Any, unique_name: str) -> Iterator[str]:
    url = sqs.create_queue(QueueName=f"{unique_name}-q")["QueueUrl"]
    yield sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.delete_queue(QueueUrl=url)


@pytest.fixture
def mappings(lambda_client: Any) -> Iterator[list[str]]:
    """UUIDs of event source mappings to delete after the test."""
    made: list[str] = []
    yield made
    for mapping in made:
        with contextlib.suppress(lambda_client.exceptions.ResourceNotFoundException):
            lambda_client.delete_event_source_mapping(UUID=mapping)


# -- functions -------------------------------------------------------------------------


def test_an_environment_given_empty_is_answered_empty(lambda_client: Any,
                                                      create_function: CreateFn) -> None:
    """``Environment`` given with no variables is answered as ``{"Variables": {}}`` by
    CreateFunction and GetFunctionConfiguration (left out only when never given).
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_function_lifecycle).
    """
    name = create_function(Environment={"Variables": {}})
    config = lambda_client.get_function_configuration(FunctionName=name)
    assert config["Environment"] == {"Variables": {}}
    plain = create_function()
    assert "Environment" not in lambda_client.get_function_configuration(FunctionName=plain)


def test_list_functions_leaves_out_state_and_qualifies_latest_among_versions(
        lambda_client: Any, create_function: CreateFn) -> None:
    """ListFunctions answers configurations without ``State``, ``LastUpdateStatus`` or
    ``RuntimeVersionConfig``; with ``FunctionVersion=ALL`` the ``$LATEST`` entry's
    ``FunctionArn`` ends in ``:$LATEST`` (the default listing keeps it unqualified).
    https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_list_functions).
    """
    name = create_function(Publish=True)
    paginator = lambda_client.get_paginator("list_functions")
    default = [f for page in paginator.paginate() for f in page["Functions"]
               if f["FunctionName"] == name]
    every = [f for page in paginator.paginate(FunctionVersion="ALL") for f in page["Functions"]
             if f["FunctionName"] == name]
    assert [f["FunctionArn"] for f in default] == [f"{ARN}{name}"]
    assert [f["FunctionArn"] for f in every] == [f"{ARN}{name}:$LATEST", f"{ARN}{name}:1"]
    for entry in default + every:
        assert not set(STATE_MEMBERS) & set(entry), entry


def test_list_versions_qualifies_latest_and_leaves_out_state(lambda_client: Any,
                                                              create_function: CreateFn) -> None:
    """ListVersionsByFunction answers ``$LATEST`` with ``FunctionArn`` ending in
    ``:$LATEST``, then each version, none with state members or ``RuntimeVersionConfig``.
    https://docs.aws.amazon.com/lambda/latest/api/API_ListVersionsByFunction.html; recorded
    in LocalStack's test_lambda_api.snapshot.json (test_version_lifecycle).
    """
    name = create_function(Publish=True)
    versions = lambda_client.list_versions_by_function(FunctionName=name)["Versions"]
    assert [v["FunctionArn"] for v in versions] == [f"{ARN}{name}:$LATEST", f"{ARN}{name}:1"]
    for entry in versions:
        assert not set(STATE_MEMBERS) & set(entry), entry


def test_get_function_as_latest_answers_the_qualified_arn(lambda_client: Any,
                                                          create_function: CreateFn) -> None:
    """GetFunction and GetFunctionConfiguration with ``Qualifier=$LATEST`` answer a
    ``FunctionArn`` ending in ``:$LATEST``; without a qualifier it is unqualified.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_publish_version_on_create).
    """
    name = create_function()
    got = lambda_client.get_function(FunctionName=name, Qualifier="$LATEST")
    assert got["Configuration"]["FunctionArn"] == f"{ARN}{name}:$LATEST"
    config = lambda_client.get_function_configuration(FunctionName=name, Qualifier="$LATEST")
    assert config["FunctionArn"] == f"{ARN}{name}:$LATEST"
    assert lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"] == f"{ARN}{name}"


def test_get_function_that_does_not_exist_names_the_qualifier(lambda_client: Any,
                                                              unique_name: str) -> None:
    """GetFunction of a function that does not exist, asked with a qualifier, is 404
    ``Function not found: ARN:QUALIFIER``.
    https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_ops_with_arn_qualifier_mismatch).
    """
    code, status, message = error_of(lambda_client.get_function,
                                     FunctionName=f"{ARN}{unique_name}:$LATEST", Qualifier="$LATEST")
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert message == f"Function not found: {ARN}{unique_name}:$LATEST"


def test_create_function_with_publish_answers_version_1_unqualified(
        lambda_client: Any, unique_name: str, create_function: CreateFn) -> None:
    """CreateFunction with ``Publish`` answers ``Version`` ``1`` (Pending) with the
    unqualified ``FunctionArn``.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_publish_version_on_create).
    """
    out = lambda_client.create_function(
        FunctionName=unique_name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
        Code={"ZipFile": python_zip("def handler(e, c):\n    return 1\n")}, Publish=True)
    try:
        assert (out["Version"], out["FunctionArn"]) == ("1", f"{ARN}{unique_name}")
        assert out["State"] == "Pending" and "LastUpdateStatus" not in out
    finally:
        function_ready(lambda_client, unique_name)
        lambda_client.delete_function(FunctionName=unique_name)


def test_update_code_with_publish_answers_the_new_version_as_pending(
        lambda_client: Any, create_function: CreateFn) -> None:
    """UpdateFunctionCode with ``Publish`` answers the new version (qualified ARN) as
    still being created: ``State`` ``Pending``, ``StateReasonCode`` ``Creating``, no
    ``LastUpdateStatus``.
    https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_publish_with_update).
    """
    name = create_function()
    out = lambda_client.update_function_code(
        FunctionName=name, ZipFile=python_zip("def handler(e, c):\n    return 2\n"), Publish=True)
    function_ready(lambda_client, name)
    assert (out["Version"], out["FunctionArn"]) == ("1", f"{ARN}{name}:1")
    assert (out["State"], out["StateReason"], out["StateReasonCode"]) == (
        "Pending", "The function is being created.", "Creating")
    assert "LastUpdateStatus" not in out


def test_publish_version_with_another_code_sha256_in_aws_words(
        lambda_client: Any, create_function: CreateFn) -> None:
    """PublishVersion with a ``CodeSha256`` other than ``$LATEST``'s is
    InvalidParameterValueException ``CodeSHA256 (X) is different from current CodeSHA256
    in $LATEST (Y). Please try again with the CodeSHA256 in $LATEST.``
    https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_publish_with_wrong_sha256).
    """
    name = create_function()
    current = lambda_client.get_function_configuration(FunctionName=name)["CodeSha256"]
    code, status, message = error_of(lambda_client.publish_version, FunctionName=name,
                                     CodeSha256="somenonexistentsha256")
    assert (code, status) == ("InvalidParameterValueException", 400)
    assert message == (f"CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 "
                       f"in $LATEST ({current}). Please try again with the CodeSHA256 in $LATEST.")


# -- aliases ---------------------------------------------------------------------------


def test_delete_alias_that_does_not_exist_answers_204(lambda_client: Any,
                                                      create_function: CreateFn) -> None:
    """DeleteAlias of an alias that does not exist answers 204, as for one that does.
    https://docs.aws.amazon.com/lambda/latest/api/API_DeleteAlias.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_non_existent_alias_deletion).
    """
    name = create_function()
    resp = lambda_client.delete_alias(FunctionName=name, Name="non-existent")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204


# -- permissions -----------------------------------------------------------------------


def test_permission_on_an_alias_that_does_not_exist(lambda_client: Any,
                                                    create_function: CreateFn) -> None:
    """AddPermission and RemovePermission with a qualifier that can only be an alias
    name, and no such alias: 404 ``Cannot find alias arn: ARN``; a version number that
    does not exist stays ``Function not found: ARN``.
    https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_permission_exceptions).
    """
    name = create_function()
    args = {"FunctionName": name, "Action": "lambda:InvokeFunction", "StatementId": "s",
            "Principal": "s3.amazonaws.com"}
    missing = f"Cannot find alias arn: {ARN}{name}:alias-doesnotexist"
    assert error_of(lambda_client.add_permission, **args, Qualifier="alias-doesnotexist") == (
        "ResourceNotFoundException", 404, missing)
    assert error_of(lambda_client.remove_permission, FunctionName=name, StatementId="s",
                    Qualifier="alias-doesnotexist") == ("ResourceNotFoundException", 404, missing)
    assert error_of(lambda_client.add_permission, **args, Qualifier="42") == (
        "ResourceNotFoundException", 404, f"Function not found: {ARN}{name}:42")


def test_get_policy_of_a_missing_function_or_version(lambda_client: Any, unique_name: str,
                                                     create_function: CreateFn) -> None:
    """GetPolicy of a function or version that does not exist: 404 ``The resource you
    requested does not exist.``
    https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_permission_exceptions).
    """
    text = "The resource you requested does not exist."
    assert error_of(lambda_client.get_policy, FunctionName=f"{unique_name}-none") == (
        "ResourceNotFoundException", 404, text)
    name = create_function()
    assert error_of(lambda_client.get_policy, FunctionName=name, Qualifier="42") == (
        "ResourceNotFoundException", 404, text)


def test_add_permission_with_another_revision_id_names_get_policy(
        lambda_client: Any, create_function: CreateFn) -> None:
    """AddPermission with a stale ``RevisionId``: PreconditionFailedException (412) ``...
    Call the GetPolicy API to retrieve the latest Revision Id``.
    https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_lambda_permission_fn_versioning).
    """
    name = create_function()
    assert error_of(lambda_client.add_permission, FunctionName=name, StatementId="s",
                    Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                    RevisionId="not-the-revision") == (
        "PreconditionFailedException", 412,
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy "
        "API to retrieve the latest Revision Id")


# -- concurrency -----------------------------------------------------------------------


def test_put_function_concurrency_refuses_versions_and_names_latest(
        lambda_client: Any, unique_name: str, create_function: CreateFn) -> None:
    """PutFunctionConcurrency on a qualified ARN: InvalidParameterValueException ``This
    operation is permitted on Lambda functions only. ...``; on a function that does not
    exist: 404 ``Function not found: ARN:$LATEST``.
    https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html; recorded
    in LocalStack's test_lambda_api.snapshot.json (test_function_concurrency_exceptions).
    """
    name = create_function(Publish=True)
    assert error_of(lambda_client.put_function_concurrency, FunctionName=f"{ARN}{name}:1",
                    ReservedConcurrentExecutions=1) == (
        "InvalidParameterValueException", 400,
        "This operation is permitted on Lambda functions only. Aliases and versions do not "
        "support this operation. Please specify either a function name or an unqualified "
        "function ARN.")
    assert error_of(lambda_client.put_function_concurrency, FunctionName=f"{unique_name}-none",
                    ReservedConcurrentExecutions=1) == (
        "ResourceNotFoundException", 404, f"Function not found: {ARN}{unique_name}-none:$LATEST")


# -- event invoke configs --------------------------------------------------------------


def test_event_invoke_config_of_a_missing_function_in_aws_words(lambda_client: Any,
                                                                unique_name: str) -> None:
    """A function that does not exist: Put, Update and List answer 404 ``The function
    doesn't exist.``; Get and Delete answer 404 ``The function ARN:$LATEST doesn't have an
    EventInvokeConfig``.
    https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html;
    recorded in LocalStack's test_lambda_api.snapshot.json
    (test_lambda_eventinvokeconfig_exceptions).
    """
    missing = f"{unique_name}-none"
    none = ("ResourceNotFoundException", 404, "The function doesn't exist.")
    assert error_of(lambda_client.put_function_event_invoke_config, FunctionName=missing,
                    MaximumRetryAttempts=1) == none
    assert error_of(lambda_client.update_function_event_invoke_config, FunctionName=missing,
                    MaximumRetryAttempts=1) == none
    assert error_of(lambda_client.list_function_event_invoke_configs, FunctionName=missing) == none
    named = ("ResourceNotFoundException", 404,
             f"The function {ARN}{missing}:$LATEST doesn't have an EventInvokeConfig")
    assert error_of(lambda_client.get_function_event_invoke_config, FunctionName=missing) == named
    assert error_of(lambda_client.delete_function_event_invoke_config, FunctionName=missing) == named


def test_put_event_invoke_config_checks_settings_and_destinations(
        lambda_client: Any, unique_name: str, create_function: CreateFn) -> None:
    """PutFunctionEventInvokeConfig is InvalidParameterValueException with no setting,
    for a Lambda destination that does not exist, for the function itself, and for an
    ARN of a service that is no destination; a side without a destination is answered
    as ``{}``.
    https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html;
    recorded in LocalStack's test_lambda_api.snapshot.json
    (test_lambda_eventinvokeconfig_exceptions).
    """
    name = create_function()
    put = lambda_client.put_function_event_invoke_config
    assert error_of(put, FunctionName=name) == (
        "InvalidParameterValueException", 400,
        "You must specify at least one of error handling or destination setting.")
    other = f"{ARN}{unique_name}-none"
    assert error_of(put, FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": other}}) == (
        "InvalidParameterValueException", 400, f"The destination ARN {other} is invalid.")
    assert error_of(put, FunctionName=name,
                    DestinationConfig={"OnSuccess": {"Destination": f"{ARN}{name}"}}) == (
        "InvalidParameterValueException", 400,
        "You can't specify the function as a destination for itself.")
    iam = f"arn:aws:iam:us-east-1:000000000000:function:{name}"
    assert error_of(put, FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": iam}}) == (
        "InvalidParameterValueException", 400,
        f"The provided destination config DestinationConfig(onSuccess=OnSuccess(destination="
        f"{iam}), onFailure=null) is invalid.")
    out = put(FunctionName=name, DestinationConfig={"OnSuccess": {}})
    assert out["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {}}
    assert out["FunctionArn"] == f"{ARN}{name}:$LATEST"


def test_event_invoke_config_on_an_alias(lambda_client: Any, create_function: CreateFn) -> None:
    """An alias takes an event invoke config (FunctionName ``NAME:ALIAS``); its
    ``FunctionArn`` is the alias ARN.
    https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html;
    recorded in LocalStack's test_lambda_api.snapshot.json
    (test_lambda_eventinvokeconfig_exceptions, put_alias_shorthand).
    """
    name = create_function(Publish=True)
    lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    out = lambda_client.put_function_event_invoke_config(FunctionName=f"{name}:live",
                                                         MaximumRetryAttempts=1)
    assert out["FunctionArn"] == f"{ARN}{name}:live"
    got = lambda_client.get_function_event_invoke_config(FunctionName=name, Qualifier="live")
    assert got["MaximumRetryAttempts"] == 1


# -- layers ----------------------------------------------------------------------------


def test_layer_compatibility_lists_given_empty_are_answered(lambda_client: Any,
                                                            unique_name: str) -> None:
    """PublishLayerVersion with empty ``CompatibleRuntimes`` and
    ``CompatibleArchitectures`` answers both as ``[]`` (and GetLayerVersion too).
    https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_layer_exceptions).
    """
    out = lambda_client.publish_layer_version(LayerName=unique_name, Content={"ZipFile": LAYER_ZIP},
                                              CompatibleRuntimes=[], CompatibleArchitectures=[])
    try:
        assert (out["CompatibleRuntimes"], out["CompatibleArchitectures"]) == ([], [])
        got = lambda_client.get_layer_version(LayerName=unique_name, VersionNumber=out["Version"])
        assert (got["CompatibleRuntimes"], got["CompatibleArchitectures"]) == ([], [])
    finally:
        lambda_client.delete_layer_version(LayerName=unique_name, VersionNumber=out["Version"])


# -- tags ------------------------------------------------------------------------------


def test_tags_refuse_versions_aliases_and_empty_requests(lambda_client: Any,
                                                         create_function: CreateFn) -> None:
    """TagResource on a qualified ARN (even ``$LATEST``): InvalidParameterValueException
    ``Tags on function aliases and versions are not supported. Please specify a function
    ARN.``; with no tag: ``An error occurred and the request cannot be processed.``
    https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_tag_exceptions, test_tag_versions).
    """
    name = create_function()
    qualified = ("InvalidParameterValueException", 400,
                 "Tags on function aliases and versions are not supported. Please specify a "
                 "function ARN.")
    for qualifier in ("$LATEST", "1", "alias"):
        assert error_of(lambda_client.tag_resource, Resource=f"{ARN}{name}:{qualifier}",
                        Tags={"a": "b"}) == qualified
    assert error_of(lambda_client.tag_resource, Resource=f"{ARN}{name}", Tags={}) == (
        "InvalidParameterValueException", 400,
        "An error occurred and the request cannot be processed.")


def test_at_most_50_tags(lambda_client: Any, unique_name: str, create_function: CreateFn) -> None:
    """A resource holds at most 50 tags: more, on TagResource or CreateFunction, is
    InvalidParameterValueException ``Number of tags exceeds resource tag limit.``
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html; recorded in
    LocalStack's test_lambda_api.snapshot.json (test_tag_limits).
    """
    too_many = ("InvalidParameterValueException", 400, "Number of tags exceeds resource tag limit.")
    name = create_function()
    arn = f"{ARN}{name}"
    assert error_of(lambda_client.tag_resource, Resource=arn,
                    Tags={f"{k}_key": "v" for k in range(51)}) == too_many
    lambda_client.tag_resource(Resource=arn, Tags={f"{k}_key": "v" for k in range(50)})
    assert len(lambda_client.list_tags(Resource=arn)["Tags"]) == 50
    assert error_of(lambda_client.tag_resource, Resource=arn, Tags={"a_key": "v"}) == too_many
    assert error_of(lambda_client.create_function, FunctionName=f"{unique_name}-tags",
                    Runtime="python3.12", Role=ROLE, Handler="app.handler",
                    Code={"ZipFile": python_zip("def handler(e, c):\n    return 1\n")},
                    Tags={f"{k}_key": "v" for k in range(51)}) == too_many


# -- event source mappings -------------------------------------------------------------


def test_sqs_mapping_has_no_last_processing_result(lambda_client: Any, queue_arn: str,
                                                   create_function: CreateFn,
                                                   mappings: list[str]) -> None:
    """An SQS mapping answers no ``LastProcessingResult`` (stream mappings do): Create
    answers ``Creating``, Get ``Enabled``.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html;
    recorded in LocalStack's test_lambda_integration_sqs.snapshot.json
    (test_sqs_event_source_mapping).
    """
    name = create_function()
    out = lambda_client.create_event_source_mapping(FunctionName=name, EventSourceArn=queue_arn)
    mappings.append(out["UUID"])
    assert out["State"] == "Creating" and "LastProcessingResult" not in out
    got = lambda_client.get_event_source_mapping(UUID=out["UUID"])
    assert got["State"] == "Enabled" and "LastProcessingResult" not in got


def test_mapping_created_disabled_answers_disabled(lambda_client: Any, queue_arn: str,
                                                   create_function: CreateFn,
                                                   mappings: list[str]) -> None:
    """CreateEventSourceMapping with ``Enabled=false`` answers ``State`` ``Disabled``;
    enabling it answers ``Enabling``.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html;
    recorded in LocalStack's test_lambda_integration_sqs.snapshot.json
    (test_fifo_message_group_parallelism).
    """
    name = create_function()
    out = lambda_client.create_event_source_mapping(FunctionName=name, EventSourceArn=queue_arn,
                                                    Enabled=False, BatchSize=1)
    mappings.append(out["UUID"])
    assert out["State"] == "Disabled"
    assert lambda_client.update_event_source_mapping(UUID=out["UUID"], Enabled=True)["State"] == "Enabling"


def test_sqs_mapping_refuses_destinations_before_looking_up_the_function(
        lambda_client: Any, unique_name: str) -> None:
    """An SQS mapping with ``DestinationConfig`` is InvalidParameterValueException
    ``Unsupported DestinationConfig parameter for given event source mapping type.``,
    even for a function that does not exist; without it, that function is ``Function
    does not exist``.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html;
    recorded in LocalStack's test_lambda_api.snapshot.json
    (test_event_source_mapping_exceptions).
    """
    queue = "arn:aws:sqs:us-east-1:000000000000:somequeue"
    other = "arn:aws:sqs:us-east-1:000000000000:someotherqueue"
    assert error_of(lambda_client.create_event_source_mapping, FunctionName=f"{unique_name}-none",
                    EventSourceArn=queue,
                    DestinationConfig={"OnSuccess": {"Destination": other}}) == (
        "InvalidParameterValueException", 400,
        "Unsupported DestinationConfig parameter for given event source mapping type.")
    assert error_of(lambda_client.create_event_source_mapping, FunctionName=f"{unique_name}-none",
                    EventSourceArn=queue) == (
        "InvalidParameterValueException", 400, "Function does not exist")


def test_empty_filter_criteria_is_not_answered(lambda_client: Any, ddb: Any, unique_name: str,
                                               create_function: CreateFn,
                                               mappings: list[str]) -> None:
    """``FilterCriteria`` with no filter is accepted and not answered; a stream mapping
    answers ``DestinationConfig`` ``{"OnFailure": {}}`` and ``LastProcessingResult``.
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html;
    recorded in LocalStack's test_lambda_api.snapshot.json
    (test_create_event_filter_criteria_validation).
    """
    table = f"{unique_name}-t"
    stream = ddb.create_table(
        TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]["LatestStreamArn"]
    try:
        name = create_function()
        out = lambda_client.create_event_source_mapping(
            FunctionName=name, EventSourceArn=stream, StartingPosition="LATEST",
            FilterCriteria={"Filters": []})
        mappings.append(out["UUID"])
        assert "FilterCriteria" not in out
        assert out["DestinationConfig"] == {"OnFailure": {}}
        assert out["LastProcessingResult"] == "No records processed"
    finally:
        for mapping in list(mappings):
            with contextlib.suppress(lambda_client.exceptions.ResourceNotFoundException):
                lambda_client.delete_event_source_mapping(UUID=mapping)
        ddb.delete_table(TableName=table)


def test_unknown_mapping_uuid(lambda_client: Any) -> None:
    """Get, Update and Delete of a UUID that names no mapping: 404 ``The resource you
    requested does not exist.``
    https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html; recorded
    in LocalStack's test_lambda_api.snapshot.json (test_event_source_mapping_exceptions).
    """
    unknown = str(uuid.uuid4())
    expected = ("ResourceNotFoundException", 404, "The resource you requested does not exist.")
    assert error_of(lambda_client.get_event_source_mapping, UUID=unknown) == expected
    assert error_of(lambda_client.delete_event_source_mapping, UUID=unknown) == expected
    assert error_of(lambda_client.update_event_source_mapping, UUID=unknown, Enabled=False) == expected


# -- validation of list and map members ------------------------------------------------

def test_a_bad_list_or_map_member_is_reported_on_the_list_or_map(
        server: Any, create_function: CreateFn, unique_name: str) -> None:
    """AWS reports a scalar member of a list or map that breaks its constraints once, on the
    container, listing every constraint of the member (recorded in LocalStack's
    test_lambda_api.snapshot.json: test_function_arch_x86_64 / alias weights /
    layers): ``Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member
    must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member
    must not be null]`` and ``Value '{2=2.0}' at 'routingConfig.additionalVersionWeights'
    failed to satisfy constraint: Map value must satisfy constraint: [Member must have
    value less than or equal to 1.0, Member must have value greater than or equal to 0.0,
    Member must not be null]``.
    https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html (ValidationException)"""
    raw = make_client(server, "lambda", parameter_validation=False)
    assert error_of(raw.create_function, FunctionName=unique_name, Runtime="python3.12",
                    Role=ROLE, Handler="app.handler", Code={"ZipFile": python_zip("x = 1\n")},
                    Architectures=["X86_64"]) == (
        "ValidationException", 400, "1 validation error detected: Value '[X86_64]' at "
        "'architectures' failed to satisfy constraint: Member must satisfy constraint: "
        "[Member must satisfy enum value set: [x86_64, arm64], Member must not be null]")
    name = create_function(Publish=True)
    assert error_of(raw.create_alias, FunctionName=name, Name="a", FunctionVersion="1",
                    RoutingConfig={"AdditionalVersionWeights": {"2": 2.0}}) == (
        "ValidationException", 400, "1 validation error detected: Value '{2=2.0}' at "
        "'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value "
        "must satisfy constraint: [Member must have value less than or equal to 1.0, Member "
        "must have value greater than or equal to 0.0, Member must not be null]")
