"""The one place that reads the time, so tests and reproducible builds can pin it.

``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) overrides the clock.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def po_timestamp(moment: datetime | None = None) -> str:
    """Format a moment as gettext headers write it: ``2021-03-29 14:05+0000``."""
    return (moment or now()).strftime("%Y-%m-%d %H:%M%z")
