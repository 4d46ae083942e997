"""EventBridge Scheduler's API operations, one module per resource."""
