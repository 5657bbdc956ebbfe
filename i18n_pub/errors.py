"""One error family. Every user-facing failure is an :class:`I18nPubError`.

The CLI turns it into a single line ``Error: <where>: <what> — <how to fix>``
and the exit code the error carries; library code never prints or exits.
"""

from __future__ import annotations

from pathlib import Path


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

    ``partial`` holds, in the order of the texts asked, the answers obtained
    before the failure (``None`` where there is none), so no answer is lost;
    ``applied`` counts the catalog entries that received one.
    """

    exit_code = 3

    def __init__(self, what: str, *, partial=(), **context) -> None:
        super().__init__(what, **context)
        self.partial: tuple[str | None, ...] = tuple(partial)
        self.applied = 0


class LockError(I18nPubError):
    """Another run holds the site lock."""
