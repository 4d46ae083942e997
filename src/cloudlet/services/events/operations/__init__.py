"""EventBridge's API operations, one module per resource."""
