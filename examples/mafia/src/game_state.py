"""Everyone's public state, read from the Masked index so true identities stay hidden."""

from game import response, table


def handler(event, context):
    items = table.scan(IndexName="Masked")["Items"]
    return response(sorted(items, key=lambda p: p["Name"]))
