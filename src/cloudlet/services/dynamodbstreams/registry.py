"""The DynamoDB Streams service object (JSON 1.0, target DynamoDBStreams_20120810)."""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service("dynamodbstreams", error_prefix="com.amazonaws.dynamodb.v20120810#")
