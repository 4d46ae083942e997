"""DynamoDB API operations, one module per resource, all registered on one ``service``."""
