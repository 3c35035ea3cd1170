"""The Events tab of a community's hub: its upcoming events and its latest past ones, from the events list's own
query (`filtered_events`), so the tab shows exactly what /events/?community=<slug> shows."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from copse.accounts.http import StaffRequest as Request
from copse.communities.permissions import get_community_for

from .permissions import can_schedule_in
from .queries import filtered_events

UPCOMING_SHOWN = 20
RECENT_SHOWN = 5


@require_GET
def community_events(request: Request, slug: str) -> HttpResponse:
    """Everyone who may see the community sees its events (404 for a private community they are not in)."""
    community = get_community_for(request.user, slug)
    now = timezone.now()
    events = filtered_events(request.user, community=community.slug).with_counts()
    upcoming = list(events.filter(ends_at__gt=now).order_by("starts_at", "pk")[: UPCOMING_SHOWN + 1])
    context = {
        "community": community,
        "upcoming": upcoming[:UPCOMING_SHOWN],
        "more_upcoming": len(upcoming) > UPCOMING_SHOWN,
        "recent": list(events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")[:RECENT_SHOWN]),
        "can_schedule": can_schedule_in(request.user, community),
    }
    return render(request, "events/community_events.html", context)
