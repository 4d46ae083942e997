"""Day: every living player accuses someone; the Mafia never accuses its own."""

import random

from game import living, response


def handler(event, context):
    alive = living()
    innocent = [p for p in alive if p["TrueIdentity"] == "Innocent"]
    message = ["Players see the dead body and make their accusations"]
    for player in alive:
        suspects = innocent if player["TrueIdentity"] == "Mafia" else alive
        suspects = [p for p in suspects if p["Name"] != player["Name"]]
        if suspects:
            message.append(f"{player['Name']} blames {random.choice(suspects)['Name']}")
    message.append("Who is the Mafia?")
    return response({"Message": message})
