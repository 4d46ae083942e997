// Projects DestinationProposed events from EventsTable's stream into DestinationsTable:
// one item per destination, its latest proposal. Uses the AWS SDK when the runtime has it
// (AWS's nodejs runtimes do); otherwise calls DynamoDB's JSON API at AWS_ENDPOINT_URL
// directly, as cloudlet (with --auth off) accepts.

let sdk = null
try {
  sdk = require('@aws-sdk/client-dynamodb')
} catch (e) {
  sdk = null
}

const client = sdk ? new sdk.DynamoDBClient({}) : null

async function putItem (TableName, Item) {
  if (client) {
    await client.send(new sdk.PutItemCommand({ TableName, Item }))
    return
  }
  const region = process.env.AWS_REGION
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '')
  const res = await fetch(process.env.AWS_ENDPOINT_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.PutItem',
      authorization: `AWS4-HMAC-SHA256 Credential=${process.env.AWS_ACCESS_KEY_ID}/${day}/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=unsigned`
    },
    body: JSON.stringify({ TableName, Item })
  })
  if (!res.ok) {
    throw new Error(`PutItem failed: ${res.status} ${await res.text()}`)
  }
}

exports.handler = async (event) => {
  let projected = 0
  for (const record of event.Records || []) {
    const image = record.dynamodb && record.dynamodb.NewImage
    if (record.eventName !== 'INSERT' || !image || image.Type.S !== 'DestinationProposed') {
      continue
    }
    await putItem(process.env.DESTINATIONS_TABLE, {
      Name: image.Name,
      Status: { S: 'proposed' },
      LastEventId: image.EventId,
      ProposedAt: image.ProposedAt
    })
    projected += 1
  }
  console.log(`projected ${projected} proposal(s)`)
  return { projected }
}
