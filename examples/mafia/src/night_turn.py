"""Night: the Mafia kills one innocent player."""

import random

from game import living, response, save


def handler(event, context):
    innocent = living("Innocent")
    if not innocent:
        return response({"Message": ["Mafia wins: no innocent player is left"]})
    victim = random.choice(innocent)
    victim["Identity"] = "Killed by mafia"
    save(victim)
    return response({"Message": ["Night, time to sleep", "Mafia awakes",
                                 f"Mafia kills {victim['Name']}", "Mafia sleeps"]})
