"""Read-only queries behind the events pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from copse.communities.models import Membership

from .models import Event, EventQuerySet

if TYPE_CHECKING:
    from copse.accounts.models import User


def filtered_events(user: User, *, show: str = "", community: str = "", kind: str = "") -> EventQuerySet:
    """Events this person may see, with their community: `show` "mine" (their communities' and the programme's)
    or "programme" (programme-wide only); `community` a slug; `kind` an event kind. Empty means no filter."""
    events = Event.objects.visible_to(user).select_related("community")
    if show == "mine":
        mine = Membership.objects.current().filter(person=user).values("community")
        events = events.filter(Q(community__isnull=True) | Q(community__in=mine))
    elif show == "programme":
        events = events.filter(community__isnull=True)
    if community:
        events = events.filter(community__slug=community)
    if kind:
        events = events.filter(kind=kind)
    return events
