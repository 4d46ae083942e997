"""The Schemas operations, one module per resource."""
