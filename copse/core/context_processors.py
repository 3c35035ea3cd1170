from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name, for the header, titles and emails."""
    return {"site_name": settings.SITE_NAME, "organisation_name": settings.ORGANISATION_NAME}
