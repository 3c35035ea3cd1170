from functools import cache
from typing import Any

from django.http import HttpRequest

from .services import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """The header's unread count: a callable the template calls, so the one query runs only on pages that show it
    (and runs once however often the page uses it)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: unread_count(user))}  # type: ignore[arg-type]
