"""The Step Functions service object (botocore's ``stepfunctions``, endpoint prefix
``states``, JSON 1.0 with target prefix ``AWSStepFunctions``)."""

from __future__ import annotations

from cloudlet.server.service import Service

service = Service("stepfunctions")
