from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name, for the header, titles and emails."""
    return {
        "site_name": settings.SITE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        # "London time" for Europe/London: how times on the page are labelled.
        "time_zone_label": settings.TIME_ZONE.rsplit("/", 1)[-1].replace("_", " ") + " time",
    }
