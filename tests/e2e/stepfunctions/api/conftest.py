"""Small definitions for the Step Functions control-plane tests."""

from __future__ import annotations

import json

ROLE = "arn:aws:iam::000000000000:role/sfn-role"
PASS = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
PASS2 = json.dumps({"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 1,
                                                     "End": True}}})
