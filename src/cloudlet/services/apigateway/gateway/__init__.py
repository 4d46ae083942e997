"""API Gateway's data plane: serving deployed stages of REST and HTTP APIs (see ``entry``)."""
