"""The activity feed on the home page: what happened lately in a person's communities, newest first.

It is read from the tables the workflows already write (threads, posts, events, memberships); there is no activity
table to keep in step (CONTRIBUTING.md has the measurements behind that choice). Each source is one bounded query
of the same columns (what an entry shows: who, where, what, when), and the sources are joined with UNION ALL, so a
page of the feed is one query, whatever it holds. Each source keeps to what its model's `visible_to` lets the
person see (tests check the two agree for every persona), and drops what is not news to them: their own doing,
hidden and deleted posts, muted threads.

The page is keyset-paginated over the merge: rows are ordered by (moment, source rank, id), newest first, and the
cursor is the last shown row's triple, so "Older activity" continues exactly where the page ended, with no OFFSET.
Each source gives at most `size + 1` rows after the cursor: the next page's rows are always among them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from copse.accounts.models import User
from copse.communities.models import ESTABLISHED, ORGANISERS, Community, Membership, Visibility
from copse.discussions.models import Kind, Post, Subscription, Thread
from copse.events.models import Audience, Event

FEED_PAGE_SIZE = 15

# Where two rows share a moment, the higher rank comes first; the rank is part of the cursor.
THREAD, REPLY, SOLVED, EVENT, JOINED = "thread", "reply", "solved", "event", "joined"
RANK = {THREAD: 5, REPLY: 4, SOLVED: 3, EVENT: 2, JOINED: 1}
KIND_OF_RANK = {rank: kind for kind, rank in RANK.items()}


@dataclass(frozen=True)
class Entry:
    """One thing that happened: `kind` says what, `actor` who did it (None for someone who has left), `community`
    where (None for a programme-wide event), `title` of the thread or event, `url` where the entry leads, `detail`
    the thread's or event's kind, and for an event when it starts and whether it was cancelled."""

    kind: str
    at: datetime
    pk: int
    actor: User | None
    community: Community | None
    title: str
    url: str
    detail: str
    starts_at: datetime | None
    cancelled: bool

    @property
    def cursor(self) -> str:
        return f"{self.at.isoformat()}|{RANK[self.kind]}|{self.pk}"


@dataclass(frozen=True)
class FeedPage:
    entries: list[Entry]
    next_cursor: str | None  # `?after=` for older activity; None on the last page


Position = tuple[datetime, int, int]


def parse_cursor(cursor: str) -> Position | None:
    """The (moment, rank, id) a cursor names, or None when it is not one (the feed then starts from the newest).

    A moment must be whole, zone-aware and in a sensible range, as in `copse.core.pagination`: anything else is a
    mangled or forged cursor, and letting it reach the database would mean warnings or an overflow."""
    parts = cursor.rsplit("|", 2)
    if len(parts) != 3 or "\x00" in cursor:
        return None
    raw_at, raw_rank, raw_pk = parts
    if not (
        raw_rank.isascii() and raw_rank.isdigit() and len(raw_rank) < 3 and int(raw_rank) in KIND_OF_RANK
    ):
        return None
    if not (raw_pk.isascii() and raw_pk.isdigit() and len(raw_pk) < 19):
        return None
    try:
        at = parse_datetime(raw_at)
    except ValueError:
        return None
    if at is None or at.tzinfo is None or not 1900 <= at.year <= 2999:
        return None
    return (at, int(raw_rank), int(raw_pk))


@dataclass(frozen=True)
class Reader:
    """Whose feed it is, with what the sources need to know about them, looked up once."""

    user: User
    communities: list[int]  # current memberships, in running or retired communities
    organised: list[int]  # of those, where they are a lead or core member
    everything: bool  # the programme team, who may read every community's discussions and events


def reader_for(user: User, memberships: Iterable[Membership] | None = None) -> Reader:
    """Whose feed it is: from their current `memberships` (with communities) when the caller has them, as the
    home page does, otherwise looked up (one query)."""
    if memberships is None:
        memberships = Membership.objects.current().filter(person=user).select_related("community")
    established = [m for m in memberships if m.community.status in ESTABLISHED]
    return Reader(
        user=user,
        communities=[m.community_id for m in established],
        organised=[m.community_id for m in established if m.role in ORGANISERS],
        everything=bool(user.is_programme_team or user.is_superuser),
    )


def _new_threads(reader: Reader) -> QuerySet[Thread]:
    # Every thread of a community the reader belongs to is theirs to read (`Thread.objects.visible_to`).
    return Thread.objects.filter(community_id__in=reader.communities).exclude(author=reader.user)


def _replies(reader: Reader) -> QuerySet[Post]:
    """Replies in the threads the person follows: those they follow (posting follows), and their own threads
    unless they muted them or the community's discussions; as the reply notifications choose. Never a hidden or
    deleted post, and only in threads they may still read (`Thread.objects.visible_to`, spelt out without its
    subqueries: their communities, and the open ones that ran; every one for the programme team)."""
    user = reader.user
    mine = Subscription.objects.filter(person=user)
    following = mine.filter(thread__isnull=False, state=Subscription.State.FOLLOWING).values("thread")
    muted_threads = mine.filter(thread__isnull=False, state=Subscription.State.MUTED).values("thread")
    muted_communities = mine.filter(community__isnull=False, state=Subscription.State.MUTED).values(
        "community"
    )
    opening = Post.objects.filter(thread=OuterRef("thread")).order_by("created_at", "id").values("pk")[:1]
    posts = (
        Post.objects.filter(Q(thread__in=following) | Q(thread__author=user))
        .exclude(thread__in=muted_threads)
        .exclude(thread__community__in=muted_communities)
        .filter(hidden_at__isnull=True, deleted_at__isnull=True)
        .exclude(author=user)
        .exclude(pk=Subquery(opening))
    )
    if reader.everything:
        return posts
    return posts.filter(
        Q(thread__community_id__in=reader.communities)
        | Q(thread__community__visibility=Visibility.OPEN, thread__community__status__in=ESTABLISHED)
    )


def _solved(reader: Reader) -> QuerySet[Thread]:
    """Help requests with an accepted answer, at the moment the answer was written (a thread keeps no separate
    moment of solving), shown with the face of whoever answered."""
    return (
        Thread.objects.filter(
            community_id__in=reader.communities, kind=Kind.HELP, accepted_answer__isnull=False
        )
        .filter(accepted_answer__hidden_at__isnull=True, accepted_answer__deleted_at__isnull=True)
        .exclude(accepted_answer__author=reader.user)
    )


def _new_events(reader: Reader) -> QuerySet[Event]:
    """Events newly scheduled in the person's communities and across the programme, for those whose audience
    includes them (`Event.objects.open_to`, spelt out for a member): an event for a community's core members is
    not news to its wider members."""
    events = Event.objects.exclude(created_by=reader.user)
    if reader.everything:
        return events.filter(Q(community__isnull=True) | Q(community_id__in=reader.communities))
    return events.filter(
        Q(community__isnull=True)
        | Q(community_id__in=reader.communities, audience__in=[Audience.COMMUNITY, Audience.ALL_STAFF])
        | Q(community_id__in=reader.organised, audience=Audience.CORE)
    )


def _joined(reader: Reader) -> QuerySet[Membership]:
    return (
        Membership.objects.of_staff().filter(community_id__in=reader.communities).exclude(person=reader.user)
    )


def _none(field: models.Field[Any, Any]) -> Value:
    return Value(None, output_field=field)


# The columns every source gives, in this order: (name, expression per source). An entry needs no other query.
TEXT, MOMENT, NUMBER = models.CharField(), models.DateTimeField(), models.BigIntegerField()
COLUMNS: dict[str, dict[str, Any]] = {
    "f_at": {
        THREAD: F("created_at"),
        REPLY: F("created_at"),
        SOLVED: F("accepted_answer__created_at"),
        EVENT: F("created_at"),
        JOINED: F("joined_at"),
    },
    "f_pk": {kind: F("pk") for kind in RANK},
    "f_actor": {
        THREAD: F("author_id"),
        REPLY: F("author_id"),
        SOLVED: F("accepted_answer__author_id"),
        EVENT: F("created_by_id"),
        JOINED: F("person_id"),
    },
    **{
        f"f_actor_{field}": {
            THREAD: F(f"author__{field}"),
            REPLY: F(f"author__{field}"),
            SOLVED: F(f"accepted_answer__author__{field}"),
            EVENT: F(f"created_by__{field}"),
            JOINED: F(f"person__{field}"),
        }
        for field in ("name", "known_as", "email")
    },
    **{
        f"f_community_{field}": {
            THREAD: F(f"community__{field}"),
            REPLY: F(f"thread__community__{field}"),
            SOLVED: F(f"community__{field}"),
            EVENT: F(f"community__{field}"),
            JOINED: F(f"community__{field}"),
        }
        for field in ("id", "name", "slug")
    },
    "f_title": {
        THREAD: F("title"),
        REPLY: F("thread__title"),
        SOLVED: F("title"),
        EVENT: F("title"),
        JOINED: _none(TEXT),
    },
    "f_thread": {
        THREAD: F("pk"),
        REPLY: F("thread_id"),
        SOLVED: F("pk"),
        EVENT: _none(NUMBER),
        JOINED: _none(NUMBER),
    },
    "f_post": {
        THREAD: _none(NUMBER),
        REPLY: F("pk"),
        SOLVED: F("accepted_answer_id"),
        EVENT: _none(NUMBER),
        JOINED: _none(NUMBER),
    },
    "f_detail": {
        THREAD: F("kind"),
        REPLY: _none(TEXT),
        SOLVED: _none(TEXT),
        EVENT: F("kind"),
        JOINED: _none(TEXT),
    },
    "f_starts_at": {kind: _none(MOMENT) for kind in RANK} | {EVENT: F("starts_at")},
    "f_status": {kind: _none(TEXT) for kind in RANK} | {EVENT: F("status")},
}


def _after(rows: QuerySet[Any], kind: str, position: Position | None, size: int) -> QuerySet[Any]:
    """The source's newest `size + 1` rows after `position` in the merged order (moment, rank, id), as COLUMNS."""
    rows = rows.annotate(**{name: by_kind[kind] for name, by_kind in COLUMNS.items()})
    if position is not None:
        at, rank, pk = position
        own = RANK[kind]
        if own < rank:
            rows = rows.filter(f_at__lte=at)
        elif own == rank:
            rows = rows.filter(Q(f_at__lt=at) | Q(f_at=at, pk__lt=pk))
        else:
            rows = rows.filter(f_at__lt=at)
    return rows.values_list(*COLUMNS).order_by("-f_at", "-f_pk")[: size + 1]


def _moment(value: Any) -> datetime | None:
    """A moment as the database gave it in a raw row: SQLite gives UTC without a zone (as text, or as a naive
    datetime where it knows the column's type), PostgreSQL an aware datetime."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    parsed = parse_datetime(str(value))
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _entry(kind: str, row: tuple[Any, ...]) -> Entry:
    (at, pk, actor_id, name, known_as, email, community_id, community_name, slug) = row[:9]
    title, thread_id, post_id, detail, starts_at, status = row[9:15]
    actor = User(pk=actor_id, name=name, known_as=known_as or "", email=email) if actor_id else None
    community = Community(pk=community_id, name=community_name, slug=slug) if community_id else None
    if kind in (THREAD, REPLY, SOLVED):
        url = reverse("discussions:thread", args=[slug, thread_id]) + (f"#post-{post_id}" if post_id else "")
    elif kind == EVENT:
        url = reverse("events:detail", args=[pk])
    else:
        url = actor.get_absolute_url() if actor else ""
    return Entry(
        kind=kind,
        at=_moment(at) or datetime.min.replace(tzinfo=UTC),
        pk=pk,
        actor=actor,
        community=community,
        title=title or "",
        url=url,
        detail=detail or "",
        starts_at=_moment(starts_at),
        cancelled=status == Event.Status.CANCELLED,
    )


def activity_for(reader: Reader, *, cursor: str = "", size: int = FEED_PAGE_SIZE) -> FeedPage:
    """A page of the person's activity feed, newest first, after `cursor` (a previous page's `next_cursor`):
    one query, whatever the page holds."""
    position = parse_cursor(cursor) if cursor else None
    sources: list[tuple[str, QuerySet[Any]]] = [(REPLY, _replies(reader)), (EVENT, _new_events(reader))]
    if reader.communities:
        sources += [(THREAD, _new_threads(reader)), (SOLVED, _solved(reader)), (JOINED, _joined(reader))]
    rows = _merged(
        [(kind, _after(queryset, kind, position, size)) for kind, queryset in sources], limit=size + 1
    )
    entries = [_entry(kind, row) for kind, row in rows[:size]]
    return FeedPage(entries, entries[-1].cursor if len(rows) > size else None)


def _merged(parts: list[tuple[str, QuerySet[Any]]], *, limit: int) -> list[tuple[str, tuple[Any, ...]]]:
    """The newest `limit` rows over all the sources' bounded queries, in one round trip: each source's own SQL
    (ordered and limited), joined with UNION ALL, ordered again by (moment, rank, id) and cut."""
    names = ", ".join(COLUMNS)
    selects, params = [], []
    for kind, rows in parts:
        sql, part_params = rows.query.get_compiler(connection.alias).as_sql()
        # The rank is one of our own integers, never input; the sources' values stay parameters.
        selects.append(f"SELECT {int(RANK[kind])} AS f_rank, {names} FROM ({sql}) AS part_{kind}")  # noqa: S608
        params.extend(part_params)
    union = " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(f"{union} ORDER BY 2 DESC, 1 DESC, 3 DESC LIMIT {int(limit)}", params)  # noqa: S608
        return [(KIND_OF_RANK[row[0]], row[1:]) for row in cursor.fetchall()]
