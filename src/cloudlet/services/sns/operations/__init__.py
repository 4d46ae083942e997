"""SNS operations, split by resource; all register on ``sns.registry.service``."""
