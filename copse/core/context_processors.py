from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from copse.core.branding import brand
from copse.core.ui import zone_label


def site(request: HttpRequest) -> dict[str, Any]:
    """The organisation's name and look, for the header, titles and emails."""
    return {
        "brand": brand(),
        "site_name": settings.SITE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        # "London time" for Europe/London: how times on the page are labelled, in the zone they are shown in.
        "time_zone_label": zone_label(timezone.get_current_timezone_name()),
    }
