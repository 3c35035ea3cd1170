import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Person

SESSION_KEY = "copse_timezone"


class PersonTimezoneMiddleware:
    """Show dates and times in the time zone a person chose on their profile.

    The zone is read once per session and kept there; saving the profile updates it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            name = request.session.get(SESSION_KEY)
            if name is None:
                name = (
                    Person.objects.filter(user=request.user).values_list("timezone", flat=True).first() or ""
                )
                request.session[SESSION_KEY] = name
            try:
                timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
