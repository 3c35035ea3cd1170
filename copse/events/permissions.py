"""Who may see events and take a place. Views use these; none checks roles inline."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

from .models import Audience, Event, EventQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User


def visible_events(user: User) -> EventQuerySet:
    """Events this person may see: programme-wide ones, and those of communities they may see.

    Twin of `can_view_event`.
    """
    events = Event.objects.all()
    if not user.is_authenticated or not user.is_active:
        return events.none()
    if is_programme_team(user):
        return events
    return events.filter(Q(community__isnull=True) | Q(community__in=Community.objects.visible_to(user)))


def can_view_event(user: User | AnonymousUser, event: Event) -> bool:
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
    if not can_view_event(user, event):
        return False
    if event.audience == Audience.ALL_STAFF or event.community is None or is_programme_team(user):
        return True
    role = viewer_role(user, event.community)
    if event.audience == Audience.CORE:
        return role in ORGANISERS
    return role is not None


def get_event_for(user: User | AnonymousUser, event_id: int) -> Event:
    """An event this person may see, with its community: 404 otherwise."""
    event = Event.objects.select_related("community").filter(pk=event_id).first()
    if event is None or not can_view_event(user, event):
        raise Http404("No event found.")
    return event


def require_can_register(user: User | AnonymousUser, event: Event) -> None:
    if not can_register(user, event):
        raise PermissionDenied


def can_schedule_in(user: User | AnonymousUser, community: Community | None) -> bool:
    """Leads schedule their community's events; programme-wide events (no community) are the programme team's."""
    if community is None:
        return is_programme_team(user)
    return can_manage_community(user, community)


def can_manage_event(user: User | AnonymousUser, event: Event) -> bool:
    """Editing, cancelling, attendance and materials: whoever may schedule events where this one is hosted."""
    return can_schedule_in(user, event.community)


def require_can_manage_event(user: User | AnonymousUser, event: Event) -> None:
    if not can_manage_event(user, event):
        raise PermissionDenied


def schedulable_communities(user: User) -> QuerySet[Community]:
    """The communities this person may schedule events in (twin of `can_schedule_in` for a community)."""
    communities = Community.objects.exclude(status__in=CLOSED).order_by("name")
    if is_programme_team(user):
        return communities
    led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
    return communities.filter(pk__in=led)
