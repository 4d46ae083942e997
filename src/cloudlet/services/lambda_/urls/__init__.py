"""Function URLs: an HTTPS endpoint per function or alias, invoked with the payload 2.0
event.

https://docs.aws.amazon.com/lambda/latest/dg/lambda-urls.html
- ``operations``: Create/Get/Update/Delete/ListFunctionUrlConfigs.
- ``store``: the URL configurations of every account, keyed by their URL id (requests
  to a URL carry no credentials: the id alone names the function, as on AWS).
- ``serve``: ``http://{url-id}.lambda-url.{region}.localhost:{port}/...`` and the path
  form ``http://localhost:{port}/_cloudlet/lambda-url/{url-id}/...``: AuthType NONE and
  AWS_IAM, CORS, the event, the function's answer.
"""
