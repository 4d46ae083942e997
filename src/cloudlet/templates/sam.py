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

LIMITATIONS: ``CodeUri``/``ContentUri`` must name S3 objects (``s3://bucket/key``) or use
``InlineCode``, as for AWS's transform (``sam deploy`` and ``aws cloudformation package``
upload local code first); an ``AWS::Serverless::Application`` becomes a nested stack
(``AWS::CloudFormation::Stack``), and one from the Serverless Application Repository
(``Location: {ApplicationId, SemanticVersion}``) is refused as not supported.
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
    return translated
