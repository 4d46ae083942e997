"""The Kinesis operations, by resource: streams, shards, records, consumers, tags."""
