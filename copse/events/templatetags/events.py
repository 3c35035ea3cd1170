"""`{% my_next_events %}`: the events a person has a place at next, for pages outside the events app (the home
page), without that app importing this one."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from copse.events.models import PLACES, Event, Registration

register = template.Library()

NEXT_EVENTS = 5


@register.inclusion_tag("events/includes/my_next_events.html", takes_context=True)
def my_next_events(context: dict[str, Any]) -> dict[str, Any]:
    """The next few events the signed-in person is going to or waiting for, soonest first: one query."""
    user = context["request"].user
    places = (
        Registration.objects.filter(
            person=user,
            status__in=PLACES,
            event__in=Event.objects.visible_to(user),
            event__ends_at__gt=timezone.now(),
        )
        .select_related("event__community")
        .order_by("event__starts_at", "event__id")[:NEXT_EVENTS]
    )
    return {"places": list(places)}
