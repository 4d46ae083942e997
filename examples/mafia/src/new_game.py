"""Start a new game: pick players, secretly make some of them Mafia."""

import os
import random

from game import all_players, response, save, table

HERE = os.path.dirname(__file__)


def handler(event, context):
    with table.batch_writer() as batch:
        for player in all_players():
            batch.delete_item(Key={"Name": player["Name"]})
    players = int(os.environ["NUMBER_OF_PLAYERS"])
    mafia_count = int(os.environ["NUMBER_OF_MAFIA"])
    with open(os.path.join(HERE, "names.txt")) as f:
        names = random.sample([line.strip() for line in f if line.strip()], players)
    mafia = set(random.sample(range(players), mafia_count))
    for i, name in enumerate(names):
        save({"Name": name, "TrueIdentity": "Mafia" if i in mafia else "Innocent",
              "Identity": "Uncovered"})
    return response({"Message": [f"A new game with {players} players begins",
                                 f"{mafia_count} of them are Mafia"], "Players": names})
