"""Event source mappings: Lambda polling SQS queues, DynamoDB streams and Kinesis streams
and invoking functions with batches of their records."""
