"""Writing files so that an interrupted run leaves each one as it was or complete.

Every file i18n-pub writes goes through :func:`atomic_write`: the bytes go to a
temporary file beside the target, are flushed to disk, and the temporary file is
renamed over the target (``os.replace`` is atomic on POSIX). A run killed at any
moment leaves the old file or the new one, never a mix, and at worst a stray
``.<name>.<random>.tmp`` that the next run removes (:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from i18n_pub.cas import Snapshot, replace_if_unchanged
from i18n_pub.errors import FileSystemError, I18nPubError, os_advice, os_error

_TMP_SUFFIX = ".tmp"
_TMP_MARK = "i18n-pub-"  # in every temporary file's name, so cleanup never touches a file someone else made
# What tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp") makes: eight characters from its alphabet.
_STALE = re.compile(rf"\..+\.{_TMP_MARK}[a-z0-9_]{{8}}\.tmp")


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The target keeps its permissions; a new file gets what ``open()`` would give it (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    A refusal of the file system (full disk, read-only folder …) is a :class:`FileSystemError` naming ``path``.
    """
    with _naming(path):
        _atomic_write(path, data)


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    try:
        yield
    except FileSystemError:
        raise
    except OSError as exc:
        raise os_error(exc, path) from None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=_TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(path))
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (a power cut after ``os.replace`` keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds exactly it; say whether it wrote."""
    data = text.encode("utf-8")
    if already_holds(path, data):
        return False
    atomic_write(path, data)
    return True


def already_holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file with exactly these bytes: then there is nothing to write.

    Anything else (a FIFO, a device, a folder) is never opened: reading a FIFO would hang.
    """
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    return path.read_bytes() == data


class WriteBatch:
    """Atomic writes of many files that share their syncs.

    Each file still goes to a temporary file beside it and is renamed over it, so a
    run killed at any moment leaves every file as it was or complete. Instead of
    syncing each file and its folder (two ``fsync`` calls per file: about 2,000 of
    them, seconds, when a run writes 1,000 catalogs), :meth:`commit` syncs the file
    system once before the renames (every new file's bytes are on disk) and once
    after (every rename is).

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> with WriteBatch() as batch:
    ...     batch.write_if_changed(folder / "a.po", "x"), (folder / "a.po").exists()
    (True, False)
    >>> (folder / "a.po").read_text(), WriteBatch().write_if_changed(folder / "a.po", "x")
    ('x', False)
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, Path]] = []
        self._expected: dict[Path, Snapshot | None] = {}
        self.conflicts: list[Path] = []  # files left alone by commit(): someone saved them since they were read

    def write_if_changed(self, path: Path, text: str, *, unless_changed_since: Snapshot | bool | None = False) -> bool:
        """Write at commit; with ``unless_changed_since`` (a snapshot, or None for "there was no file"), only if the
        file is still as it was then: otherwise commit() leaves it alone and lists it in :attr:`conflicts`."""
        data = text.encode("utf-8")
        if already_holds(path, data):
            return False
        if unless_changed_since is not False:
            self._expected[path] = unless_changed_since  # type: ignore[assignment]
        with _naming(path):
            self._pending.append((_temporary_beside(path, [data]), path))
        return True

    def write_stream_if_changed(self, path: Path, chunks: Iterable[bytes]) -> bool:
        """The same for a file made a piece at a time: never whole in memory, compared with the target on disk.

        Whatever ``chunks`` raises leaves the target untouched and no temporary file.
        """
        with _naming(path):
            tmp = _temporary_beside(path, chunks)
        if _same_bytes(Path(tmp), path):
            Path(tmp).unlink()
            return False
        self._pending.append((tmp, path))
        return True

    def commit(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        expected, self._expected = self._expected, {}
        os.sync()  # the whole batch on disk at once (syncfs on one file system measured no faster)
        for index, (tmp, path) in enumerate(pending):
            try:
                with _naming(path):
                    if path not in expected:
                        os.replace(tmp, path)
                    elif not replace_if_unchanged(tmp, path, expected[path]):
                        self.conflicts.append(path)
            except BaseException:
                for left, _ in pending[index:]:
                    Path(left).unlink(missing_ok=True)
                raise
        os.sync()

    def discard(self) -> None:
        for tmp, _ in self._pending:
            Path(tmp).unlink(missing_ok=True)
        self._pending = []
        self._expected = {}

    def __enter__(self) -> WriteBatch:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _temporary_beside(path: Path, chunks: Iterable[bytes]) -> str:
    """``chunks`` written to a new temporary file beside ``path``, with the permissions ``path`` will keep."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_prefix(path), suffix=_TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            os.fchmod(handle.fileno(), _mode_for(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _same_bytes(new: Path, old: Path) -> bool:
    """Whether two files hold the same bytes, read a block at a time."""
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        with open(new, "rb") as a, open(old, "rb") as b:
            while True:
                block = a.read(1 << 16)
                if block != b.read(1 << 16):
                    return False
                if not block:
                    return True
    except FileNotFoundError:
        return False


def _prefix(path: Path) -> str:
    return f".{path.name}.{_TMP_MARK}"


def is_stale_temporary(name: str) -> bool:
    """Whether ``name`` is a temporary file of ours (``.<name>.i18n-pub-<8 random>.tmp``), never a translator's.

    >>> is_stale_temporary(".x.po.i18n-pub-k2j_9a0b.tmp"), is_stale_temporary(".notes.20241130.tmp")
    (True, False)
    >>> is_stale_temporary("x.po"), is_stale_temporary(".x.tmp")
    (False, False)
    """
    return bool(_STALE.fullmatch(name))


def remove_stale_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Delete the temporary files a killed run left behind. Call it only while holding the site lock."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob(f".*{_TMP_SUFFIX}"):
            if path.is_file() and not path.is_symlink() and is_stale_temporary(path.name):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def read_utf8(path: Path, label: str, error: type[I18nPubError]) -> str:
    """A text file's content; an unreadable file or bad UTF-8 becomes ``error`` naming the line.

    A byte-order mark is dropped, as every editor does.
    """
    return decode_utf8(read_bytes(path, label, error), label, error)


def read_bytes(path: Path, label: str, error: type[I18nPubError]) -> bytes:
    """A file's bytes; an unreadable file becomes ``error``."""
    try:
        return path.read_bytes()
    except OSError as exc:
        what, fix = os_advice(exc, reading=True)
        raise error(f"cannot read the file: {what}", path=label, fix=fix) from None


def decode_utf8(data: bytes, label: str, error: type[I18nPubError], first_line: int = 1) -> str:
    """:func:`read_utf8` for bytes already read (to hash them too), which start at line ``first_line``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + first_line
        raise error("not valid UTF-8", path=label, line=line, fix="save the file as UTF-8") from None
