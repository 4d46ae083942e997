"""Lets the functions run with handlers such as ``src/new_game.handler`` (serverless.yml):
the runtime then imports this folder as the package ``src``, and the modules' own
``from game import ...`` needs the folder itself on the import path, as when the files sit
at the package root (``app.py``'s zip)."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
