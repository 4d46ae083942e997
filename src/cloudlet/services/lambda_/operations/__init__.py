"""Lambda operations, split by resource; all register on ``lambda_.service``."""
