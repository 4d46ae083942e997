"""IAM's operations, one module per kind of entity, registered on one service."""
