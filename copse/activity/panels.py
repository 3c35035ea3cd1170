# ruff: noqa: S608 -- the SQL here is built only from our own table names and constants; every value is a parameter.
"""The home page's panels beside the feed, and the community hub's glimpses of discussions and events.

Each reads one app's tables through that app's access rules, in one query whatever the number of rows, and asks
nothing of someone it cannot concern (a person who leads nothing costs no query for "Waiting for you").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from copse.communities.models import LISTED, ORGANISERS, Community, JoinRequest, Membership, Role, Status
from copse.communities.permissions import is_programme_team
from copse.discussions.models import Flag, Kind, Post, Thread
from copse.discussions.permissions import can_read_discussions
from copse.events.models import Event, Registration

from .sql import Sql, rows, table

if TYPE_CHECKING:
    from copse.accounts.models import User

# Attendance is worth recording while people remember who came; older events no longer wait for it.
ATTENDANCE_WINDOW = timedelta(days=30)
ATTENDANCE_SHOWN = 5
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

    `memberships` are the person's current memberships with their communities (the home page has them). One
    query for all of it (see `copse.activity.sql`), none for someone who neither leads, moderates nor runs the
    programme."""
    led = _running(memberships, [Role.LEAD])
    moderated = _running(memberships, ORGANISERS)
    programme = is_programme_team(user)
    if not (led or moderated or programme):
        return []
    found: dict[str, list[tuple[int, int, str]]] = {}
    for what, key, n, title in rows(
        _waiting_sql(led=list(led), moderated=list(moderated), programme=programme)
    ):
        found.setdefault(what, []).append((key, n, title))
    waiting: list[Waiting] = []
    for _, n, _ in found.get("proposals", []):
        if n:
            words = f"{n} proposed communit{'y is' if n == 1 else 'ies are'} waiting for a decision"
            waiting.append(Waiting(words, reverse("communities:proposals"), n))
    for key, n, _ in sorted(found.get("requests", []), key=lambda row: led[row[0]].name):
        people = "person has" if n == 1 else "people have"
        url = reverse("communities:requests", args=[led[key].slug])
        waiting.append(Waiting(f"{n} {people} asked to join {led[key].name}", url, n))
    for key, n, _ in sorted(found.get("reported", []), key=lambda row: moderated[row[0]].name):
        url = reverse("discussions:moderation", args=[moderated[key].slug])
        waiting.append(Waiting(f"{n} reported post{'s' if n != 1 else ''} in {moderated[key].name}", url, n))
    for key, _, title in found.get("attendance", []):
        waiting.append(Waiting(f"Record who came to “{title}”", reverse("events:attendance", args=[key]), 1))
    return waiting


def _waiting_sql(*, led: list[int], moderated: list[int], programme: bool) -> Sql:
    """(what, id, count, title) rows: proposals waiting (programme team); requests waiting per community led;
    reported posts per community moderated (a post reported twice is one post to look at); and events that
    ended in the last 30 days, in communities led (and programme-wide, for the programme team), where people had
    a place and nobody has been marked as having come, latest first."""
    now = timezone.now()
    selects: list[Sql] = []
    if programme:
        selects.append(
            Sql().add(
                f"SELECT 'proposals', 0, COUNT(*), '' FROM {table(Community)} WHERE status = %s",
                Status.PROPOSED,
            )
        )
    if led:
        selects.append(
            Sql()
            .add(
                f"SELECT 'requests', community_id, COUNT(*), '' FROM {table(JoinRequest)} WHERE status = %s AND",
                JoinRequest.Status.PENDING,
            )
            .among("community_id", led)
            .add("GROUP BY community_id")
        )
    if moderated:
        selects.append(
            Sql()
            .add(
                f"SELECT 'reported', t.community_id, COUNT(DISTINCT f.post_id), '' FROM {table(Flag)} f"
                f" JOIN {table(Post)} p ON p.id = f.post_id JOIN {table(Thread)} t ON t.id = p.thread_id"
                " WHERE f.resolved_at IS NULL AND"
            )
            .among("t.community_id", moderated)
            .add("GROUP BY t.community_id")
        )
    if led or programme:
        registrations = table(Registration)
        going = f"SELECT 1 FROM {registrations} r WHERE r.event_id = e.id AND r.status = %s"
        attendance = (
            Sql()
            .add(
                f"SELECT 'attendance', e.id, 1, e.title FROM {table(Event)} e WHERE e.status = %s"
                f" AND e.ends_at <= %s AND e.ends_at > %s AND EXISTS ({going})"
                f" AND NOT EXISTS ({going} AND r.attended = %s) AND (",
                Event.Status.SCHEDULED,
                connection.ops.adapt_datetimefield_value(now),
                connection.ops.adapt_datetimefield_value(now - ATTENDANCE_WINDOW),
                Registration.Status.GOING,
                Registration.Status.GOING,
                True,
            )
            .among("e.community_id", led)
        )
        attendance.add("OR e.community_id IS NULL)" if programme else ")")
        attendance.add(f"ORDER BY e.starts_at DESC, e.id DESC LIMIT {ATTENDANCE_SHOWN}")
        selects.append(Sql().add(f"SELECT * FROM ({attendance.text()}) attendance", *attendance.params))
    union = Sql()
    for n, select in enumerate(selects):
        union.add(("UNION ALL " if n else "") + select.text(), *select.params)
    return union


def unanswered_help(user: User, memberships: Sequence[Membership]) -> list[Thread]:
    """A few help requests in the person's running communities that nobody has replied to yet, oldest first (as
    /help/ lists them, so none goes unseen), not their own. Members read all their communities' threads."""
    communities = {m.community_id: m.community for m in memberships if m.community.status in LISTED}
    if not communities:
        return []
    threads = list(
        Thread.objects.filter(
            community_id__in=communities, kind=Kind.HELP, accepted_answer__isnull=True, reply_count=0
        )
        .exclude(author=user)
        .select_related("author__person")
        .order_by("created_at", "pk")[:UNANSWERED_SHOWN]
    )
    for thread in threads:
        thread.community = communities[thread.community_id]  # already in hand: no join for it
    return threads


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
