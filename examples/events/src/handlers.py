"""The events example's functions: each records what triggered it in the ``activity`` table.

One module, several handlers, as serverless apps often have; the table name comes from the
environment, the client from boto3 (``AWS_ENDPOINT_URL`` points it at cloudlet).
"""

import json
import os
import time

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ACTIVITY_TABLE"])


def record(source, what, detail):
    table.put_item(Item={"source": source, "at": f"{time.time():.6f}", "what": what,
                         "detail": json.dumps(detail)[:2000]})


def on_upload(event, context):
    """S3 ObjectCreated notifications."""
    for r in event["Records"]:
        record("s3", f"{r['eventName']} {r['s3']['object']['key']}", {"size": r["s3"]["object"]["size"]})


def on_alert(event, context):
    """SNS messages."""
    for r in event["Records"]:
        record("sns", r["Sns"]["Subject"] or r["Sns"]["Message"], {"message": r["Sns"]["Message"]})


def on_order(event, context):
    """SQS messages, through an event source mapping; a bad order fails alone."""
    failures = []
    for r in event["Records"]:
        order = json.loads(r["body"])
        if order.get("quantity", 0) <= 0:
            failures.append({"itemIdentifier": r["messageId"]})
            continue
        record("sqs", f"order {order['id']} x{order['quantity']}", order)
    return {"batchItemFailures": failures}


def on_click(event, context):
    """Kinesis records, through an event source mapping."""
    import base64

    for r in event["Records"]:
        click = json.loads(base64.b64decode(r["kinesis"]["data"]))
        record("kinesis", f"click on {click['page']} (shard {r['eventID'].split(':')[0]})", click)


def tick(event, context):
    """A schedule."""
    record("schedule", f"{event.get('detail-type', 'scheduled')} {event.get('time', '')}".strip(), event)


def always_fails(event, context):
    """An asynchronous invocation that fails: it ends in the dead-letter queue."""
    raise RuntimeError(f"cannot process {event.get('job')}")
