"""The town sentences one player, whose true identity is then revealed."""

import base64
import json

from game import living, response, save


def requested_name(event):
    """The player to judge: ``/judgement/{name}`` or a JSON body ``{"Name": ...}`` through
    API Gateway's proxy integration, or the event itself when invoked directly."""
    name = (event.get("pathParameters") or {}).get("name")
    if name:
        return name
    body = event.get("body")
    if isinstance(body, str):
        if event.get("isBase64Encoded"):
            body = base64.b64decode(body).decode()
        return (json.loads(body or "{}") or {}).get("Name")
    return event.get("Name")


def handler(event, context):
    name = requested_name(event)
    matches = [p for p in living() if p["Name"] == name]
    if not matches:
        return response({"Message": f"Player with name {name} not found"}, 404)
    sentenced = matches[0]
    if sentenced["TrueIdentity"] == "Mafia":
        sentenced["Identity"] = "Correctly sentenced"
        message = ["Mafia has been uncovered!",
                   f"Guilty member of mafia {sentenced['Name']} has been sentenced!"]
    else:
        sentenced["Identity"] = "Incorrectly sentenced"
        message = ["Mafia has not been uncovered!",
                   f"Innocent {sentenced['Name']} has been sentenced unfairly"]
    save(sentenced)
    return response({"Message": message})
