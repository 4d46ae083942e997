"""POST /destination: an editor proposes a destination; the proposal is appended to the
destination's event stream in EventsTable (StreamName + a new EventId)."""

import json
import os
import time
import uuid

import boto3

table = boto3.resource("dynamodb").Table(os.environ["EVENTS_TABLE"])


def _answer(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"},
            "body": json.dumps(body)}


def handler(event, context):
    try:
        proposal = json.loads(event.get("body") or "{}")
    except ValueError:
        return _answer(400, {"message": "the body must be JSON"})
    name = proposal.get("name") if isinstance(proposal, dict) else None
    if not isinstance(name, str) or not name.strip():
        return _answer(400, {"message": "a destination needs a name"})
    event_id = str(uuid.uuid4())
    table.put_item(Item={
        "StreamName": f"destination-{name.strip().lower().replace(' ', '-')}",
        "EventId": event_id,
        "Type": "DestinationProposed",
        "Name": name.strip(),
        "ProposedAt": int(time.time()),
    })
    return _answer(201, {"eventId": event_id})
