"""Isolation of execution environments: cgroups (v1 or v2), namespaces, rlimits.

Lambda runs each execution environment in its own microVM: its own /tmp, its own process
tree, a hard memory limit, and it is frozen between invocations. On one machine we get
close with what the kernel offers, detected at start, never assumed:

- memory limit: a memory cgroup per environment (v1 ``memory.limit_in_bytes`` or v2
  ``memory.max``); the kernel's OOM killer ends the environment and the manager reports
  ``Runtime.OutOfMemory``. Without one: ``RLIMIT_AS`` with headroom for the interpreter,
  and a ``MemoryError`` in the handler is reported as ``Runtime.OutOfMemory``.
- freezing: v1 freezer ``freezer.state`` or v2 ``cgroup.freeze``; else ``SIGSTOP``/``SIGCONT``
  of the environment's process group (isolation "auto" only).
- a PID namespace per environment (the environment's init is pid 1, the runtime pid 2) and
  a mount namespace with a private tmpfs on /tmp, a fresh /proc, the code read-only at
  /var/task and the layers at /opt (``layout.py``).
- ``pids.max`` 1024 (Lambda's process/thread limit) where the pids controller exists; a
  fork that fails at it ends the environment as ``Runtime.ExitError`` (``environment.py``
  checks ``pids.events`` on each result and every 50 ms while an invocation runs).
- CPU in proportion to memory: ``cpu.shares``/``cpu.weight`` at once, and once init is done
  a quota of one core per 1,769 MB (``cpu.cfs_quota_us`` or ``cpu.max``).
- the environment's own root (``rootfs.py``): read-only, made of the system folders, the
  interpreter, cloudlet's package and the code and layers; a tmpfs ``/tmp`` of the
  function's EphemeralStorage size (ENOSPC beyond); no ``/sys``; an IPC namespace.
- the runtime runs as uid 993 / gid 990 with no capability, an empty bounding set and
  ``PR_SET_NO_NEW_PRIVS`` (``privileges.py``); its init stays root inside the namespaces.
- output: one log event is cut at 256 KB; one invocation's output beyond 8 MB is dropped
  (a line says so), so a flood does not grow the server's memory.

Each of these is probed at start (``zygote.probe_namespaces``); what the OS refuses is left
out and the one ``cloudlet: isolation:`` line says so.

Python 3.11 has no ``os.unshare``/``os.setns``: they are called through ctypes.

LIMITATIONS
- The network namespace (``netns.py``, ``--function-network isolated``, the default) costs
  a few milliseconds of cold start; ``host`` gives the host's loopback, every port.
- /tmp is a tmpfs: what a function writes there counts against its memory limit (Lambda's
  /tmp is disk), so a 128 MB function cannot fill a 512 MB /tmp.
- Every environment shares uid 993 (as on Lambda); without a PID namespace they could
  signal one another. No user namespace is used (the server runs as root).
- ``CLOUDLET_FUNCTION_SHARED_DIRS`` (tests) shows host folders read-write to every function.
- cgroup v2 memory needs the controller delegated to the server's cgroup; when the server's
  own cgroup holds processes (the "no internal processes" rule) it is reported unavailable.
- Without root or without ``pivot_root`` the old view applies: the host's root read-only
  only where mounted so, the handler as the server's user.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_RDONLY = 1
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36

PIDS_MAX = 1024
VCPU_MB = 1769  # Lambda: 1,769 MB of memory get one vCPU's worth of CPU time
CPU_PERIOD_US = 100_000

_libc: ctypes.CDLL | None = None


def libc() -> ctypes.CDLL:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    _check(libc().unshare(ctypes.c_int(flags)), "unshare")


def setns(fd: int, nstype: int) -> None:
    _check(libc().setns(ctypes.c_int(fd), ctypes.c_int(nstype)), "setns")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    _check(
        libc().mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def prctl(option: int, value: int) -> None:
    _check(libc().prctl(ctypes.c_int(option), ctypes.c_ulong(value), 0, 0, 0), "prctl")


def die_with_parent() -> None:
    """SIGKILL this process when its parent dies, so nothing outlives the server."""
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def private_mounts(
    tmp: bool,
    proc: bool,
    keep: Sequence[str] = (),
    read_only: Sequence[tuple[Sequence[str], str]] = (),
    tmp_mb: int = 512,
) -> None:
    """In a new mount namespace: stop propagation, read-only mounts, private tmpfs /tmp,
    /proc of our PID ns.

    ``read_only``: (host folders, target) pairs: one folder is bind-mounted at the target,
    several are merged by a read-only overlayfs (the last one on top); the code at
    /var/task and the layers at /opt. They are made first, so sources under /tmp are
    still reachable.
    ``keep``: folders under /tmp that must stay visible (the server's interpreter, code
    used at its own path); they are bind-mounted, read-only, into the new /tmp.
    """
    unshare(CLONE_NEWNS)
    mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    for sources, target in read_only:
        graft_dir(target)
        if len(sources) == 1:
            bind_read_only(sources[0], target)
        else:
            overlay_read_only(sources, target)
    held = []
    if tmp:
        for path in keep:
            real = os.path.realpath(path)
            if real == "/tmp" or real.startswith("/tmp/"):
                held.append((os.open(real, os.O_PATH | os.O_DIRECTORY), real))
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,mode=1777")
    if proc:
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)
    for fd, real in held:
        os.makedirs(real, exist_ok=True)
        bind_read_only(f"/proc/self/fd/{fd}", real)
        os.close(fd)


def bind_read_only(source: str, target: str) -> None:
    mount(source, target, None, MS_BIND | MS_REC, None)
    mount("none", target, None, MS_BIND | MS_REMOUNT | MS_RDONLY, None)


def overlay_read_only(sources: Sequence[str], target: str) -> None:
    """Merge ``sources`` at ``target``; a file of a later source hides an earlier one's.

    An overlayfs with lower layers only is read-only.
    """
    escaped = [os.path.realpath(s).replace("\\", "\\\\").replace(":", "\\:") for s in sources]
    lower = ":".join(reversed(escaped))  # the first lower folder is the top one
    mount("overlay", target, "overlay", MS_RDONLY | MS_NOSUID | MS_NODEV, f"lowerdir={lower}")


def graft_dir(path: str) -> None:
    """Make the folder ``path`` exist in this mount namespace without touching the host.

    If it is missing, its parent (``/var`` for ``/var/task``) is covered by a tmpfs in which
    each of the parent's entries is bind-mounted back (symbolic links copied), ``path`` is
    created, and the tmpfs is made read-only. Run only in a private mount namespace.
    """
    if os.path.isdir(path):
        return
    parent = os.path.dirname(path.rstrip("/"))
    graft_dir(parent)
    fd = os.open(parent, os.O_PATH | os.O_DIRECTORY)
    try:
        old = f"/proc/self/fd/{fd}"
        names = os.listdir(old)
        mount("tmpfs", parent, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m")
        for name in names:
            source, target = os.path.join(old, name), os.path.join(parent, name)
            with contextlib.suppress(OSError):  # an entry we cannot re-expose stays hidden
                if os.path.islink(source):
                    os.symlink(os.readlink(source), target)
                    continue
                if os.path.isdir(source):
                    os.mkdir(target)
                else:
                    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o644))
                mount(source, target, None, MS_BIND | MS_REC, None)
        os.mkdir(path, 0o755)
        mount("none", parent, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    finally:
        os.close(fd)


# --- cgroups (manager side) -----------------------------------------------------------------
@dataclass
class Cgroups:
    """Where per-environment cgroups go, as detected at start."""

    memory_v1: Path | None = None
    freezer_v1: Path | None = None
    pids_v1: Path | None = None
    cpu_v1: Path | None = None
    v2: Path | None = None
    v2_memory: bool = False
    v2_pids: bool = False
    v2_cpu: bool = False
    created: list[Path] = field(default_factory=list)

    @property
    def memory(self) -> str | None:
        if self.memory_v1:
            return "v1"
        return "v2" if self.v2 and self.v2_memory else None

    @property
    def freezer(self) -> str | None:
        if self.freezer_v1:
            return "v1"
        return "v2" if self.v2 else None

    def bases(self) -> list[Path]:
        return [p for p in (self.memory_v1, self.freezer_v1, self.pids_v1, self.cpu_v1, self.v2) if p]

    def remove(self) -> bool:
        """Remove our folders; False while some are still busy (retry later)."""
        return all([_rmdir(base) for base in self.bases()])


def _mounts() -> list[tuple[str, str, set[str]]]:
    """(mount point, fstype, super options) of cgroup mounts."""
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            fields = left.split()
            fstype, _source, options = (right.split() + ["", "", ""])[:3]
            if fstype in ("cgroup", "cgroup2"):
                found.append((fields[4], fstype, set(options.split(","))))
    return found


def _own_paths() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path."""
    paths: dict[str, str] = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for name in controllers.split(",") if controllers else [""]:
                paths[name] = path
    return paths


def _reap_stale(parent: Path) -> None:
    """Remove cgroups left by a cloudlet that died without stopping (``cloudlet-PID-*`` of
    a PID that no longer runs): thaw them (a frozen process cannot die), kill what is left,
    remove them."""
    try:
        entries = list(parent.glob("cloudlet-*-*"))
    except OSError:
        return
    for base in entries:
        owner = base.name.split("-")[1]
        if not owner.isdigit() or os.path.exists(f"/proc/{owner}"):
            continue
        # Another server starting at the same moment may be reaping it too.
        with contextlib.suppress(FileNotFoundError):
            _reap(base)


def _reap(base: Path) -> None:
    """Thaw and kill what is left in a dead server's cgroup, then remove it."""
    for env in [d for d in base.iterdir() if d.is_dir()] + [base]:
        with contextlib.suppress(OSError):
            if (env / "freezer.state").exists():
                _write(env / "freezer.state", "THAWED")
            elif (env / "cgroup.freeze").exists():
                _write(env / "cgroup.freeze", "0")
        for pid in _read(env / "cgroup.procs").split():
            with contextlib.suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
    for env in [d for d in base.iterdir() if d.is_dir()]:
        for _ in range(20):
            if _rmdir(env):
                break
            time.sleep(0.005)
    _rmdir(base)


def _make_base(mountpoint: str, own: str, name: str) -> Path | None:
    base = Path(mountpoint) / own.lstrip("/") / name
    _reap_stale(base.parent)
    try:
        base.mkdir(exist_ok=True)
    except OSError:
        return None
    return base


def detect_cgroups(name: str) -> Cgroups:
    """Find writable cgroup hierarchies and create ``name`` under this process's cgroups."""
    found = Cgroups()
    if os.geteuid() != 0:
        return found
    try:
        mounts, own = _mounts(), _own_paths()
    except OSError:
        return found
    for mountpoint, fstype, options in mounts:
        if fstype == "cgroup":
            for controller in ("memory", "freezer", "pids", "cpu"):
                if controller in options and getattr(found, f"{controller}_v1") is None:
                    base = _make_base(mountpoint, own.get(controller, "/"), name)
                    setattr(found, f"{controller}_v1", base)
        elif fstype == "cgroup2" and found.v2 is None:
            base = _make_base(mountpoint, own.get("", "/"), name)
            if base is not None and (base / "cgroup.freeze").exists():
                found.v2 = base
                found.v2_memory = _enable_v2(base, "memory") if not found.memory_v1 else False
                found.v2_pids = _enable_v2(base, "pids") if not found.pids_v1 else False
                found.v2_cpu = _enable_v2(base, "cpu") if not found.cpu_v1 else False
            elif base is not None:
                _rmdir(base)
    return found


def _enable_v2(base: Path, controller: str) -> bool:
    """Delegate ``controller`` to our sub-tree of the v2 hierarchy, if the parent allows."""
    for cgroup in (base.parent, base):
        try:
            if controller not in (cgroup / "cgroup.controllers").read_text().split():
                return False
            enabled = (cgroup / "cgroup.subtree_control").read_text().split()
            if controller not in enabled:
                (cgroup / "cgroup.subtree_control").write_text(f"+{controller}")
        except OSError:
            return False
    return True


def _write(path: Path, value: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _read(path: Path) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def _rmdir(path: Path) -> bool:
    """Remove an (empty) cgroup; False if it is still busy."""
    try:
        path.rmdir()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


class EnvironmentCgroups:
    """The cgroups of one execution environment."""

    def __init__(self, cgroups: Cgroups, env_id: str, memory_mb: int) -> None:
        self.cgroups = cgroups
        self.dirs: list[Path] = []
        self.memory: Path | None = None
        self.freezer: Path | None = None
        self.v2: Path | None = None
        self.pids: Path | None = None
        self.cpu: Path | None = None
        self._pids_events = -1  # pids.events, open once read
        self._freeze_fd = -1  # freezer.state (v1) or cgroup.freeze (v2), open once written
        if cgroups.memory_v1:
            self.memory = self._mkdir(cgroups.memory_v1 / env_id)
            with contextlib.suppress(OSError):
                _write(self.memory / "memory.swappiness", "0")
        if cgroups.freezer_v1:
            self.freezer = self._mkdir(cgroups.freezer_v1 / env_id)
        if cgroups.pids_v1:
            self.pids = self._mkdir(cgroups.pids_v1 / env_id)
            _write(self.pids / "pids.max", str(PIDS_MAX))
        if cgroups.cpu_v1:
            self.cpu = self._mkdir(cgroups.cpu_v1 / env_id)
        if cgroups.v2:
            self.v2 = self._mkdir(cgroups.v2 / env_id)
            if cgroups.v2_memory and self.memory is None:
                with contextlib.suppress(OSError):
                    _write(self.v2 / "memory.swap.max", "0")
            if cgroups.v2_pids and cgroups.pids_v1 is None:
                _write(self.v2 / "pids.max", str(PIDS_MAX))
                self.pids = self.v2
        self.limit_memory(memory_mb)

    def limit_memory(self, memory_mb: int) -> None:
        """The environment's memory limit and CPU weight (a spare environment gets its
        function's when it is taken)."""
        limit = str(memory_mb * 1024 * 1024)
        if self.memory is not None:
            _write(self.memory / "memory.limit_in_bytes", limit)
        elif self.v2 is not None and self.cgroups.v2_memory:
            _write(self.v2 / "memory.max", limit)
        if self.cpu is not None:
            _write(self.cpu / "cpu.shares", str(max(2, memory_mb * 1024 // VCPU_MB)))
        elif self.v2 is not None and self.cgroups.v2_cpu:
            _write(self.v2 / "cpu.weight", str(max(1, min(10_000, memory_mb * 100 // VCPU_MB))))

    def limit_cpu(self, memory_mb: int) -> None:
        """The CPU quota in proportion to memory, set once init is done (as Lambda, the
        init phase is not held to it)."""
        quota = cpu_quota_us(memory_mb)
        if self.cpu is not None:
            _write(self.cpu / "cpu.cfs_period_us", str(CPU_PERIOD_US))
            _write(self.cpu / "cpu.cfs_quota_us", str(quota))
        elif self.v2 is not None and self.cgroups.v2_cpu:
            _write(self.v2 / "cpu.max", f"{quota} {CPU_PERIOD_US}")

    def pids_exhausted(self) -> bool:
        """Has a fork in the environment failed at ``pids.max``? (Checked at every
        invocation's end: the file stays open, re-read from its start, ~5 us instead of
        ~40 us for an open, a read and a close.)"""
        if self.pids is None:
            return False
        try:
            if self._pids_events < 0:
                self._pids_events = os.open(self.pids / "pids.events", os.O_RDONLY)
            text = os.pread(self._pids_events, 256, 0).decode()
        except OSError:
            text = _read(self.pids / "pids.events")
        for line in text.splitlines():
            if line.startswith("max "):
                return line.split()[1] != "0"
        return False

    def _mkdir(self, path: Path) -> Path:
        path.mkdir(exist_ok=True)
        self.dirs.append(path)
        return path

    @property
    def procs_files(self) -> list[str]:
        """The files the environment's init writes "0" into to join."""
        return [str(d / "cgroup.procs") for d in self.dirs]

    @property
    def freezable(self) -> bool:
        return self.freezer is not None or self.v2 is not None

    def freeze(self) -> None:
        self._set_frozen(True)

    def thaw(self) -> None:
        self._set_frozen(False)

    def _set_frozen(self, frozen: bool) -> None:
        """One write to the freezer file, kept open (~10 us instead of ~40 us for an open,
        a write and a close on every invocation's thaw and every freeze)."""
        if self.freezer is not None:
            path, value = self.freezer / "freezer.state", b"FROZEN" if frozen else b"THAWED"
        elif self.v2 is not None:
            path, value = self.v2 / "cgroup.freeze", b"1" if frozen else b"0"
        else:
            return
        if self._freeze_fd < 0:
            self._freeze_fd = os.open(path, os.O_WRONLY)
        os.pwrite(self._freeze_fd, value, 0)

    def freezer_state(self) -> str:
        """``FROZEN``, ``FREEZING`` or ``THAWED``."""
        if self.freezer is not None:
            return _read(self.freezer / "freezer.state").strip()
        if self.v2 is not None:
            return "FROZEN" if "frozen 1" in _read(self.v2 / "cgroup.events") else "THAWED"
        return "THAWED"

    def oom_killed(self) -> bool:
        if self.memory is not None:
            for line in _read(self.memory / "memory.oom_control").splitlines():
                if line.startswith("oom_kill "):
                    return line.split()[1] != "0"
            return _read(self.memory / "memory.failcnt").strip() not in ("", "0")
        if self.v2 is not None and self.cgroups.v2_memory:
            for line in _read(self.v2 / "memory.events").splitlines():
                if line.startswith("oom_kill ") and line.split()[1] != "0":
                    return True
        return False

    def max_usage_mb(self) -> int | None:
        if self.memory is not None:
            text = _read(self.memory / "memory.max_usage_in_bytes").strip()
        elif self.v2 is not None and self.cgroups.v2_memory:
            text = _read(self.v2 / "memory.peak").strip()
        else:
            return None
        return int(text) // (1024 * 1024) if text.isdigit() else None

    def kill(self) -> None:
        """SIGKILL every process in the environment (thawing first: frozen tasks do not die)."""
        if self.v2 is not None and (self.v2 / "cgroup.kill").exists():
            with contextlib.suppress(OSError):
                _write(self.v2 / "cgroup.kill", "1")
        for d in self.dirs:
            for pid in _read(d / "cgroup.procs").split():
                with contextlib.suppress(OSError):
                    os.kill(int(pid), signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.thaw()

    def remove(self) -> bool:
        """Remove the environment's cgroups; False while a dying process still holds one."""
        for fd in (self._pids_events, self._freeze_fd):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._pids_events = self._freeze_fd = -1
        self.dirs = [d for d in self.dirs if not _rmdir(d)]
        return not self.dirs

    async def release(self, limit_s: float = 5.0) -> None:
        """Kill what is left in the cgroups and remove them once their last process is
        gone (giving up after ``limit_s``)."""
        deadline = time.monotonic() + limit_s
        while True:
            self.kill()
            if self.remove() or time.monotonic() > deadline:
                return
            await asyncio.sleep(0.01)


def cpu_quota_us(memory_mb: int) -> int:
    """CPU time per ``CPU_PERIOD_US``: one core's worth at ``VCPU_MB``, in proportion below
    and above (at least 1 ms, the kernel's minimum)."""
    return max(1000, memory_mb * CPU_PERIOD_US // VCPU_MB)


def rlimit_as_bytes(memory_mb: int, base_vm_bytes: int) -> int:
    """Address-space limit standing in for a memory cgroup: the interpreter's own address
    space (the zygote's at fork) plus the function's memory plus headroom for allocator
    slack."""
    return base_vm_bytes + (memory_mb + 64) * 1024 * 1024
