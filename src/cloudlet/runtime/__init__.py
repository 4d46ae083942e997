"""The Lambda runtime: execution environments, zygote, sandbox and Runtime API.

The Lambda service drives :class:`cloudlet.runtime.manager.RuntimeManager`; this package
never touches the main server's HTTP. Keep this module free of imports: the zygote and
every execution environment import ``cloudlet.runtime.*`` submodules and must not pay
for the manager's dependencies.
"""
