"""SQS's operations, one module per resource; ``common`` finds the queue a request names."""
