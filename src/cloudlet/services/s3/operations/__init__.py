"""S3 operations, one module per resource, registered on ``registry.service``."""
