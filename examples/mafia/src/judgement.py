"""The town sentences one player, whose true identity is then revealed."""

import json

from game import living, response, save


def handler(event, context):
    body = event.get("body")
    request = json.loads(body) if isinstance(body, str) else event
    name = (request or {}).get("Name")
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
