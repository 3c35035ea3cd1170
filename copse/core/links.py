from django.conf import settings


def site_url(path: str) -> str:
    """A full address on this site, for text read away from the request that made it: emails and calendars."""
    return f"{settings.COPSE_BASE_URL}{path}"
