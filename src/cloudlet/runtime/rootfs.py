"""An execution environment's root filesystem, made of the runtime's files only.

Lambda's environment sees a read-only root holding the runtime (``/var/runtime``,
``/var/lang``), the code at ``/var/task``, the layers at ``/opt``, a private writable
``/tmp`` and its own ``/proc``; nothing else of the host. We build the same from an
allow-list, in the environment's private mount namespace, then ``pivot_root`` into it:

- a small tmpfs is the new root (read-only once built);
- the system folders (``/usr``, ``/etc``, ``/bin``... symbolic links copied as links) are
  bind-mounted read-only, ``/etc/shadow``-like files covered by an unreadable empty file;
- the folders the runtime needs (the interpreter, its stdlib and site-packages, cloudlet's
  own package, Node's folder) at their own paths, read-only; their parent folders exist
  on the new root only, so a private ``/root`` holding the interpreter is not exposed;
- ``read_only`` mounts (code, layers), a tmpfs ``/tmp`` of the function's
  EphemeralStorage size, a fresh ``/proc`` and a ``/dev`` of a few harmless devices.

Not visible: ``/home``, ``/root`` (but the kept interpreter), the host's ``/tmp``, the
project and data folders, other functions' code, ``/sys`` (no cgroup or sysfs file at all).
Every source is opened (``O_PATH``) before the new root covers ``/tmp``, so sources under
the host's ``/tmp`` stay reachable.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import stat
from collections.abc import Sequence

from cloudlet.runtime import sandbox

SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
# secrets in /etc that an environment must not read
SECRET_FILES = ("/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-",
                "/etc/sudoers", "/etc/ssh", "/etc/ssl/private")
DEVICES = ("null", "zero", "full", "random", "urandom")
DEV_LINKS = {"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
             "stderr": "/proc/self/fd/2"}
NEW_ROOT = "/tmp"  # where the root is assembled (in the private namespace only)

MS_SLAVE = 1 << 19
MNT_DETACH = 2
AT_RECURSIVE = 0x8000
MOUNT_ATTR_RDONLY = 1
# mount_setattr(2) has the same number on every architecture (since 5.12)
SYS_MOUNT_SETATTR = 442
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine(), -1)


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def supported() -> bool:
    return SYS_PIVOT_ROOT >= 0


def pivot_root(new_root: str) -> None:
    """Make ``new_root`` the root and detach the old one (``pivot_root(".", ".")``)."""
    os.chdir(new_root)
    result = sandbox.libc().syscall(ctypes.c_long(SYS_PIVOT_ROOT), b".", b".")
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"pivot_root: {os.strerror(err)}")
    _check(sandbox.libc().umount2(b".", ctypes.c_int(MNT_DETACH)), "umount old root")
    os.chdir("/")


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def read_only_tree(path: str) -> None:
    """Make a mount and every mount below it read-only (the top one at least)."""
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    result = sandbox.libc().syscall(
        ctypes.c_long(SYS_MOUNT_SETATTR), ctypes.c_int(-100), path.encode(),
        ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)))
    if result != 0:  # an older kernel: the top mount only
        sandbox.mount("none", path, None, sandbox.MS_BIND | sandbox.MS_REMOUNT | sandbox.MS_RDONLY, None)


def _bind(fd: int, target: str) -> None:
    sandbox.mount(f"/proc/self/fd/{fd}", target, None, sandbox.MS_BIND | sandbox.MS_REC, None)
    read_only_tree(target)


def _covered(path: str, roots: Sequence[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def _make_at(root: str, path: str, is_dir: bool) -> str:
    target = root + path
    if is_dir:
        os.makedirs(target, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        if not os.path.exists(target):
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o000))
    return target


class Prepared:
    """A root assembled at ``NEW_ROOT`` with everything that does not depend on the
    function (system folders, ``/dev``, ``/proc``, a ``/tmp`` of ``tmp_mb``), in this
    process's private mount namespace, not yet entered: ``finish`` adds the function's
    folders and pivots. A spare environment prepares ahead of need, so a cold start only
    binds its code and pivots. ``host_tmp`` is the host's ``/tmp``, opened before the new
    root covered it: sources below it are opened through it."""

    def __init__(self, host_tmp: int, real_system: list[str], tmp_mb: int) -> None:
        self.host_tmp = host_tmp
        self.real_system = real_system
        self.tmp_mb = tmp_mb


def enter(
    *,
    keep: Sequence[str],
    read_only: Sequence[tuple[Sequence[str], str]],
    tmp_mb: int,
    proc: bool,
    shared: Sequence[str] = (),
) -> None:
    """In fresh mount and IPC namespaces (made here), build the root and pivot into it.

    ``shared``: host folders seen read-write at their own path (``CLOUDLET_FUNCTION_SHARED_DIRS``,
    a test and debugging aid announced in the server log)."""
    finish(prepare(proc=proc, tmp_mb=tmp_mb), keep=keep, read_only=read_only, tmp_mb=tmp_mb,
           shared=shared)


def prepare(*, proc: bool, tmp_mb: int = 512) -> Prepared:
    """Fresh mount and IPC namespaces and the function-independent part of the root."""
    sandbox.unshare(sandbox.CLONE_NEWNS | sandbox.CLONE_NEWIPC)
    sandbox.mount("none", "/", None, sandbox.MS_REC | sandbox.MS_PRIVATE, None)
    system = [d for d in SYSTEM_DIRS if os.path.lexists(d)]
    real_system = [os.path.realpath(d) for d in system if not os.path.islink(d)]
    fds: dict[str, int] = {}
    host_tmp = os.open(NEW_ROOT, os.O_PATH | os.O_DIRECTORY)
    try:
        for path in real_system:
            if path not in fds:
                fds[path] = os.open(path, os.O_PATH)
        devices = {name: os.open(f"/dev/{name}", os.O_PATH) for name in DEVICES
                   if os.path.exists(f"/dev/{name}")}
        fds.update({f"/dev/{name}": fd for name, fd in devices.items()})
        _assemble(NEW_ROOT, system, devices, fds, tmp_mb, proc)
    except BaseException:
        os.close(host_tmp)
        raise
    finally:
        for fd in fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
    return Prepared(host_tmp, real_system, tmp_mb)


def finish(
    prepared: Prepared,
    *,
    keep: Sequence[str],
    read_only: Sequence[tuple[Sequence[str], str]],
    tmp_mb: int,
    shared: Sequence[str] = (),
) -> None:
    """Bind the function's folders into a prepared root and pivot into it."""
    root = NEW_ROOT
    kept = sorted({_real(p) for p in keep if _exists(prepared, p)})
    kept = [p for p in kept if not _covered(p, prepared.real_system)]
    kept = [p for i, p in enumerate(kept) if not _covered(p, kept[:i])]  # parents first
    writable = [_real(p) for p in shared if _is_dir(prepared, p)]
    fds: dict[str, int] = {}
    try:
        for path in [*kept, *writable, *(s for sources, _ in read_only for s in sources)]:
            if path not in fds:
                fds[path] = _open_host(prepared, path)
        if tmp_mb != prepared.tmp_mb:
            sandbox.mount("tmpfs", root + "/tmp", "tmpfs",
                          sandbox.MS_REMOUNT | sandbox.MS_NOSUID | sandbox.MS_NODEV,
                          f"size={tmp_mb}m,mode=1777")
        # one under the host's /tmp (a checkout there) is bound read-only inside the
        # function's /tmp instead of being covered by it
        for path in kept:
            _bind(fds[path], _make_at(root, path, stat.S_ISDIR(os.fstat(fds[path]).st_mode)))
        for sources, target in read_only:
            made = _make_at(root, target, True)
            if len(sources) == 1:
                _bind(fds[sources[0]], made)
            else:  # overlayfs wants real paths: stage each layer on the new root, merge, unstage
                staged = []
                for i, source in enumerate(sources):
                    staged.append(_make_at(root, f"/.layers/{i}", True))
                    _bind(fds[source], staged[-1])
                sandbox.overlay_read_only(staged, made)
                for path in staged:
                    _check(sandbox.libc().umount2(path.encode(), ctypes.c_int(MNT_DETACH)), "umount layer")
        for path in writable:
            sandbox.mount(f"/proc/self/fd/{fds[path]}", _make_at(root, path, True), None,
                          sandbox.MS_BIND | sandbox.MS_REC, None)
    finally:
        for fd in fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        os.close(prepared.host_tmp)
    pivot_root(root)
    sandbox.mount("none", "/", None,
                  sandbox.MS_BIND | sandbox.MS_REMOUNT | sandbox.MS_RDONLY | sandbox.MS_NOSUID | sandbox.MS_NODEV,
                  None)


def _host_relative(path: str) -> str | None:
    """``path`` below the host's ``/tmp`` (now covered by the new root), relative to it."""
    real = os.path.abspath(path)
    if real == NEW_ROOT:
        return "."
    if real.startswith(NEW_ROOT + "/"):
        return real[len(NEW_ROOT) + 1:]
    return None


def _real(path: str) -> str:
    """``os.path.realpath``, but not through the new root: a path below the host's
    ``/tmp`` is only made absolute (LIMITATION: a symbolic link there is not resolved)."""
    if _host_relative(path) is None:
        return os.path.realpath(path)
    return os.path.abspath(path)


def _open_host(prepared: Prepared, path: str) -> int:
    """``O_PATH`` descriptor of a host path, seen through the host's ``/tmp`` if below it."""
    relative = _host_relative(path)
    if relative is None:
        return os.open(path, os.O_PATH)
    return os.open(relative, os.O_PATH, dir_fd=prepared.host_tmp)


def _exists(prepared: Prepared, path: str) -> bool:
    try:
        os.close(_open_host(prepared, path))
    except OSError:
        return False
    return True


def _is_dir(prepared: Prepared, path: str) -> bool:
    try:
        fd = _open_host(prepared, path)
    except OSError:
        return False
    try:
        return stat.S_ISDIR(os.fstat(fd).st_mode)
    finally:
        os.close(fd)


def _assemble(
    root: str,
    system: Sequence[str],
    devices: dict[str, int],
    fds: dict[str, int],
    tmp_mb: int,
    proc: bool,
) -> None:
    sandbox.mount("tmpfs", root, "tmpfs", sandbox.MS_NOSUID | sandbox.MS_NODEV, "mode=755,size=4m")
    for d in system:
        if os.path.islink(d):
            os.symlink(os.readlink(d), root + d)
        else:
            _bind(fds[os.path.realpath(d)], _make_at(root, d, True))
    for secret in SECRET_FILES:
        if os.path.lexists(root + secret) and not os.path.islink(secret):
            hide = "/proc/self/fd/{}"
            if os.path.isdir(secret):
                sandbox.mount("tmpfs", root + secret, "tmpfs", sandbox.MS_RDONLY, "mode=000,size=4k")
            else:
                blank = _make_at(root, "/.hidden", False)
                fd = os.open(blank, os.O_PATH)
                try:
                    sandbox.mount(hide.format(fd), root + secret, None, sandbox.MS_BIND, None)
                finally:
                    os.close(fd)
    # The function's /tmp comes before the kept paths (``finish``)
    sandbox.mount("tmpfs", _make_at(root, "/tmp", True), "tmpfs", sandbox.MS_NOSUID | sandbox.MS_NODEV,
                  f"size={tmp_mb}m,mode=1777")
    os.makedirs(root + "/var/task", mode=0o755, exist_ok=True)
    dev = _make_at(root, "/dev", True)
    sandbox.mount("tmpfs", dev, "tmpfs", sandbox.MS_NOSUID, "mode=755,size=64k")
    for name, fd in devices.items():
        sandbox.mount(f"/proc/self/fd/{fd}", _make_at(root, f"/dev/{name}", False), None, sandbox.MS_BIND, None)
    for name, link in DEV_LINKS.items():
        os.symlink(link, f"{dev}/{name}")
    sandbox.mount("none", dev, None, sandbox.MS_BIND | sandbox.MS_REMOUNT | sandbox.MS_RDONLY | sandbox.MS_NOSUID, None)
    if proc:
        sandbox.mount("proc", _make_at(root, "/proc", True), "proc",
                      sandbox.MS_NOSUID | sandbox.MS_NODEV | sandbox.MS_NOEXEC, None)
    else:  # the host's /proc (no PID namespace): still needed by the runtime
        fd = os.open("/proc", os.O_PATH)
        try:
            _bind(fd, _make_at(root, "/proc", True))
        finally:
            os.close(fd)
