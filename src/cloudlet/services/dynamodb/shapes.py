"""Request and response members of dynamodb that cloudlet reads or writes.

Each TypedDict is named after its botocore shape and declares only the members the
handlers use; ``Required`` marks the members the model requires. Checked against the
model by ``tests/unit/server/test_typed_shapes.py``. AttributeValues stay in wire form
(``{"S": "x"}``), as ``Any`` / ``dict[str, Any]``. ``ConsumedCapacity`` admits None because
``Consumed.report`` answers None for a mode other than TOTAL or INDEXES (its callers only
ask for those).
"""

from datetime import datetime
from typing import Any, Required, TypedDict


class BatchStatementRequest(TypedDict, total=False):
    Statement: Required[str]
    Parameters: list[Any]
    ConsistentRead: bool
    ReturnValuesOnConditionCheckFailure: str


class BatchExecuteStatementInput(TypedDict, total=False):
    Statements: Required[list[BatchStatementRequest]]
    ReturnConsumedCapacity: str


class CancellationReason(TypedDict, total=False):
    Item: dict[str, Any]
    Code: str
    Message: str


class BatchStatementError(TypedDict, total=False):
    Code: str
    Message: str
    Item: dict[str, Any]


class BatchStatementResponse(TypedDict, total=False):
    Error: BatchStatementError
    TableName: str
    Item: dict[str, Any]


class Capacity(TypedDict, total=False):
    ReadCapacityUnits: float
    WriteCapacityUnits: float
    CapacityUnits: float


class ConsumedCapacity(TypedDict, total=False):
    TableName: str
    CapacityUnits: float
    ReadCapacityUnits: float
    WriteCapacityUnits: float
    Table: Capacity
    LocalSecondaryIndexes: dict[str, Capacity]
    GlobalSecondaryIndexes: dict[str, Capacity]


class BatchExecuteStatementOutput(TypedDict, total=False):
    Responses: list[BatchStatementResponse]
    ConsumedCapacity: list[ConsumedCapacity | None]


class KeysAndAttributes(TypedDict, total=False):
    Keys: Required[list[dict[str, Any]]]
    AttributesToGet: list[str]
    ConsistentRead: bool
    ProjectionExpression: str
    ExpressionAttributeNames: dict[str, str]


class BatchGetItemInput(TypedDict, total=False):
    RequestItems: Required[dict[str, KeysAndAttributes]]
    ReturnConsumedCapacity: str


class BatchGetItemOutput(TypedDict, total=False):
    Responses: dict[str, list[dict[str, Any]]]
    UnprocessedKeys: dict[str, KeysAndAttributes]
    ConsumedCapacity: list[ConsumedCapacity | None]


class PutRequest(TypedDict, total=False):
    Item: Required[dict[str, Any]]


class DeleteRequest(TypedDict, total=False):
    Key: Required[dict[str, Any]]


class WriteRequest(TypedDict, total=False):
    PutRequest: PutRequest
    DeleteRequest: DeleteRequest


class BatchWriteItemInput(TypedDict, total=False):
    RequestItems: Required[dict[str, list[WriteRequest]]]
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str


class ItemCollectionMetrics(TypedDict, total=False):
    ItemCollectionKey: dict[str, Any]
    SizeEstimateRangeGB: list[float]


class BatchWriteItemOutput(TypedDict, total=False):
    UnprocessedItems: dict[str, list[WriteRequest]]
    ItemCollectionMetrics: dict[str, list[ItemCollectionMetrics]]
    ConsumedCapacity: list[ConsumedCapacity | None]


class AttributeDefinition(TypedDict, total=False):
    AttributeName: Required[str]
    AttributeType: Required[str]


class KeySchemaElement(TypedDict, total=False):
    AttributeName: Required[str]
    KeyType: Required[str]


class Projection(TypedDict, total=False):
    ProjectionType: str
    NonKeyAttributes: list[str]


class LocalSecondaryIndex(TypedDict, total=False):
    IndexName: Required[str]
    KeySchema: Required[list[KeySchemaElement]]
    Projection: Required[Projection]


class ProvisionedThroughput(TypedDict, total=False):
    ReadCapacityUnits: Required[int]
    WriteCapacityUnits: Required[int]


class GlobalSecondaryIndex(TypedDict, total=False):
    IndexName: Required[str]
    KeySchema: Required[list[KeySchemaElement]]
    Projection: Required[Projection]
    ProvisionedThroughput: ProvisionedThroughput
    OnDemandThroughput: dict[str, Any]
    WarmThroughput: dict[str, Any]


class StreamSpecification(TypedDict, total=False):
    StreamEnabled: Required[bool]
    StreamViewType: str


class SSESpecification(TypedDict, total=False):
    Enabled: bool


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class CreateTableInput(TypedDict, total=False):
    AttributeDefinitions: list[AttributeDefinition]
    TableName: Required[str]
    KeySchema: list[KeySchemaElement]
    LocalSecondaryIndexes: list[LocalSecondaryIndex]
    GlobalSecondaryIndexes: list[GlobalSecondaryIndex]
    BillingMode: str
    ProvisionedThroughput: ProvisionedThroughput
    StreamSpecification: StreamSpecification
    SSESpecification: SSESpecification
    Tags: list[Tag]
    TableClass: str
    DeletionProtectionEnabled: bool
    WarmThroughput: dict[str, Any]
    OnDemandThroughput: dict[str, Any]


class ProvisionedThroughputDescription(TypedDict, total=False):
    NumberOfDecreasesToday: int
    ReadCapacityUnits: int
    WriteCapacityUnits: int


class BillingModeSummary(TypedDict, total=False):
    BillingMode: str
    LastUpdateToPayPerRequestDateTime: float


class LocalSecondaryIndexDescription(TypedDict, total=False):
    IndexName: str
    KeySchema: list[KeySchemaElement]
    Projection: Projection
    IndexSizeBytes: int
    ItemCount: int
    IndexArn: str


class GlobalSecondaryIndexDescription(TypedDict, total=False):
    IndexName: str
    KeySchema: list[KeySchemaElement]
    Projection: Projection
    IndexStatus: str
    ProvisionedThroughput: ProvisionedThroughputDescription
    IndexSizeBytes: int
    ItemCount: int
    IndexArn: str
    OnDemandThroughput: dict[str, Any]
    WarmThroughput: dict[str, Any]


class TableClassSummary(TypedDict, total=False):
    TableClass: str
    LastUpdateDateTime: float


class RestoreSummary(TypedDict, total=False):
    SourceBackupArn: str
    SourceTableArn: str
    RestoreDateTime: Required[float]
    RestoreInProgress: Required[bool]


class TableDescription(TypedDict, total=False):
    AttributeDefinitions: list[AttributeDefinition]
    TableName: str
    KeySchema: list[KeySchemaElement]
    TableStatus: str
    CreationDateTime: float
    ProvisionedThroughput: ProvisionedThroughputDescription
    TableSizeBytes: int
    ItemCount: int
    TableArn: str
    TableId: str
    BillingModeSummary: BillingModeSummary
    LocalSecondaryIndexes: list[LocalSecondaryIndexDescription]
    GlobalSecondaryIndexes: list[GlobalSecondaryIndexDescription]
    StreamSpecification: StreamSpecification
    LatestStreamLabel: str
    LatestStreamArn: str
    RestoreSummary: RestoreSummary
    TableClassSummary: TableClassSummary
    DeletionProtectionEnabled: bool
    OnDemandThroughput: dict[str, Any]
    WarmThroughput: dict[str, Any]


class CreateTableOutput(TypedDict, total=False):
    TableDescription: TableDescription


class ExpectedAttributeValue(TypedDict, total=False):
    Value: Any
    Exists: bool
    ComparisonOperator: str
    AttributeValueList: list[Any]


class DeleteItemInput(TypedDict, total=False):
    TableName: Required[str]
    Key: Required[dict[str, Any]]
    Expected: dict[str, ExpectedAttributeValue]
    ConditionalOperator: str
    ReturnValues: str
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class DeleteItemOutput(TypedDict, total=False):
    Attributes: dict[str, Any]
    ConsumedCapacity: ConsumedCapacity | None
    ItemCollectionMetrics: ItemCollectionMetrics


class DeleteTableInput(TypedDict, total=False):
    TableName: Required[str]


class DeleteTableOutput(TypedDict, total=False):
    TableDescription: TableDescription


class DescribeEndpointsRequest(TypedDict, total=False):
    pass


class Endpoint(TypedDict, total=False):
    Address: Required[str]
    CachePeriodInMinutes: Required[int]


class DescribeEndpointsResponse(TypedDict, total=False):
    Endpoints: Required[list[Endpoint]]


class DescribeLimitsInput(TypedDict, total=False):
    pass


class DescribeLimitsOutput(TypedDict, total=False):
    AccountMaxReadCapacityUnits: int
    AccountMaxWriteCapacityUnits: int
    TableMaxReadCapacityUnits: int
    TableMaxWriteCapacityUnits: int


class DescribeTableInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeTableOutput(TypedDict, total=False):
    Table: TableDescription


class DescribeTimeToLiveInput(TypedDict, total=False):
    TableName: Required[str]


class TimeToLiveDescription(TypedDict, total=False):
    TimeToLiveStatus: str
    AttributeName: str


class DescribeTimeToLiveOutput(TypedDict, total=False):
    TimeToLiveDescription: TimeToLiveDescription


class ExecuteStatementInput(TypedDict, total=False):
    Statement: Required[str]
    Parameters: list[Any]
    ConsistentRead: bool
    NextToken: str
    ReturnConsumedCapacity: str
    Limit: int
    ReturnValuesOnConditionCheckFailure: str


class ExecuteStatementOutput(TypedDict, total=False):
    Items: list[dict[str, Any]]
    NextToken: str
    ConsumedCapacity: ConsumedCapacity | None
    LastEvaluatedKey: dict[str, Any]


class ParameterizedStatement(TypedDict, total=False):
    Statement: Required[str]
    Parameters: list[Any]
    ReturnValuesOnConditionCheckFailure: str


class ExecuteTransactionInput(TypedDict, total=False):
    TransactStatements: Required[list[ParameterizedStatement]]
    ClientRequestToken: str
    ReturnConsumedCapacity: str


class ItemResponse(TypedDict, total=False):
    Item: dict[str, Any]


class ExecuteTransactionOutput(TypedDict, total=False):
    Responses: list[ItemResponse]
    ConsumedCapacity: list[ConsumedCapacity | None]


class GetItemInput(TypedDict, total=False):
    TableName: Required[str]
    Key: Required[dict[str, Any]]
    AttributesToGet: list[str]
    ConsistentRead: bool
    ReturnConsumedCapacity: str
    ProjectionExpression: str
    ExpressionAttributeNames: dict[str, str]


class GetItemOutput(TypedDict, total=False):
    Item: dict[str, Any]
    ConsumedCapacity: ConsumedCapacity | None


class ListTablesInput(TypedDict, total=False):
    ExclusiveStartTableName: str
    Limit: int


class ListTablesOutput(TypedDict, total=False):
    TableNames: list[str]
    LastEvaluatedTableName: str


class ListTagsOfResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]


class ListTagsOfResourceOutput(TypedDict, total=False):
    Tags: list[Tag]


class PutItemInput(TypedDict, total=False):
    TableName: Required[str]
    Item: Required[dict[str, Any]]
    Expected: dict[str, ExpectedAttributeValue]
    ReturnValues: str
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    ConditionalOperator: str
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class PutItemOutput(TypedDict, total=False):
    Attributes: dict[str, Any]
    ConsumedCapacity: ConsumedCapacity | None
    ItemCollectionMetrics: ItemCollectionMetrics


class Condition(TypedDict, total=False):
    AttributeValueList: list[Any]
    ComparisonOperator: Required[str]


class QueryInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str
    Select: str
    AttributesToGet: list[str]
    Limit: int
    ConsistentRead: bool
    KeyConditions: dict[str, Condition]
    QueryFilter: dict[str, Condition]
    ConditionalOperator: str
    ScanIndexForward: bool
    ExclusiveStartKey: dict[str, Any]
    ReturnConsumedCapacity: str
    ProjectionExpression: str
    FilterExpression: str
    KeyConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]


class QueryOutput(TypedDict, total=False):
    Items: list[dict[str, Any]]
    Count: int
    ScannedCount: int
    LastEvaluatedKey: dict[str, Any]
    ConsumedCapacity: ConsumedCapacity | None


class ScanInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str
    AttributesToGet: list[str]
    Limit: int
    Select: str
    ScanFilter: dict[str, Condition]
    ConditionalOperator: str
    ExclusiveStartKey: dict[str, Any]
    ReturnConsumedCapacity: str
    TotalSegments: int
    Segment: int
    ProjectionExpression: str
    FilterExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ConsistentRead: bool


class ScanOutput(TypedDict, total=False):
    Items: list[dict[str, Any]]
    Count: int
    ScannedCount: int
    LastEvaluatedKey: dict[str, Any]
    ConsumedCapacity: ConsumedCapacity | None


class TagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[list[Tag]]


class Get(TypedDict, total=False):
    Key: Required[dict[str, Any]]
    TableName: Required[str]
    ProjectionExpression: str
    ExpressionAttributeNames: dict[str, str]


class TransactGetItem(TypedDict, total=False):
    Get: Required[Get]


class TransactGetItemsInput(TypedDict, total=False):
    TransactItems: Required[list[TransactGetItem]]
    ReturnConsumedCapacity: str


class TransactGetItemsOutput(TypedDict, total=False):
    ConsumedCapacity: list[ConsumedCapacity | None]
    Responses: list[ItemResponse]


class ConditionCheck(TypedDict, total=False):
    Key: Required[dict[str, Any]]
    TableName: Required[str]
    ConditionExpression: Required[str]
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class Put(TypedDict, total=False):
    Item: Required[dict[str, Any]]
    TableName: Required[str]
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class Delete(TypedDict, total=False):
    Key: Required[dict[str, Any]]
    TableName: Required[str]
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class Update(TypedDict, total=False):
    Key: Required[dict[str, Any]]
    UpdateExpression: Required[str]
    TableName: Required[str]
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class TransactWriteItem(TypedDict, total=False):
    ConditionCheck: ConditionCheck
    Put: Put
    Delete: Delete
    Update: Update


class TransactWriteItemsInput(TypedDict, total=False):
    TransactItems: Required[list[TransactWriteItem]]
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    ClientRequestToken: str


class TransactWriteItemsOutput(TypedDict, total=False):
    ConsumedCapacity: list[ConsumedCapacity | None]
    ItemCollectionMetrics: dict[str, list[ItemCollectionMetrics]]


class UntagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class AttributeValueUpdate(TypedDict, total=False):
    Value: Any
    Action: str


class UpdateItemInput(TypedDict, total=False):
    TableName: Required[str]
    Key: Required[dict[str, Any]]
    AttributeUpdates: dict[str, AttributeValueUpdate]
    Expected: dict[str, ExpectedAttributeValue]
    ConditionalOperator: str
    ReturnValues: str
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    UpdateExpression: str
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, Any]
    ReturnValuesOnConditionCheckFailure: str


class UpdateItemOutput(TypedDict, total=False):
    Attributes: dict[str, Any]
    ConsumedCapacity: ConsumedCapacity | None
    ItemCollectionMetrics: ItemCollectionMetrics


class UpdateGlobalSecondaryIndexAction(TypedDict, total=False):
    IndexName: Required[str]
    ProvisionedThroughput: ProvisionedThroughput
    OnDemandThroughput: dict[str, Any]
    WarmThroughput: dict[str, Any]


class CreateGlobalSecondaryIndexAction(TypedDict, total=False):
    IndexName: Required[str]
    KeySchema: Required[list[KeySchemaElement]]
    Projection: Required[Projection]
    ProvisionedThroughput: ProvisionedThroughput
    OnDemandThroughput: dict[str, Any]
    WarmThroughput: dict[str, Any]


class DeleteGlobalSecondaryIndexAction(TypedDict, total=False):
    IndexName: Required[str]


class GlobalSecondaryIndexUpdate(TypedDict, total=False):
    Update: UpdateGlobalSecondaryIndexAction
    Create: CreateGlobalSecondaryIndexAction
    Delete: DeleteGlobalSecondaryIndexAction


class UpdateTableInput(TypedDict, total=False):
    AttributeDefinitions: list[AttributeDefinition]
    TableName: Required[str]
    BillingMode: str
    ProvisionedThroughput: ProvisionedThroughput
    GlobalSecondaryIndexUpdates: list[GlobalSecondaryIndexUpdate]
    StreamSpecification: StreamSpecification
    SSESpecification: SSESpecification
    ReplicaUpdates: list[dict[str, Any]]
    TableClass: str
    DeletionProtectionEnabled: bool
    OnDemandThroughput: dict[str, Any]
    WarmThroughput: dict[str, Any]


class UpdateTableOutput(TypedDict, total=False):
    TableDescription: TableDescription


class TimeToLiveSpecification(TypedDict, total=False):
    Enabled: Required[bool]
    AttributeName: Required[str]


class UpdateTimeToLiveInput(TypedDict, total=False):
    TableName: Required[str]
    TimeToLiveSpecification: Required[TimeToLiveSpecification]


class UpdateTimeToLiveOutput(TypedDict, total=False):
    TimeToLiveSpecification: TimeToLiveSpecification



# -- backups -----------------------------------------------------------------------


class CreateBackupInput(TypedDict, total=False):
    TableName: Required[str]
    BackupName: Required[str]


class BackupDetails(TypedDict, total=False):
    BackupArn: Required[str]
    BackupName: Required[str]
    BackupSizeBytes: int
    BackupStatus: Required[str]
    BackupType: Required[str]
    BackupCreationDateTime: Required[float]


class CreateBackupOutput(TypedDict, total=False):
    BackupDetails: BackupDetails


class SourceTableDetails(TypedDict, total=False):
    TableName: Required[str]
    TableId: Required[str]
    TableArn: str
    TableSizeBytes: int
    KeySchema: Required[list[KeySchemaElement]]
    TableCreationDateTime: Required[float]
    ProvisionedThroughput: Required[ProvisionedThroughput]
    ItemCount: int
    BillingMode: str


class LocalSecondaryIndexInfo(TypedDict, total=False):
    IndexName: str
    KeySchema: list[KeySchemaElement]
    Projection: Projection


class GlobalSecondaryIndexInfo(TypedDict, total=False):
    IndexName: str
    KeySchema: list[KeySchemaElement]
    Projection: Projection
    ProvisionedThroughput: ProvisionedThroughput


class SourceTableFeatureDetails(TypedDict, total=False):
    LocalSecondaryIndexes: list[LocalSecondaryIndexInfo]
    GlobalSecondaryIndexes: list[GlobalSecondaryIndexInfo]
    StreamDescription: StreamSpecification
    TimeToLiveDescription: TimeToLiveDescription


class BackupDescription(TypedDict, total=False):
    BackupDetails: BackupDetails
    SourceTableDetails: SourceTableDetails
    SourceTableFeatureDetails: SourceTableFeatureDetails


class DescribeBackupInput(TypedDict, total=False):
    BackupArn: Required[str]


class DescribeBackupOutput(TypedDict, total=False):
    BackupDescription: BackupDescription


class DeleteBackupInput(TypedDict, total=False):
    BackupArn: Required[str]


class DeleteBackupOutput(TypedDict, total=False):
    BackupDescription: BackupDescription


class ListBackupsInput(TypedDict, total=False):
    TableName: str
    Limit: int
    TimeRangeLowerBound: datetime
    TimeRangeUpperBound: datetime
    ExclusiveStartBackupArn: str
    BackupType: str


class BackupSummary(TypedDict, total=False):
    TableName: str
    TableId: str
    TableArn: str
    BackupArn: str
    BackupName: str
    BackupCreationDateTime: float
    BackupStatus: str
    BackupType: str
    BackupSizeBytes: int


class ListBackupsOutput(TypedDict, total=False):
    BackupSummaries: list[BackupSummary]
    LastEvaluatedBackupArn: str


class RestoreTableFromBackupInput(TypedDict, total=False):
    TargetTableName: Required[str]
    BackupArn: Required[str]
    BillingModeOverride: str
    GlobalSecondaryIndexOverride: list[GlobalSecondaryIndex]
    LocalSecondaryIndexOverride: list[LocalSecondaryIndex]
    ProvisionedThroughputOverride: ProvisionedThroughput
    OnDemandThroughputOverride: dict[str, Any]
    SSESpecificationOverride: SSESpecification
    VectorIndexOverride: list[Any]


class RestoreTableFromBackupOutput(TypedDict, total=False):
    TableDescription: TableDescription


class RestoreTableToPointInTimeInput(TypedDict, total=False):
    SourceTableArn: str
    SourceTableName: str
    TargetTableName: Required[str]


class RestoreTableToPointInTimeOutput(TypedDict, total=False):
    TableDescription: TableDescription


# -- continuous backups (point-in-time recovery) ---------------------------------------


class PointInTimeRecoveryDescription(TypedDict, total=False):
    PointInTimeRecoveryStatus: str
    RecoveryPeriodInDays: int
    EarliestRestorableDateTime: float
    LatestRestorableDateTime: float


class ContinuousBackupsDescription(TypedDict, total=False):
    ContinuousBackupsStatus: Required[str]
    PointInTimeRecoveryDescription: PointInTimeRecoveryDescription


class DescribeContinuousBackupsInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeContinuousBackupsOutput(TypedDict, total=False):
    ContinuousBackupsDescription: ContinuousBackupsDescription


class PointInTimeRecoverySpecification(TypedDict, total=False):
    PointInTimeRecoveryEnabled: Required[bool]
    RecoveryPeriodInDays: int


class UpdateContinuousBackupsInput(TypedDict, total=False):
    TableName: Required[str]
    PointInTimeRecoverySpecification: Required[PointInTimeRecoverySpecification]


class UpdateContinuousBackupsOutput(TypedDict, total=False):
    ContinuousBackupsDescription: ContinuousBackupsDescription


# -- contributor insights and Kinesis streaming destinations -----------------------


class DescribeContributorInsightsInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str


class DescribeContributorInsightsOutput(TypedDict, total=False):
    TableName: str
    IndexName: str
    ContributorInsightsStatus: str
    LastUpdateDateTime: float
    ContributorInsightsMode: str


class UpdateContributorInsightsInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str
    ContributorInsightsAction: Required[str]
    ContributorInsightsMode: str


class UpdateContributorInsightsOutput(TypedDict, total=False):
    TableName: str
    IndexName: str
    ContributorInsightsStatus: str
    ContributorInsightsMode: str


class ListContributorInsightsInput(TypedDict, total=False):
    TableName: str
    NextToken: str
    MaxResults: int


class ContributorInsightsSummary(TypedDict, total=False):
    TableName: str
    IndexName: str
    ContributorInsightsStatus: str
    ContributorInsightsMode: str


class ListContributorInsightsOutput(TypedDict, total=False):
    ContributorInsightsSummaries: list[ContributorInsightsSummary]
    NextToken: str


class DescribeKinesisStreamingDestinationInput(TypedDict, total=False):
    TableName: Required[str]


class KinesisDataStreamDestination(TypedDict, total=False):
    StreamArn: str
    DestinationStatus: str


class DescribeKinesisStreamingDestinationOutput(TypedDict, total=False):
    TableName: str
    KinesisDataStreamDestinations: list[KinesisDataStreamDestination]
