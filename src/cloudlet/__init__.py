"""cloudlet: a serverless cloud that runs on one machine."""

__version__ = "0.1.0"
