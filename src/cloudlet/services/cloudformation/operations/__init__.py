"""The CloudFormation API's operations, one module per resource of the API."""
