"""Request members of CloudFormation's operations, as the handlers read them.

Each TypedDict is named after its botocore shape; ``Required`` marks the members the
model requires; nested structures stay plain dicts. Checked against the model by
``tests/unit/server/test_typed_shapes.py``.
"""

from typing import Any, Required, TypedDict


class CancelUpdateStackInput(TypedDict, total=False):
    StackName: Required[str]
    ClientRequestToken: str


class ContinueUpdateRollbackInput(TypedDict, total=False):
    StackName: Required[str]
    RoleARN: str
    ResourcesToSkip: list[str]
    ClientRequestToken: str
    ForceRollback: bool


class CreateChangeSetInput(TypedDict, total=False):
    StackName: Required[str]
    TemplateBody: str
    TemplateURL: str
    UsePreviousTemplate: bool
    Parameters: list[dict[str, Any]]
    Capabilities: list[str]
    ResourceTypes: list[str]
    RoleARN: str
    RollbackConfiguration: dict[str, Any]
    NotificationARNs: list[str]
    Tags: list[dict[str, Any]]
    ChangeSetName: Required[str]
    ClientToken: str
    Description: str
    ChangeSetType: str
    ResourcesToImport: list[dict[str, Any]]
    IncludeNestedStacks: bool
    OnStackFailure: str
    ImportExistingResources: bool
    DeploymentMode: str
    DeploymentConfig: dict[str, Any]
    DisableValidation: bool


class CreateStackInput(TypedDict, total=False):
    StackName: Required[str]
    TemplateBody: str
    TemplateURL: str
    Parameters: list[dict[str, Any]]
    DisableRollback: bool
    RollbackConfiguration: dict[str, Any]
    TimeoutInMinutes: int
    NotificationARNs: list[str]
    Capabilities: list[str]
    ResourceTypes: list[str]
    RoleARN: str
    OnFailure: str
    StackPolicyBody: str
    StackPolicyURL: str
    Tags: list[dict[str, Any]]
    ClientRequestToken: str
    EnableTerminationProtection: bool
    RetainExceptOnCreate: bool
    DeploymentConfig: dict[str, Any]
    DisableValidation: bool


class DeleteChangeSetInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str


class DeleteStackInput(TypedDict, total=False):
    StackName: Required[str]
    RetainResources: list[str]
    RoleARN: str
    ClientRequestToken: str
    DeletionMode: str
    DeploymentConfig: dict[str, Any]


class DescribeChangeSetInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str
    NextToken: str
    IncludePropertyValues: bool


class DescribeStackDriftDetectionStatusInput(TypedDict, total=False):
    StackDriftDetectionId: Required[str]


class DescribeStackEventsInput(TypedDict, total=False):
    StackName: Required[str]
    NextToken: str


class DescribeStackResourceInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceId: Required[str]


class DescribeStackResourceDriftsInput(TypedDict, total=False):
    StackName: Required[str]
    StackResourceDriftStatusFilters: list[str]
    NextToken: str
    MaxResults: int


class DescribeStackResourcesInput(TypedDict, total=False):
    StackName: str
    LogicalResourceId: str
    PhysicalResourceId: str


class DescribeStacksInput(TypedDict, total=False):
    StackName: str
    NextToken: str


class DetectStackDriftInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceIds: list[str]


class DetectStackResourceDriftInput(TypedDict, total=False):
    StackName: Required[str]
    LogicalResourceId: Required[str]


class ExecuteChangeSetInput(TypedDict, total=False):
    ChangeSetName: Required[str]
    StackName: str
    ClientRequestToken: str
    DisableRollback: bool
    RetainExceptOnCreate: bool


class GetTemplateInput(TypedDict, total=False):
    StackName: str
    ChangeSetName: str
    TemplateStage: str


class GetTemplateSummaryInput(TypedDict, total=False):
    TemplateBody: str
    TemplateURL: str
    StackName: str
    StackSetName: str
    CallAs: str
    TemplateSummaryConfig: dict[str, Any]


class ListChangeSetsInput(TypedDict, total=False):
    StackName: Required[str]
    NextToken: str


class ListExportsInput(TypedDict, total=False):
    NextToken: str


class ListImportsInput(TypedDict, total=False):
    ExportName: Required[str]
    NextToken: str


class ListStackResourcesInput(TypedDict, total=False):
    StackName: Required[str]
    NextToken: str


class ListStacksInput(TypedDict, total=False):
    NextToken: str
    StackStatusFilter: list[str]


class UpdateStackInput(TypedDict, total=False):
    StackName: Required[str]
    TemplateBody: str
    TemplateURL: str
    UsePreviousTemplate: bool
    StackPolicyDuringUpdateBody: str
    StackPolicyDuringUpdateURL: str
    Parameters: list[dict[str, Any]]
    Capabilities: list[str]
    ResourceTypes: list[str]
    RoleARN: str
    RollbackConfiguration: dict[str, Any]
    StackPolicyBody: str
    StackPolicyURL: str
    NotificationARNs: list[str]
    Tags: list[dict[str, Any]]
    DisableRollback: bool
    ClientRequestToken: str
    RetainExceptOnCreate: bool
    DeploymentConfig: dict[str, Any]
    DisableValidation: bool


class UpdateTerminationProtectionInput(TypedDict, total=False):
    EnableTerminationProtection: Required[bool]
    StackName: Required[str]


class ValidateTemplateInput(TypedDict, total=False):
    TemplateBody: str
    TemplateURL: str


class RollbackStackInput(TypedDict, total=False):
    StackName: Required[str]
    RoleARN: str
    ClientRequestToken: str
    RetainExceptOnCreate: bool
