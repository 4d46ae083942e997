"""CloudWatch's operations, by resource: metric data, alarms, tags."""
