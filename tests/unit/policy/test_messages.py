"""AWS's access-denied messages and each service's error."""

from __future__ import annotations

from cloudlet.policy.messages import denial_message, denied_error
from cloudlet.server.context import Principal

USER = Principal.user("arn:aws:iam::111122223333:user/alice")


def test_messages_and_errors() -> None:
    text = denial_message(USER.arn, "sqs:SendMessage", "arn:aws:sqs:us-east-1:1:q", "no-session")
    assert text == (f"User: {USER.arn} is not authorized to perform: sqs:SendMessage on "
                    "resource: arn:aws:sqs:us-east-1:1:q because no session policy allows the "
                    "sqs:SendMessage action")
    assert denial_message(USER.arn, "s3:ListAllMyBuckets", "*", "identity-deny") == (
        f"User: {USER.arn} is not authorized to perform: s3:ListAllMyBuckets with an explicit "
        "deny in an identity-based policy")
    sqs = denied_error("sqs", text)
    assert (sqs.code, sqs.status) == ("AccessDenied", 403)
    assert ("x-amzn-query-error", "AccessDenied;Sender") in sqs.headers
    assert (denied_error("dynamodb", text).status, denied_error("lambda", text).status) == (400, 403)
    assert denied_error("sns", text).code == "AuthorizationError"
