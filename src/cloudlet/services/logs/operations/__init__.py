"""CloudWatch Logs operations, split by resource; all register on ``logs.service``."""
