"""Who may see events and take a place. Views use these; none checks roles inline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from copse.communities.models import CLOSED, ORGANISERS, UNAPPROVED, Community, Membership, Role, Visibility
from copse.communities.permissions import (
    can_manage_community,
    can_view_community,
    is_programme_team,
    viewer_role,
)

from .models import Audience, Event

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

Action = Literal["view", "register", "manage"]


def can_view_event(user: User | AnonymousUser, event: Event) -> bool:
    """Twin of `Event.objects.visible_to` (and, on the people's side, of `viewers_of`)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return event.community is None or can_view_community(user, event.community)


def viewers_of(event: Event) -> QuerySet[User]:
    """Everyone who may see this event: the people-side twin of `can_view_event`, for choosing whom to tell."""
    from copse.accounts.models import User

    people = User.objects.filter(is_active=True)
    community = event.community
    if community is None or (
        community.visibility != Visibility.PRIVATE and community.status not in UNAPPROVED
    ):
        return people
    members = Membership.objects.current().filter(community=community).values("person")
    may_see = Q(is_programme_team=True) | Q(is_superuser=True) | Q(pk__in=members)
    if community.status in UNAPPROVED:
        may_see |= Q(pk=community.proposed_by_id)
    return people.filter(may_see)


def can_register(user: User | AnonymousUser, event: Event) -> bool:
    """The audience decides: all staff; the host community's members; or its leads and core members."""
    if event.audience == Audience.ALL_STAFF or event.community is None or is_programme_team(user):
        return can_view_event(user, event)
    if not user.is_authenticated or not user.is_active:
        return False
    # Members may see their community, so their role alone decides (one query, not two).
    role = viewer_role(user, event.community)
    if event.audience == Audience.CORE:
        return role in ORGANISERS
    return role is not None


def can_schedule_in(user: User | AnonymousUser, community: Community | None) -> bool:
    """Leads schedule their community's events; programme-wide events (no community) are the programme team's."""
    if community is None:
        return is_programme_team(user)
    return can_manage_community(user, community)


def can_manage_event(user: User | AnonymousUser, event: Event) -> bool:
    """Editing, cancelling, attendance and materials: whoever may schedule events where this one is hosted."""
    return can_schedule_in(user, event.community)


def schedulable_communities(user: User) -> QuerySet[Community]:
    """The communities this person may schedule events in (twin of `can_schedule_in` for a community)."""
    communities = Community.objects.exclude(status__in=CLOSED).order_by("name")
    if is_programme_team(user):
        return communities
    led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
    return communities.filter(pk__in=led)


def get_event_for(user: User | AnonymousUser, event_id: int, action: Action = "view") -> Event:
    """Fetch an event, with its community, for this person and action: 404 if they may not see it, 403 if they
    may see it but not take a place (`register`) or run it (`manage`)."""
    event = Event.objects.select_related("community").filter(pk=event_id).first()
    if event is None or not can_view_event(user, event):
        raise Http404("No event found.")
    permitted = {
        "view": lambda: True,
        "register": lambda: can_register(user, event),
        "manage": lambda: can_manage_event(user, event),
    }[action]
    if not permitted():
        raise PermissionDenied
    return event
