"""Serverless Framework variables (``variables.py``): every source, fallbacks, nesting,
types, and the framework's error wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cloudlet.templates.serverless import Hooks, ServerlessError, load


def service(tmp_path: Path, body: str, *, files: dict[str, str] | None = None,
            **kwargs: Any) -> dict[str, Any]:
    (tmp_path / "serverless.yml").write_text(body)
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    return load(tmp_path, **kwargs).config


BASE = """\
service: vars
provider:
  name: aws
  stage: ${opt:stage, 'dev'}
"""


def test_self_opt_sls_and_aws_sources(tmp_path: Path) -> None:
    config = service(tmp_path, BASE + """\
custom:
  name: ${self:service}-${sls:stage}
  region: ${aws:region}
  account: ${aws:accountId}
  stage: ${opt:stage}
  memory: 512
  size: ${self:custom.memory}
  instance: ${sls:instanceId}
""", stage="prod", region="eu-west-1", hooks=Hooks(account="123456789012"))
    custom = config["custom"]
    assert custom["name"] == "vars-prod"
    assert custom["region"] == "eu-west-1"
    assert custom["account"] == "123456789012"
    assert custom["stage"] == "prod"
    assert custom["size"] == 512                     # a whole-string variable keeps its type
    assert len(custom["instance"]) == 16
    assert config["provider"]["stage"] == "prod"


def test_stage_defaults_from_provider_then_dev(tmp_path: Path) -> None:
    assert service(tmp_path, BASE + "custom:\n  s: ${sls:stage}\n")["custom"]["s"] == "dev"


def test_env_with_and_without_fallbacks(tmp_path: Path) -> None:
    config = service(tmp_path, BASE + """\
custom:
  set: ${env:GREETING}
  fallback: ${env:MISSING_ONE, 'plain'}
  chained: ${env:MISSING_ONE, env:GREETING}
  number: ${env:MISSING_ONE, 42}
  flag: ${env:MISSING_ONE, false}
  nested_fallback: ${env:MISSING_ONE, ${self:service}}
""", env={"GREETING": "hi"})
    assert config["custom"] == {"set": "hi", "fallback": "plain", "chained": "hi",
                                "number": 42, "flag": False, "nested_fallback": "vars"}


def test_nested_variables_resolve_inside_out(tmp_path: Path) -> None:
    config = service(tmp_path, BASE + """\
custom:
  sizes:
    dev: 128
    prod: 1024
  size: ${self:custom.sizes.${sls:stage}}
  label: size-${self:custom.sizes.${opt:stage, 'dev'}}-mb
""")
    assert config["custom"]["size"] == 128
    assert config["custom"]["label"] == "size-128-mb"


def test_file_source_whole_and_by_address(tmp_path: Path) -> None:
    config = service(tmp_path, BASE + """\
custom:
  whole: ${file(./extra.yml)}
  one: ${file(./extra.yml):settings.memory}
  json: ${file(./extra.json):flag}
""", files={"extra.yml": "settings:\n  memory: 256\n  stage: ${sls:stage}\n",
            "extra.json": '{"flag": true}'})
    assert config["custom"]["whole"] == {"settings": {"memory": 256, "stage": "dev"}}
    assert config["custom"]["one"] == 256
    assert config["custom"]["json"] is True


def test_cf_and_ssm_sources_use_the_hooks(tmp_path: Path) -> None:
    outputs = {("other-dev", "Url"): "https://x"}
    params = {"/app/key": "s3cret"}
    config = service(tmp_path, BASE + """\
custom:
  url: ${cf:other-dev.Url}
  key: ${ssm:/app/key}
  missing: ${ssm:/app/none, 'default'}
""", hooks=Hooks(cf_output=lambda s, o: outputs.get((s, o)),
                 ssm=lambda name, decrypt: params.get(name)))
    assert config["custom"] == {"url": "https://x", "key": "s3cret", "missing": "default"}


def test_cloudformation_substitutions_are_left_alone(tmp_path: Path) -> None:
    config = service(tmp_path, BASE + """\
custom:
  sub: !Sub 'arn:aws:s3:::${Bucket}/${AWS::Region}/${sls:stage}'
  ref: !GetAtt Table.StreamArn
""")
    assert config["custom"]["sub"] == {"Fn::Sub": "arn:aws:s3:::${Bucket}/${AWS::Region}/dev"}
    assert config["custom"]["ref"] == {"Fn::GetAtt": ["Table", "StreamArn"]}


def test_missing_values_are_reported_together_with_their_paths(tmp_path: Path) -> None:
    with pytest.raises(ServerlessError) as err:
        service(tmp_path, BASE + """\
custom:
  a: ${env:NOT_THERE_AT_ALL}
  b:
    c: ${self:custom.nothing}
""", env={})
    assert str(err.value) == (
        "Cannot resolve serverless.yml: Variables resolution errored with:\n"
        '  - Cannot resolve variable at "custom.a": Value not found at "env" source\n'
        '  - Cannot resolve variable at "custom.b.c": Value not found at "self" source')


def test_unknown_source_and_non_string_interpolation_fail(tmp_path: Path) -> None:
    with pytest.raises(ServerlessError) as err:
        service(tmp_path, BASE + """\
custom:
  map: {a: 1}
  bad: ${foo:bar}
  mixed: x-${self:custom.map}
""")
    message = str(err.value)
    assert 'at "custom.bad": Unrecognized configuration variable source: "foo"' in message
    assert 'at "custom.mixed": String value consist of variable which resolve with ' \
           "non-string value" in message


def test_cf_without_a_running_cloudlet_says_so(tmp_path: Path) -> None:
    with pytest.raises(ServerlessError, match="no running cloudlet"):
        service(tmp_path, BASE + "custom:\n  u: ${cf:other.Url}\n")


def test_plugins_other_than_supported_ones_are_named(tmp_path: Path) -> None:
    with pytest.raises(ServerlessError) as err:
        service(tmp_path, BASE + "plugins:\n  - serverless-python-requirements\n"
                                 "  - serverless-offline\n")
    assert 'Serverless plugin "serverless-offline" is not supported by cloudlet' in str(err.value)


def test_service_file_forms(tmp_path: Path) -> None:
    (tmp_path / "serverless.json").write_text(
        '{"service": "j", "provider": {"name": "aws", "stage": "qa"}}')
    loaded = load(tmp_path)
    assert (loaded.name, loaded.stage, loaded.stack_name) == ("j", "qa", "j-qa")
    with pytest.raises(ServerlessError, match="No serverless.yml"):
        load(tmp_path / "nowhere")
