"""Model-driven protocols: one parser and serializer per botocore protocol."""
