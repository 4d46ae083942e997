"""AWS SAM templates as CloudFormation: ``AWS::Serverless-2016-10-31`` translated by
aws-sam-translator, the library AWS's own transform runs.

https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification.html
- ``transform(template, parameters, account=, region=)`` answers the CloudFormation
  template the stack engine deploys: ``AWS::Serverless::Function`` becomes a function, its
  role, permissions, event sources and versions/aliases; ``Api``/``HttpApi`` become API
  Gateway resources; ``SimpleTable`` a DynamoDB table; and so on.
- Managed policy names in ``Policies`` (``AWSLambdaExecute``) are resolved from the list
  aws-sam-translator ships, never by calling IAM; policy templates
  (``DynamoDBCrudPolicy``) are expanded by the translator. Feature toggles are off.
- A template SAM refuses raises ``TemplateError`` with AWS's text: ``Transform
  AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification
  document. Number of errors found: 1. Resource with id [F] is invalid. ...``.
- ``DeploymentPreference`` (gradual deployment through CodeDeploy) deploys all at once:
  the translator's output is kept whole (so SAM still checks the preference: it needs
  ``AutoPublishAlias``, a known ``Type``, hooks that name functions) except what only
  CodeDeploy would act on, which is removed after translating: the
  ``AWS::CodeDeploy::Application`` and ``::DeploymentGroup`` resources, the alias's
  ``UpdatePolicy`` ``CodeDeployLambdaAliasUpdate`` and ``DependsOn`` entries naming the
  removed resources. The alias then moves to the new version in the update itself, as a
  deployment of type ``AllAtOnce`` does. The CodeDeploy service role SAM adds stays (an
  ordinary IAM role). A reference to a removed resource elsewhere in the template fails the
  deployment as an unresolved one.

LIMITATIONS: ``CodeUri``/``ContentUri`` must name S3 objects (``s3://bucket/key``) or use
``InlineCode``, as for AWS's transform (``sam deploy`` and ``aws cloudformation package``
upload local code first); an ``AWS::Serverless::Application`` becomes a nested stack
(``AWS::CloudFormation::Stack``), and one from the Serverless Application Repository
(``Location: {ApplicationId, SemanticVersion}``) is refused as not supported. A
``DeploymentPreference`` shifts all traffic at once whatever its ``Type``: its ``Hooks``
(PreTraffic/PostTraffic functions) are not invoked, and its ``Alarms`` and
``TriggerConfigurations`` are not watched.
"""

from __future__ import annotations

import copy
import threading
from functools import cache
from typing import Any

import boto3
from samtranslator.internal.managed_policies import get_bundled_managed_policy_map
from samtranslator.metrics.metrics import DummyMetricsPublisher, Metrics
from samtranslator.model.exceptions import ExceptionWithMessage, InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.arn_generator import ArnGenerator
from samtranslator.translator.translator import Translator

from cloudlet.cloudformation.errors import TemplateError

TRANSFORM = "AWS::Serverless-2016-10-31"
_FAILED = f"Transform {TRANSFORM} failed with: "
# The translator keeps the region for ARNs in a class attribute: one translation at a time.
_LOCK = threading.Lock()
# What only CodeDeploy acts on in a translated DeploymentPreference (see the docstring).
_CODEDEPLOY_TYPE = "AWS::CodeDeploy::"
_ALIAS_UPDATE_POLICY = "CodeDeployLambdaAliasUpdate"


@cache
def _session(region: str) -> boto3.session.Session:
    """A session that only tells the translator its region (it never calls AWS with it)."""
    return boto3.session.Session(region_name=region, aws_access_key_id="unused",
                                 aws_secret_access_key="unused")


def managed_policies(partition: str = "aws") -> dict[str, str]:
    """AWS managed policy names to ARNs, as aws-sam-translator ships them."""
    return dict(get_bundled_managed_policy_map(partition) or {})


def failure_message(error: ExceptionWithMessage) -> str:
    """AWS's wording of a failed transform: the document error and each cause."""
    if isinstance(error, InvalidDocumentException):
        causes = " ".join(cause.message for cause in error.causes)
        return f"{_FAILED}{error.message} {causes}".rstrip()
    return f"{_FAILED}{error.message}"


def _refuse_repository_apps(template: dict[str, Any]) -> None:
    """Serverless Application Repository apps would make the translator call AWS's SAR."""
    for logical, resource in (template.get("Resources") or {}).items():
        if isinstance(resource, dict) and resource.get("Type") == "AWS::Serverless::Application":
            location = (resource.get("Properties") or {}).get("Location")
            if isinstance(location, dict):
                raise TemplateError(f"{_FAILED}not supported: AWS::Serverless::Application"
                                    f" [{logical}] from the Serverless Application Repository"
                                    " (give Location as a template URL)")


def transform(template: dict[str, Any], parameters: dict[str, str], *, account: str,
              region: str, partition: str = "aws") -> dict[str, Any]:
    """The CloudFormation template for a SAM ``template`` (not modified) given the stack's
    parameter values; TemplateError with AWS's message when SAM refuses it."""
    values: dict[str, Any] = {**parameters, "AWS::AccountId": account, "AWS::Region": region,
                              "AWS::Partition": partition}
    _refuse_repository_apps(template)
    policies = managed_policies(partition)
    with _LOCK:
        ArnGenerator.BOTO_SESSION_REGION_NAME = region
        # Metrics go nowhere, published each time so none are left to warn about.
        metrics = Metrics("ServerlessTransform", DummyMetricsPublisher())
        translator = Translator(None, Parser(), boto_session=_session(region), metrics=metrics)
        try:
            translated: dict[str, Any] = translator.translate(
                copy.deepcopy(template), parameter_values=values,
                get_managed_policy_map=lambda: policies)
        except ExceptionWithMessage as error:
            raise TemplateError(failure_message(error)) from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise TemplateError(f"{_FAILED}Internal transform failure. ({error})") from None
        finally:
            metrics.publish()
    return deploy_all_at_once(translated)


def deploy_all_at_once(template: dict[str, Any]) -> dict[str, Any]:
    """``template`` without its CodeDeploy resources and alias update policies (in
    place, answered): a DeploymentPreference becomes an all-at-once alias update."""
    resources: dict[str, Any] = template.get("Resources") or {}
    removed = {logical for logical, resource in resources.items()
               if isinstance(resource, dict)
               and str(resource.get("Type", "")).startswith(_CODEDEPLOY_TYPE)}
    for logical in removed:
        del resources[logical]
    for resource in resources.values():
        if not isinstance(resource, dict):
            continue
        policy = resource.get("UpdatePolicy")
        if isinstance(policy, dict) and policy.pop(_ALIAS_UPDATE_POLICY, None) is not None \
                and not policy:
            del resource["UpdatePolicy"]
        depends = resource.get("DependsOn")
        if isinstance(depends, list) and removed.intersection(depends):
            resource["DependsOn"] = [d for d in depends if d not in removed]
        elif isinstance(depends, str) and depends in removed:
            del resource["DependsOn"]
    return template
