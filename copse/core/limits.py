"""How often one person may do something costly in a short time (previews, @ suggestions).

The moments live in the shared cache (Redis or the database in production), so a limit holds across app servers.
Two uses at the same instant on two servers may both count as one: a limit is a brake on heavy use, not an exact
quota.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def take_turn(key: str, *, limit: int, window: int = 60) -> int | None:
    """Count one use under `key`, unless `limit` uses already fall in the last `window` seconds.

    Returns None when the use counts, or else how many seconds to wait (at least 1).
    """
    now = time.time()
    recent = [moment for moment in cache.get(key, []) if now - moment < window]
    if len(recent) >= limit:
        return max(1, round(window - (now - min(recent))))
    cache.set(key, [*recent, now], timeout=window)
    return None
