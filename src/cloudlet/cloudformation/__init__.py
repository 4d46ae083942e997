"""The stack engine: templates evaluated, resources created, updated and deleted through
resource providers (``providers/``) that reach every service through
``cloudlet.server.internal.call``, stack events recorded, failures rolled back."""
