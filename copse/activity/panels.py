"""The home page's panels beside the feed, and the community hub's glimpses of discussions and events.

Each reads one app's tables through that app's access rules, in one query whatever the number of rows, and asks
nothing of someone it cannot concern (a person who leads nothing costs no query for "Waiting for you").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from copse.communities.models import LISTED, ORGANISERS, Community, JoinRequest, Membership, Role, Status
from copse.communities.permissions import is_programme_team
from copse.discussions.models import Flag, Kind, Thread
from copse.discussions.permissions import can_read_discussions
from copse.events.models import Event, Registration

if TYPE_CHECKING:
    from copse.accounts.models import User

# Attendance is worth recording while people remember who came; older events no longer wait for it.
ATTENDANCE_WINDOW = timedelta(days=30)
UNANSWERED_SHOWN = 3
LATEST_THREADS_SHOWN = 5


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for the person: words ("3 people asked to join Finance Business Partners"), a link and
    the count it is about."""

    text: str
    url: str
    count: int


def _running(memberships: Sequence[Membership], roles: Sequence[str]) -> dict[int, Community]:
    return {
        m.community_id: m.community for m in memberships if m.role in roles and m.community.status in LISTED
    }


def waiting_for(user: User, memberships: Sequence[Membership]) -> list[Waiting]:
    """What waits for this person to act: for leads, join requests, reported posts (also for core members, who
    moderate) and events whose attendance is not recorded; for the programme team, proposals.

    `memberships` are the person's current memberships with their communities (the home page has them)."""
    led = _running(memberships, [Role.LEAD])
    moderated = _running(memberships, ORGANISERS)
    waiting: list[Waiting] = []
    if is_programme_team(user):
        proposals = Community.objects.filter(status=Status.PROPOSED).count()
        if proposals:
            words = f"{proposals} proposed communit{'y is' if proposals == 1 else 'ies are'} waiting for a decision"
            waiting.append(Waiting(words, reverse("communities:proposals"), proposals))
    if led:
        pending = (
            JoinRequest.objects.filter(community_id__in=led, status=JoinRequest.Status.PENDING)
            .values_list("community_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for community_id, n in sorted(pending, key=lambda row: led[row[0]].name):
            community = led[community_id]
            people = "person has" if n == 1 else "people have"
            url = reverse("communities:requests", args=[community.slug])
            waiting.append(Waiting(f"{n} {people} asked to join {community.name}", url, n))
    if moderated:
        reported = (
            Flag.objects.open()
            .filter(post__thread__community_id__in=moderated)
            .values_list("post__thread__community_id")
            .annotate(n=Count("post", distinct=True))
            .order_by()
        )
        for community_id, n in sorted(reported, key=lambda row: moderated[row[0]].name):
            community = moderated[community_id]
            url = reverse("discussions:moderation", args=[community.slug])
            waiting.append(Waiting(f"{n} reported post{'s' if n != 1 else ''} in {community.name}", url, n))
    if led or is_programme_team(user):
        waiting += [
            Waiting(f"Record who came to “{event.title}”", reverse("events:attendance", args=[event.pk]), 1)
            for event in attendance_to_record(user, list(led))
        ]
    return waiting


def attendance_to_record(user: User, led: Sequence[int]) -> list[Event]:
    """Events that ended in the last 30 days, in communities the person leads (and, for the programme team,
    programme-wide ones), where people had a place and nobody has been marked as having come."""
    now = timezone.now()
    hosts = Event.objects.filter(community_id__in=led)
    if is_programme_team(user):
        hosts = hosts | Event.objects.filter(community__isnull=True)
    going = Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.GOING)
    return list(
        hosts.filter(status=Event.Status.SCHEDULED, ends_at__lte=now, ends_at__gt=now - ATTENDANCE_WINDOW)
        .filter(Exists(going))
        .exclude(Exists(going.filter(attended=True)))
        .order_by("-starts_at", "-pk")[:5]
    )


def unanswered_help(user: User, memberships: Sequence[Membership]) -> list[Thread]:
    """A few help requests in the person's running communities that nobody has replied to yet, oldest first (as
    /help/ lists them, so none goes unseen), not their own. Members read all their communities' threads."""
    communities = [m.community_id for m in memberships if m.community.status in LISTED]
    if not communities:
        return []
    return list(
        Thread.objects.filter(
            community_id__in=communities, kind=Kind.HELP, accepted_answer__isnull=True, reply_count=0
        )
        .exclude(author=user)
        .select_related("author__person", "community")
        .order_by("created_at", "pk")[:UNANSWERED_SHOWN]
    )


def latest_threads(user: User, community: Community) -> list[Thread]:
    """The community's threads with the latest activity, for its hub; none for someone who may not read them."""
    if not can_read_discussions(user, community):
        return []
    threads = list(
        Thread.objects.filter(community=community)
        .select_related("author__person")
        .order_by("-last_activity_at", "-pk")[:LATEST_THREADS_SHOWN]
    )
    for thread in threads:
        thread.community = community  # for its address, without a query each
    return threads


def next_event(user: User, community: Community) -> Event | None:
    """The community's next event that has not ended and is not cancelled, if the person may see it."""
    return (
        Event.objects.visible_to(user)
        .filter(community=community, status=Event.Status.SCHEDULED, ends_at__gt=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )
