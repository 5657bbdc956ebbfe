"""Compare-and-swap for files: replace a file only if it still holds what was read.

A run reads a catalog, works on it, and writes it back; a translator may have saved
it in between. :func:`read_snapshot` keeps what the file held when read (size,
``mtime_ns``, SHA-256 of the very bytes), and :func:`replace_if_unchanged` swaps the
new file in only if the old one still holds those bytes.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from i18n_pub.errors import I18nPubError, os_advice


@dataclass(frozen=True)
class Snapshot:
    """What a file held when it was read: enough to notice any later change (an editor saving it)."""

    size: int
    mtime_ns: int
    digest: str


def read_snapshot(path: Path, label: str, error: type[I18nPubError]) -> tuple[bytes, Snapshot]:
    """A file's bytes and the snapshot of exactly those bytes (size and mtime from the same open file)."""
    try:
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read()
    except OSError as exc:
        what, fix = os_advice(exc, reading=True)
        raise error(f"cannot read the file: {what}", path=label, fix=fix) from None
    return data, Snapshot(len(data), before.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _holds(path: str | Path, expected: Snapshot) -> bool:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False
    return len(data) == expected.size and hashlib.sha256(data).hexdigest() == expected.digest


_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2


@functools.cache
def _renameat2() -> Any:
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def _rename2(source: str | Path, target: str | Path, flags: int) -> bool:
    """Linux ``renameat2``; False where the system or file system lacks it (the caller falls back)."""
    import ctypes

    function = _renameat2()
    if function is None:
        return False
    if function(-100, os.fsencode(source), -100, os.fsencode(target), flags) == 0:  # -100: AT_FDCWD
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def replace_if_unchanged(tmp: str, path: Path, expected: Snapshot | None) -> bool:
    """Rename ``tmp`` over ``path`` only if ``path`` still holds what ``expected`` says (None: no file);
    say whether it did. On False, ``tmp`` is gone and ``path`` holds whatever someone else saved.

    A true compare-and-swap where Linux offers ``RENAME_EXCHANGE``: the two files swap atomically, and
    what came out is checked; if someone saved in between (by rename or in place), it is swapped back.
    Elsewhere the check comes just before the rename.
    """
    if expected is None:
        try:
            if _rename2(tmp, path, _RENAME_NOREPLACE):
                return True
            if not path.exists():
                os.replace(tmp, path)
                return True
        except FileExistsError:
            pass
        Path(tmp).unlink(missing_ok=True)
        return False
    try:
        swapped = _rename2(tmp, path, _RENAME_EXCHANGE)
    except FileNotFoundError:  # the file was deleted meanwhile: nothing of anyone's to lose
        os.replace(tmp, path)
        return True
    if not swapped:
        if not _holds(path, expected):
            Path(tmp).unlink(missing_ok=True)
            return False
        os.replace(tmp, path)
        return True
    if _holds(tmp, expected):
        Path(tmp).unlink()
        return True
    # Someone saved since we read: put their file back. Should they have saved yet again meanwhile,
    # their newest file is what came out of the second swap, and it goes back in place.
    ours = sha256_file(path)
    _rename2(tmp, path, _RENAME_EXCHANGE)
    if sha256_file(tmp) == ours:
        Path(tmp).unlink()
    else:
        os.replace(tmp, path)
    return False


def sha256_file(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
