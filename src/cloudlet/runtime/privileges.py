"""Dropping the runtime process's privileges, as Lambda runs code as ``sbx_user1051``.

The runtime (forked from the environment's init, which stays root in its own PID and mount
namespaces) becomes uid/gid 993 with no supplementary groups, an empty capability bounding
set, no effective, permitted, inheritable or ambient capability, and ``PR_SET_NO_NEW_PRIVS``
(a setuid binary cannot give any back). Done in this order: the bounding set needs
CAP_SETPCAP, ``setresuid`` from root clears the other sets.
"""

from __future__ import annotations

import ctypes
import os

from cloudlet.runtime import sandbox

SANDBOX_UID = 993  # Lambda's sbx_user1051
SANDBOX_GID = 990
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def last_cap() -> int:
    try:
        with open("/proc/sys/kernel/cap_last_cap") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 63


def drop(uid: int = SANDBOX_UID, gid: int = SANDBOX_GID) -> None:
    """Become ``uid``/``gid`` with no capability at all; raises OSError if the OS refuses."""
    libc = sandbox.libc()
    for cap in range(_LAST_CAP + 1):
        libc.prctl(ctypes.c_int(PR_CAPBSET_DROP), ctypes.c_ulong(cap), 0, 0, 0)
    libc.prctl(ctypes.c_int(PR_CAP_AMBIENT), ctypes.c_ulong(PR_CAP_AMBIENT_CLEAR_ALL), 0, 0, 0)
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if libc.capset(ctypes.byref(header), data) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"capset: {os.strerror(err)}")
    sandbox.prctl(PR_SET_NO_NEW_PRIVS, 1)


_LAST_CAP = last_cap()  # read once where this is imported (the zygote), not in each environment
