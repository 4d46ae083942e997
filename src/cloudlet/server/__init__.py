"""The cloudlet server: ASGI app, edge routing, model-driven protocols, errors."""
