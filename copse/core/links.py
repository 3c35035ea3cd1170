from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse


def site_url(path: str) -> str:
    """A full address on this site, for text read away from the request that made it: emails and calendars."""
    return f"{settings.COPSE_BASE_URL}{path}"


@lru_cache(maxsize=4096)
def _reverse(name: str, args: tuple[str, ...]) -> str:
    return reverse(name, args=args)


def address(name: str, *args: Any) -> str:
    """`reverse(name, args=args)`, remembered for each name and arguments: a page of 50 rows reverses the same few
    patterns for the same objects again and again, and each `reverse` cost about 30 microseconds. Templates call
    it as `url("communities:detail", community.slug)`."""
    return _reverse(name, tuple(str(arg) for arg in args))


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: Any) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reverse.cache_clear()
