"""Request and response members of lambda that cloudlet reads or writes.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``.
"""

from typing import Any, Required, TypedDict


class FunctionCode(TypedDict, total=False):
    ZipFile: bytes
    S3Bucket: str
    S3Key: str
    ImageUri: str


class VpcConfig(TypedDict, total=False):
    SubnetIds: list[str]


class DeadLetterConfig(TypedDict, total=False):
    TargetArn: str


class Environment(TypedDict, total=False):
    Variables: dict[str, str]


class TracingConfig(TypedDict, total=False):
    Mode: str


class EphemeralStorage(TypedDict, total=False):
    Size: Required[int]


class SnapStart(TypedDict, total=False):
    ApplyOn: str


class LoggingConfig(TypedDict, total=False):
    LogFormat: str
    LogGroup: str


class CreateFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Runtime: str
    Role: Required[str]
    Handler: str
    Code: Required[FunctionCode]
    Description: str
    Timeout: int
    MemorySize: int
    Publish: bool
    VpcConfig: VpcConfig
    PackageType: str
    DeadLetterConfig: DeadLetterConfig
    Environment: Environment
    KMSKeyArn: str
    TracingConfig: TracingConfig
    Tags: dict[str, str]
    Layers: list[str]
    FileSystemConfigs: list[dict[str, Any]]
    Architectures: list[str]
    EphemeralStorage: EphemeralStorage
    SnapStart: SnapStart
    LoggingConfig: LoggingConfig


class VpcConfigResponse(TypedDict, total=False):
    SubnetIds: list[str]


class EnvironmentResponse(TypedDict, total=False):
    Variables: dict[str, str]


class TracingConfigResponse(TypedDict, total=False):
    Mode: str


class Layer(TypedDict, total=False):
    Arn: str
    CodeSize: int


class SnapStartResponse(TypedDict, total=False):
    ApplyOn: str
    OptimizationStatus: str


class RuntimeVersionConfig(TypedDict, total=False):
    RuntimeVersionArn: str


class FunctionConfiguration(TypedDict, total=False):
    FunctionName: str
    FunctionArn: str
    Runtime: str
    Role: str
    Handler: str
    CodeSize: int
    Description: str
    Timeout: int
    MemorySize: int
    LastModified: str
    CodeSha256: str
    Version: str
    VpcConfig: VpcConfigResponse
    DeadLetterConfig: DeadLetterConfig
    Environment: EnvironmentResponse
    KMSKeyArn: str
    TracingConfig: TracingConfigResponse
    RevisionId: str
    Layers: list[Layer]
    State: str
    LastUpdateStatus: str
    FileSystemConfigs: list[dict[str, Any]]
    PackageType: str
    Architectures: list[str]
    EphemeralStorage: EphemeralStorage
    SnapStart: SnapStartResponse
    RuntimeVersionConfig: RuntimeVersionConfig
    LoggingConfig: LoggingConfig


class DeleteFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class DeleteFunctionResponse(TypedDict, total=False):
    StatusCode: int


class DeleteFunctionConcurrencyRequest(TypedDict, total=False):
    FunctionName: Required[str]


class DeleteFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetAccountSettingsRequest(TypedDict, total=False):
    pass


class AccountLimit(TypedDict, total=False):
    TotalCodeSize: int
    CodeSizeUnzipped: int
    CodeSizeZipped: int
    ConcurrentExecutions: int
    UnreservedConcurrentExecutions: int


class AccountUsage(TypedDict, total=False):
    TotalCodeSize: int
    FunctionCount: int


class GetAccountSettingsResponse(TypedDict, total=False):
    AccountLimit: AccountLimit
    AccountUsage: AccountUsage


class GetFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class FunctionCodeLocation(TypedDict, total=False):
    RepositoryType: str
    Location: str
    ImageUri: str


class Concurrency(TypedDict, total=False):
    ReservedConcurrentExecutions: int


class GetFunctionResponse(TypedDict, total=False):
    Configuration: FunctionConfiguration
    Code: FunctionCodeLocation
    Tags: dict[str, str]
    Concurrency: Concurrency


class GetFunctionConcurrencyRequest(TypedDict, total=False):
    FunctionName: Required[str]


class GetFunctionConcurrencyResponse(TypedDict, total=False):
    ReservedConcurrentExecutions: int


class GetFunctionConfigurationRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class OnSuccess(TypedDict, total=False):
    Destination: str


class OnFailure(TypedDict, total=False):
    Destination: str


class DestinationConfig(TypedDict, total=False):
    OnSuccess: OnSuccess
    OnFailure: OnFailure


class FunctionEventInvokeConfig(TypedDict, total=False):
    LastModified: float
    FunctionArn: str
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int
    DestinationConfig: DestinationConfig


class InvocationRequest(TypedDict, total=False):
    FunctionName: Required[str]
    InvocationType: str
    LogType: str
    ClientContext: str
    Payload: bytes
    Qualifier: str


class InvocationResponse(TypedDict, total=False):
    StatusCode: int
    FunctionError: str
    LogResult: str
    Payload: bytes
    ExecutedVersion: str


class InvokeAsyncRequest(TypedDict, total=False):
    FunctionName: Required[str]
    InvokeArgs: Required[bytes]


class InvokeAsyncResponse(TypedDict, total=False):
    Status: int


class ListFunctionEventInvokeConfigsRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


class ListFunctionEventInvokeConfigsResponse(TypedDict, total=False):
    FunctionEventInvokeConfigs: list[FunctionEventInvokeConfig]
    NextMarker: str


class ListFunctionsRequest(TypedDict, total=False):
    FunctionVersion: str
    Marker: str
    MaxItems: int


class ListFunctionsResponse(TypedDict, total=False):
    NextMarker: str
    Functions: list[FunctionConfiguration]


class ListTagsRequest(TypedDict, total=False):
    Resource: Required[str]


class ListTagsResponse(TypedDict, total=False):
    Tags: dict[str, str]


class ListVersionsByFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


class ListVersionsByFunctionResponse(TypedDict, total=False):
    NextMarker: str
    Versions: list[FunctionConfiguration]


class PublishVersionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    CodeSha256: str
    Description: str
    RevisionId: str


class PutFunctionConcurrencyRequest(TypedDict, total=False):
    FunctionName: Required[str]
    ReservedConcurrentExecutions: Required[int]


class PutFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int
    DestinationConfig: DestinationConfig


class TagResourceRequest(TypedDict, total=False):
    Resource: Required[str]
    Tags: Required[dict[str, str]]


class UntagResourceRequest(TypedDict, total=False):
    Resource: Required[str]
    TagKeys: Required[list[str]]


class UpdateFunctionCodeRequest(TypedDict, total=False):
    FunctionName: Required[str]
    ZipFile: bytes
    S3Bucket: str
    S3Key: str
    ImageUri: str
    Architectures: list[str]
    Publish: bool
    DryRun: bool
    RevisionId: str


class UpdateFunctionConfigurationRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Role: str
    Handler: str
    Description: str
    Timeout: int
    MemorySize: int
    VpcConfig: VpcConfig
    Environment: Environment
    Runtime: str
    DeadLetterConfig: DeadLetterConfig
    KMSKeyArn: str
    TracingConfig: TracingConfig
    RevisionId: str
    Layers: list[str]
    FileSystemConfigs: list[dict[str, Any]]
    EphemeralStorage: EphemeralStorage
    SnapStart: SnapStart
    LoggingConfig: LoggingConfig


class UpdateFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int
    DestinationConfig: DestinationConfig



# -- aliases -------------------------------------------------------------------------------

class AliasRoutingConfiguration(TypedDict, total=False):
    AdditionalVersionWeights: dict[str, float]


class AliasConfiguration(TypedDict, total=False):
    AliasArn: str
    Name: str
    FunctionVersion: str
    Description: str
    RoutingConfig: AliasRoutingConfiguration
    RevisionId: str


class CreateAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]
    FunctionVersion: Required[str]
    Description: str
    RoutingConfig: AliasRoutingConfiguration


class GetAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]


class UpdateAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]
    FunctionVersion: str
    Description: str
    RoutingConfig: AliasRoutingConfiguration
    RevisionId: str


class DeleteAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]


class ListAliasesRequest(TypedDict, total=False):
    FunctionName: Required[str]
    FunctionVersion: str
    Marker: str
    MaxItems: int


class ListAliasesResponse(TypedDict, total=False):
    NextMarker: str
    Aliases: list[AliasConfiguration]


# -- layers --------------------------------------------------------------------------------

class LayerVersionContentInput(TypedDict, total=False):
    S3Bucket: str
    S3Key: str
    ZipFile: bytes


class LayerVersionContentOutput(TypedDict, total=False):
    Location: str
    CodeSha256: str
    CodeSize: int


class PublishLayerVersionRequest(TypedDict, total=False):
    LayerName: Required[str]
    Description: str
    Content: Required[LayerVersionContentInput]
    CompatibleRuntimes: list[str]
    LicenseInfo: str
    CompatibleArchitectures: list[str]


class PublishLayerVersionResponse(TypedDict, total=False):
    Content: LayerVersionContentOutput
    LayerArn: str
    LayerVersionArn: str
    Description: str
    CreatedDate: str
    Version: int
    CompatibleRuntimes: list[str]
    LicenseInfo: str
    CompatibleArchitectures: list[str]


class GetLayerVersionRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]


class GetLayerVersionByArnRequest(TypedDict, total=False):
    Arn: Required[str]


class GetLayerVersionResponse(TypedDict, total=False):
    Content: LayerVersionContentOutput
    LayerArn: str
    LayerVersionArn: str
    Description: str
    CreatedDate: str
    Version: int
    CompatibleRuntimes: list[str]
    LicenseInfo: str
    CompatibleArchitectures: list[str]


class LayerVersionsListItem(TypedDict, total=False):
    LayerVersionArn: str
    Version: int
    Description: str
    CreatedDate: str
    CompatibleRuntimes: list[str]
    LicenseInfo: str
    CompatibleArchitectures: list[str]


class LayersListItem(TypedDict, total=False):
    LayerName: str
    LayerArn: str
    LatestMatchingVersion: LayerVersionsListItem


class ListLayersRequest(TypedDict, total=False):
    CompatibleRuntime: str
    Marker: str
    MaxItems: int
    CompatibleArchitecture: str


class ListLayersResponse(TypedDict, total=False):
    NextMarker: str
    Layers: list[LayersListItem]


class ListLayerVersionsRequest(TypedDict, total=False):
    CompatibleRuntime: str
    LayerName: Required[str]
    Marker: str
    MaxItems: int
    CompatibleArchitecture: str


class ListLayerVersionsResponse(TypedDict, total=False):
    LayerVersions: list[LayerVersionsListItem]
    NextMarker: str


class DeleteLayerVersionRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]
