"""Indicators Copse counts itself: for every active community and each calendar month, what its members did on
the platform, written as `IndicatorObservation` rows with `source=platform` for the catalogue's indicators.

What each figure is (months are calendar months in the site's time zone):

- `participation`: posts written in the month (opening posts and replies, not deleted ones) plus places taken
  ("going") at the community's events in the month.
- `active_members`: distinct people who posted in the community, or were marked as having come to one of its
  events, in the month.
- `help_answered`: of the help requests started in the month, the share (%) someone other than the asker has
  replied to. No figure for a month with no help requests.
- `help_solved`: help requests started in the month that have an accepted answer.
- `event_attendance`: people marked as having come to the community's events held in the month.
- `continuity`: of the people who had joined at least six months before the end of the month, the share (%)
  still members at its end. No figure when nobody had joined that long before.
- `cross_area_connections`: distinct pairs of people of different service areas where one replied in the month
  to a thread the other started.
- `resources_produced`: until the library exists, help requests solved (started in the month) plus materials
  (recordings, slides, links) added to the community's events held in the month.

Each figure is worked out for every community and month at once with a handful of grouped queries, and written
again (never twice) when re-run, so a re-run gives the same rows and numbers. A share of people (help requests
answered, continuity) records in `people` how many people it is drawn from, so a share of fewer than five is not
shown: it could tell what one of them did. A head count (active members, attendance, connections) records none:
it is the size of the group itself and says nothing about any one person in it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from copse.communities.models import Community, Membership, Status
from copse.discussions.models import Kind, Post, Thread
from copse.events.models import Material, Registration

from ..models import IndicatorDefinition, IndicatorObservation
from ..months import add_months, month_end, month_starts

KEYS = (
    "participation",
    "active_members",
    "help_answered",
    "help_solved",
    "event_attendance",
    "continuity",
    "cross_area_connections",
    "resources_produced",
)
DEFAULT_MONTHS = 24
# How many months before the end of a month someone must have joined to count towards continuity.
CONTINUITY_MONTHS = 6

Key = tuple[str, int, dt.date]  # indicator key, community id, first day of the month
Figure = tuple[Decimal, int | None]  # value, people


@dataclass(frozen=True)
class Computed:
    communities: int
    months: int
    created: int
    updated: int
    unchanged: int
    removed: int


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _month(moment: Any) -> dt.date:
    """TruncMonth's answer as the first day of the month (a date on every database)."""
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment  # type: ignore[no-any-return]


def _grouped(rows: Iterable[dict[str, Any]], *, community: str) -> dict[tuple[int, dt.date], dict[str, Any]]:
    return {(row[community], _month(row["month"])): row for row in rows}


@transaction.atomic
def compute_platform_indicators(*, months: int = DEFAULT_MONTHS, today: dt.date | None = None) -> Computed:
    """Work out the platform indicators for every active community for the last `months` calendar months up to
    and including the current one, and write them (see the module's docstring for what each one is)."""
    if months < 1:
        raise ValueError("Count at least one month.")
    today = today or timezone.localdate()
    firsts = month_starts(months=months, today=today)
    start, end = _start_of(firsts[0]), _start_of(add_months(firsts[-1], 1))
    indicators = {i.key: i for i in IndicatorDefinition.objects.filter(community=None, key__in=KEYS)}
    communities = list(Community.objects.filter(status=Status.ACTIVE).values_list("pk", flat=True))
    figures = _figures(communities, firsts, start=start, end=end)
    wanted = {key: figure for key, figure in figures.items() if key[0] in indicators}

    existing = {
        (o.indicator.key, o.community_id, o.period_start): o
        for o in IndicatorObservation.objects.filter(
            source=IndicatorObservation.Source.PLATFORM,
            indicator__in=indicators.values(),
            community__in=communities,
            period_start__gte=firsts[0],
            period_start__lte=firsts[-1],
        ).select_related("indicator")
    }
    new, changed, unchanged = [], [], 0
    for (key, community_id, first), (value, people) in wanted.items():
        observation = existing.get((key, community_id, first))
        if observation is None:
            new.append(
                IndicatorObservation(
                    indicator=indicators[key],
                    community_id=community_id,
                    period_start=first,
                    period_end=month_end(first),
                    value=value,
                    people=people,
                    source=IndicatorObservation.Source.PLATFORM,
                )
            )
        elif observation.value != value or observation.people != people:
            observation.value, observation.people = value, people
            observation.updated_at = timezone.now()
            changed.append(observation)
        else:
            unchanged += 1
    IndicatorObservation.objects.bulk_create(new, batch_size=500)
    IndicatorObservation.objects.bulk_update(changed, ["value", "people", "updated_at"], batch_size=500)
    # A figure that no longer stands (its help requests were deleted, say) is taken away.
    stale = [o.pk for k, o in existing.items() if k not in wanted]
    IndicatorObservation.objects.filter(pk__in=stale).delete()
    return Computed(
        communities=len(communities),
        months=len(firsts),
        created=len(new),
        updated=len(changed),
        unchanged=unchanged,
        removed=len(stale),
    )


def _by_month(queryset: QuerySet[Any], moment: str) -> QuerySet[Any]:
    return queryset.annotate(month=TruncMonth(moment)).order_by()


def _figures(
    communities: list[int], firsts: list[dt.date], *, start: dt.datetime, end: dt.datetime
) -> dict[Key, Figure]:
    """Every indicator's figure for every community and month, from grouped queries."""
    figures: dict[Key, Figure] = {}
    every = [(c, first) for c in communities for first in firsts]

    posts = Post.objects.filter(
        thread__community__in=communities, created_at__gte=start, created_at__lt=end, deleted_at__isnull=True
    )
    going = Registration.objects.filter(
        event__community__in=communities,
        status=Registration.Status.GOING,
        registered_at__gte=start,
        registered_at__lt=end,
    )
    came = Registration.objects.filter(
        event__community__in=communities,
        attended=True,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
    )
    help_requests = Thread.objects.filter(
        community__in=communities, kind=Kind.HELP, created_at__gte=start, created_at__lt=end
    )

    # Participation: posts and places taken.
    post_counts = _grouped(
        _by_month(posts, "created_at").values("thread__community", "month").annotate(n=Count("pk")),
        community="thread__community",
    )
    place_counts = _grouped(
        _by_month(going, "registered_at").values("event__community", "month").annotate(n=Count("pk")),
        community="event__community",
    )
    for group in every:
        n = post_counts.get(group, {}).get("n", 0) + place_counts.get(group, {}).get("n", 0)
        figures[("participation", *group)] = (Decimal(n), None)

    # Active members: who posted, or came to an event.
    active: dict[tuple[int, dt.date], set[int]] = defaultdict(set)
    for row in (
        _by_month(posts.filter(author__isnull=False), "created_at")
        .values("thread__community", "month", "author")
        .distinct()
    ):
        active[(row["thread__community"], _month(row["month"]))].add(row["author"])
    for row in _by_month(came, "event__starts_at").values("event__community", "month", "person").distinct():
        active[(row["event__community"], _month(row["month"]))].add(row["person"])
    for group in every:
        figures[("active_members", *group)] = (Decimal(len(active.get(group, ()))), None)

    # Help requests: answered (a share), solved.
    help_rows = _grouped(
        _by_month(help_requests, "created_at")
        .values("community", "month")
        .annotate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(first_response_at__isnull=False)),
            solved=Count("pk", filter=Q(accepted_answer__isnull=False)),
            askers=Count("author", distinct=True),
        ),
        community="community",
    )
    for group in every:
        help_row = help_rows.get(group)
        solved = help_row["solved"] if help_row else 0
        figures[("help_solved", *group)] = (Decimal(solved), None)
        if help_row and help_row["total"]:
            share = (Decimal(100) * help_row["answered"] / help_row["total"]).quantize(Decimal("0.01"))
            figures[("help_answered", *group)] = (share, help_row["askers"])

    # Event attendance: people marked as having come.
    attendance = _grouped(
        _by_month(came, "event__starts_at")
        .values("event__community", "month")
        .annotate(n=Count("person", distinct=True)),
        community="event__community",
    )
    for group in every:
        figures[("event_attendance", *group)] = (Decimal(attendance.get(group, {}).get("n", 0)), None)

    # Continuity: one grouped query, two conditional counts for each month.
    counts: dict[str, Count] = {}
    for index, first in enumerate(firsts):
        month_end = _start_of(add_months(first, 1))
        joined_before = Q(joined_at__lt=_start_of(add_months(first, 1 - CONTINUITY_MONTHS)))
        stayed = Q(left_at__isnull=True) | Q(left_at__gte=month_end)
        counts[f"joined{index}"] = Count("pk", filter=joined_before)
        counts[f"stayed{index}"] = Count("pk", filter=joined_before & stayed)
    memberships = Membership.objects.filter(community__in=communities).values("community")
    for member_row in memberships.annotate(**counts).order_by():
        for index, first in enumerate(firsts):
            joined, stayed_on = member_row[f"joined{index}"], member_row[f"stayed{index}"]  # type: ignore[literal-required]
            if joined:
                share = (Decimal(100) * stayed_on / joined).quantize(Decimal("0.01"))
                figures[("continuity", member_row["community"], first)] = (share, joined)

    # Connections across service areas: who replied to whose thread.
    pairs: dict[tuple[int, dt.date], set[frozenset[int]]] = defaultdict(set)
    replies = (
        posts.filter(
            author__person__service_area__isnull=False,
            thread__author__person__service_area__isnull=False,
        )
        .exclude(author=F("thread__author"))
        .exclude(author__person__service_area=F("thread__author__person__service_area"))
    )
    for row in (
        _by_month(replies, "created_at")
        .values("thread__community", "month", "author", "thread__author")
        .distinct()
    ):
        pairs[(row["thread__community"], _month(row["month"]))].add(
            frozenset((row["author"], row["thread__author"]))
        )
    for group in every:
        figures[("cross_area_connections", *group)] = (Decimal(len(pairs.get(group, ()))), None)

    # Resources produced: until the library exists, solved help requests and events' materials.
    materials = _grouped(
        _by_month(
            Material.objects.filter(
                event__community__in=communities, event__starts_at__gte=start, event__starts_at__lt=end
            ),
            "event__starts_at",
        )
        .values("event__community", "month")
        .annotate(n=Count("pk")),
        community="event__community",
    )
    for group in every:
        solved = help_rows.get(group, {}).get("solved", 0)
        produced = solved + materials.get(group, {}).get("n", 0)
        figures[("resources_produced", *group)] = (Decimal(produced), None)
    return figures
