"""The patch operations the REST API providers send, and the shapes they translate: the
rules AWS documents for patch paths (``~1`` for ``/``) and CloudFormation's forms."""

from __future__ import annotations

from cloudlet.cloudformation.providers.apigateway_shared import (
    camel_tree,
    map_changes,
    replace_changed,
    set_changes,
)
from cloudlet.cloudformation.providers.apigateway_stages import (
    access_log_ops,
    canary_ops,
    setting_ops,
)
from cloudlet.cloudformation.providers.apigatewayv2 import (
    changed_members,
    response_parameters,
)


def test_a_slash_in_a_path_segment_is_written_tilde_one() -> None:
    assert set_changes(["image/png"], ["image/gif"], "/binaryMediaTypes") == [
        {"op": "remove", "path": "/binaryMediaTypes/image~1png"},
        {"op": "add", "path": "/binaryMediaTypes/image~1gif"}]


def test_set_items_as_values_for_stage_keys() -> None:
    assert set_changes(["a/s1"], ["a/s1", "a/s2"], "/stages", in_path=False) == [
        {"op": "add", "path": "/stages", "value": "a/s2"}]


def test_changed_values_replace_and_removed_ones_remove() -> None:
    ops = replace_changed({"Name": "a", "Description": "d", "Flag": True},
                          {"Name": "b", "Flag": False},
                          {"Name": "/name", "Description": "/description", "Flag": "/flag"},
                          removable=("Description",))
    assert ops == [{"op": "replace", "path": "/name", "value": "b"},
                   {"op": "remove", "path": "/description"},
                   {"op": "replace", "path": "/flag", "value": "false"}]


def test_map_changes_set_new_and_changed_keys_and_remove_the_rest() -> None:
    assert map_changes({"a": "1", "b": "2"}, {"a": "9", "c": "3"}, "/variables") == [
        {"op": "replace", "path": "/variables/a", "value": "9"},
        {"op": "replace", "path": "/variables/c", "value": "3"},
        {"op": "remove", "path": "/variables/b"}]


def test_method_settings_paths_for_all_one_and_the_root() -> None:
    ops = setting_ops([{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True},
                       {"ResourcePath": "/~1pets", "HttpMethod": "GET",
                        "ThrottlingRateLimit": 2.5},
                       {"ResourcePath": "/", "HttpMethod": "POST", "LoggingLevel": "INFO"}])
    assert ops == [
        {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
        {"op": "replace", "path": "/~1pets/GET/throttling/rateLimit", "value": "2.5"},
        {"op": "replace", "path": "/~1/POST/logging/loglevel", "value": "INFO"}]


def test_unchanged_method_settings_send_nothing() -> None:
    same = [{"ResourcePath": "/*", "HttpMethod": "*", "MetricsEnabled": True}]
    assert setting_ops(same, same) == []


def test_access_log_setting_removed_as_a_whole() -> None:
    assert access_log_ops(None, {"DestinationArn": "arn"}) == [
        {"op": "remove", "path": "/accessLogSettings"}]


def test_nested_cloudformation_members_are_camel_cased() -> None:
    assert camel_tree({"Types": ["REGIONAL"], "VpcEndpointIds": ["v"]}) == {
        "types": ["REGIONAL"], "vpcEndpointIds": ["v"]}


def test_http_integration_response_parameters_as_the_api_takes_them() -> None:
    cfn = {"200": {"ResponseParameters": [{"Destination": "append:header.x",
                                           "Source": "1"}]}}
    assert response_parameters(cfn) == {"200": {"append:header.x": "1"}}


def test_removed_http_members_are_sent_empty() -> None:
    assert changed_members({"Description": "d", "AutoDeploy": True, "Keep": 1},
                           {"Keep": 1}, ("Description", "AutoDeploy", "Keep")) == {
        "Description": "", "AutoDeploy": False}


def test_every_writable_schema_property_is_handled() -> None:
    """Each API Gateway provider takes every property its CloudFormation schema lets a
    template write (so none fails as "not supported" by omission)."""
    from cloudlet.cloudformation.providers import load
    from cloudlet.cloudformation.schemas import schema

    providers = {t: p for t, p in load().items() if t.startswith("AWS::ApiGateway")}
    assert len(providers) == 15 + 8  # REST, HTTP
    for type_name, found in providers.items():
        known = schema(type_name)
        assert known is not None, type_name
        missing = known.properties - known.read_only - found.properties
        assert not missing, (type_name, missing)
        assert not found.properties - known.properties, type_name


def test_canary_setting_changes_and_removal() -> None:
    old = {"DeploymentId": "d1", "PercentTraffic": 10.0,
           "StageVariableOverrides": {"a": "1"}}
    new = {"DeploymentId": "d2", "PercentTraffic": 10.0, "StageVariableOverrides": {}}
    assert canary_ops(new, old) == [
        {"op": "replace", "path": "/canarySettings/deploymentId", "value": "d2"},
        {"op": "remove", "path": "/canarySettings/stageVariableOverrides/a"}]
    assert canary_ops(None, old) == [{"op": "remove", "path": "/canarySettings"}]
