"""One run at a time per site: an exclusive ``flock`` on ``.i18n-pub/lock``, which holds the runner's PID.

Every command that writes takes the lock (the CLI does it, see ``cli.command(writes=True)``),
so two runs on one site cannot interleave their writes. The kernel releases a
``flock`` when its process dies, even by SIGKILL, so a crashed run never leaves
a lock behind; the PID in the file only serves to name the holder.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from i18n_pub.config import Config
from i18n_pub.errors import LockError
from i18n_pub.fsutil import remove_stale_temporaries

LOCK_NAME = "lock"


def _holder(fd: int) -> str | None:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return text if text.isdigit() else None


@contextmanager
def site_lock(config: Config) -> Iterator[None]:
    """Hold the site's lock for the duration of the block, or raise :class:`LockError` at once."""
    path = config.inside(config.cache_dir) / LOCK_NAME  # a .i18n-pub symlinked out of the site is refused
    label = config.relative(path)
    try:
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise LockError(f"cannot open the lock file: {exc.strerror}", path=label, fix="check the permissions of .i18n-pub/") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _holder(fd)
            who = f"process {pid}" if pid else "another process"
            raise LockError(
                f"another i18n-pub run ({who}) is working on this site",
                path=label,
                fix="wait for it to finish" + (f", or stop it with kill {pid}" if pid else ""),
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        # Only a dead run can have left temporary files, now that we hold the lock.
        remove_stale_temporaries(
            [config.locales_dir, config.output_dir, config.glossary_dir, config.cache_dir]
        )
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock
