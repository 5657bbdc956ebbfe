"""One error family. Every user-facing failure is an :class:`I18nPubError`.

The CLI turns it into a single line ``Error: <where>: <what> — <how to fix>``
and the exit code the error carries; library code never prints or exits.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from i18n_pub.textsafe import printable


class I18nPubError(Exception):
    """Bad input or configuration: exit code 1."""

    exit_code = 1

    def __init__(
        self,
        what: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        super().__init__(what)
        self.what = what
        self.path = str(path) if path is not None else None
        self.line = line
        self.fix = fix

    @property
    def where(self) -> str | None:
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        return f"{text} — {self.fix}" if self.fix else text


class ConfigError(I18nPubError):
    """The ``[tool.i18n-pub]`` table is missing, malformed or names unknown things."""


class SourceError(I18nPubError):
    """A source article cannot be read."""


class SourceErrors(SourceError):
    """Every bad source of a run, sorted by file and line: the CLI prints one ``Error:`` line for each.

    It is a :class:`SourceError` about the first of them, so a caller that expects one still works.
    """

    def __init__(self, errors: list[SourceError]) -> None:
        flat = [one for error in errors for one in getattr(error, "errors", (error,))]
        ordered = sorted(flat, key=lambda e: (e.path or "", e.line or 0, e.what))
        first = ordered[0]
        super().__init__(first.what, path=first.path, line=first.line, fix=first.fix)
        self.errors: tuple[SourceError, ...] = tuple(ordered)

    def __str__(self) -> str:
        return "\n".join(SourceError.__str__(error) for error in self.errors)

    @staticmethod
    def raise_any(errors: list[SourceError]) -> None:
        """Raise them all at once, if there is any (one alone as itself)."""
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise SourceErrors(errors)


class CatalogError(I18nPubError):
    """A PO or POT file cannot be read."""


class GlossaryError(I18nPubError):
    """A glossary file cannot be read."""


class EngineError(I18nPubError):
    """A machine translation engine failed; the work it left undone stays empty.

    Engines return it beside the answers they obtained (``engines.EngineResult``), never with
    them inside it: no answer is lost, and no layer rewrites an exception's payload.
    """

    exit_code = 3


class LockError(I18nPubError):
    """Another run holds the site lock."""


class FeedError(I18nPubError):
    """A feed or WordPress export given to ``import`` cannot be fetched, read or converted."""


class FileSystemError(I18nPubError, OSError):
    """The file system refused a read or a write: a full disk, a read-only folder, a folder where a
    file belongs. Still an :class:`OSError`, so code that handles those keeps doing so."""


# errno → (what happened, how to fix it). Every write is atomic, so after any of these each file is
# as it was or complete: the advice never says to delete anything.
_OS_ADVICE = {
    errno.ENOSPC: ("no space left on the device", "free some space on that disk, then run the command again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space or raise the quota, then run the command again"),
    errno.EROFS: ("the file system is read-only", "mount it read-write, or point the configuration at a writable folder"),
    errno.EACCES: ("permission denied", "make the folder and file writable for this user (chmod u+w), then run the command again"),
    errno.EPERM: ("operation not permitted", "make the folder and file writable for this user (chmod u+w), then run the command again"),
    errno.EISDIR: ("is a folder, not a file", "remove or rename that folder: i18n-pub keeps a file there"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "remove or rename the file that stands where a folder belongs"),
    errno.ENAMETOOLONG: ("the path is too long", "use shorter folder names in the configuration"),
    errno.ELOOP: ("too many levels of symbolic links", "replace the symbolic link loop with a real file or folder"),
}


def os_advice(exc: OSError, reading: bool = False) -> tuple[str, str]:
    """What the system said about ``exc`` in words, and how to fix it."""
    if reading and exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied", "make the file readable for this user (chmod u+r)"
    return _OS_ADVICE.get(exc.errno or 0, (exc.strerror or type(exc).__name__, "check the file and the folder holding it"))


def os_error(exc: OSError, path: str | Path | None = None) -> FileSystemError:
    """An :class:`OSError` as one ``Error:`` line: the file (relative to the current folder when inside it),
    what the system said, and advice that fits the cause."""
    if isinstance(exc, FileSystemError):
        return exc
    target = path if path is not None else exc.filename
    label = None
    if target is not None:
        label = os.fsdecode(target)
        relative = os.path.relpath(label) if os.path.isabs(label) else label
        label = relative if not relative.startswith("..") else label
        label = printable(label)
    what, fix = os_advice(exc)
    error = FileSystemError(what, path=label, fix=fix)
    error.errno = exc.errno
    return error
