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

# ruff: noqa: S608 -- the SQL here is built only from our own table names and constants; every value is a parameter.

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from copse.accounts.models import Person, User
from copse.communities.models import ESTABLISHED, ORGANISERS, Community, Membership, Visibility
from copse.discussions.models import Kind, Post, Subscription, Thread
from copse.events.models import Audience, Event

from .sql import Sql, table

FEED_PAGE_SIZE = 12

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


# A NULL of each column's type: PostgreSQL needs to know it to join the sources with UNION ALL.
NO_TEXT, NO_NUMBER, NO_MOMENT = (
    "CAST(NULL AS TEXT)",
    "CAST(NULL AS BIGINT)",
    "CAST(NULL AS TIMESTAMP WITH TIME ZONE)",
)


# Who did it (u) with their profile (pr), so their face needs no query of its own; then where (c).
ACTOR = "u.name, u.known_as, u.email, u.is_active, pr.photo"


def _source(kind: str, reader: Reader, *, position: Position | None, size: int, moment: str, key: str) -> Sql:
    """One source's bounded SELECT: the columns of an entry, its conditions, then its newest `size + 1` rows after
    `position` in the merged order (moment, rank, id). `moment` and `key` are the SQL of its moment and id."""
    sql = Sql()
    user = reader.user.pk
    people, profiles, communities = table(User), table(Person), table(Community)
    if kind == THREAD:
        sql.add(
            f"SELECT t.created_at, t.id, t.author_id, {ACTOR}, c.id, c.name, c.slug,"
            f" t.title, t.id, {NO_NUMBER}, t.kind, {NO_MOMENT}, {NO_TEXT}"
            f" FROM {table(Thread)} t JOIN {communities} c ON c.id = t.community_id"
            f" LEFT JOIN {people} u ON u.id = t.author_id LEFT JOIN {profiles} pr ON pr.user_id = u.id"
            " WHERE (t.author_id IS NULL OR t.author_id <> %s) AND",
            user,
        ).among("t.community_id", reader.communities)
    elif kind == REPLY:
        subscriptions, posts = table(Subscription), table(Post)
        mine = f"SELECT s.{{0}} FROM {subscriptions} s WHERE s.person_id = %s AND s.state = %s AND s.{{0}} IS NOT NULL"
        sql.add(
            f"SELECT p.created_at, p.id, p.author_id, {ACTOR}, c.id, c.name, c.slug,"
            f" t.title, t.id, p.id, {NO_TEXT}, {NO_MOMENT}, {NO_TEXT}"
            f" FROM {posts} p JOIN {table(Thread)} t ON t.id = p.thread_id"
            f" JOIN {communities} c ON c.id = t.community_id LEFT JOIN {people} u ON u.id = p.author_id"
            f" LEFT JOIN {profiles} pr ON pr.user_id = u.id"
            f" WHERE (p.thread_id IN ({mine.format('thread_id')}) OR t.author_id = %s)"
            f" AND p.thread_id NOT IN ({mine.format('thread_id')})"
            f" AND t.community_id NOT IN ({mine.format('community_id')})"
            " AND p.hidden_at IS NULL AND p.deleted_at IS NULL AND (p.author_id IS NULL OR p.author_id <> %s)"
            f" AND p.id <> (SELECT o.id FROM {posts} o WHERE o.thread_id = p.thread_id"
            " ORDER BY o.created_at, o.id LIMIT 1)",
            user,
            Subscription.State.FOLLOWING,
            user,
            user,
            Subscription.State.MUTED,
            user,
            Subscription.State.MUTED,
            user,
        )
        if not reader.everything:
            sql.add("AND (").among("t.community_id", reader.communities)
            sql.add(
                f"OR (c.visibility = %s AND c.status IN ({', '.join(['%s'] * len(ESTABLISHED))})))",
                Visibility.OPEN,
                *ESTABLISHED,
            )
    elif kind == SOLVED:
        sql.add(
            f"SELECT a.created_at, t.id, a.author_id, {ACTOR}, c.id, c.name, c.slug,"
            f" t.title, t.id, a.id, {NO_TEXT}, {NO_MOMENT}, {NO_TEXT}"
            f" FROM {table(Thread)} t JOIN {table(Post)} a ON a.id = t.accepted_answer_id"
            f" JOIN {communities} c ON c.id = t.community_id LEFT JOIN {people} u ON u.id = a.author_id"
            f" LEFT JOIN {profiles} pr ON pr.user_id = u.id"
            " WHERE t.kind = %s AND a.hidden_at IS NULL AND a.deleted_at IS NULL"
            " AND (a.author_id IS NULL OR a.author_id <> %s) AND",
            Kind.HELP,
            user,
        ).among("t.community_id", reader.communities)
    elif kind == EVENT:
        sql.add(
            f"SELECT e.created_at, e.id, e.created_by_id, {ACTOR}, c.id, c.name, c.slug,"
            f" e.title, {NO_NUMBER}, {NO_NUMBER}, e.kind, e.starts_at, e.status"
            f" FROM {table(Event)} e LEFT JOIN {communities} c ON c.id = e.community_id"
            f" LEFT JOIN {people} u ON u.id = e.created_by_id LEFT JOIN {profiles} pr ON pr.user_id = u.id"
            " WHERE (e.created_by_id IS NULL OR e.created_by_id <> %s) AND (e.community_id IS NULL OR",
            user,
        )
        if reader.everything:
            sql.among("e.community_id", reader.communities).add(")")
        else:
            sql.add("(").among("e.community_id", reader.communities).add(
                "AND e.audience IN (%s, %s)) OR (", Audience.COMMUNITY, Audience.ALL_STAFF
            )
            sql.among("e.community_id", reader.organised).add("AND e.audience = %s))", Audience.CORE)
    else:
        sql.add(
            f"SELECT m.joined_at, m.id, m.person_id, {ACTOR}, c.id, c.name, c.slug,"
            f" {NO_TEXT}, {NO_NUMBER}, {NO_NUMBER}, {NO_TEXT}, {NO_MOMENT}, {NO_TEXT}"
            f" FROM {table(Membership)} m JOIN {people} u ON u.id = m.person_id"
            f" LEFT JOIN {profiles} pr ON pr.user_id = u.id"
            f" JOIN {communities} c ON c.id = m.community_id"
            " WHERE m.left_at IS NULL AND u.is_active = %s AND m.person_id <> %s AND",
            True,
            user,
        ).among("m.community_id", reader.communities)
    if position is not None:
        at, rank, pk = position
        at_param = connection.ops.adapt_datetimefield_value(at)
        if RANK[kind] < rank:
            sql.add(f"AND {moment} <= %s", at_param)
        elif RANK[kind] == rank:
            sql.add(f"AND ({moment} < %s OR ({moment} = %s AND {key} < %s))", at_param, at_param, pk)
        else:
            sql.add(f"AND {moment} < %s", at_param)
    return sql.add(f"ORDER BY {moment} DESC, {key} DESC LIMIT {int(size) + 1}")


# Each source's moment and id, as its SQL names them.
ORDER = {
    THREAD: ("t.created_at", "t.id"),
    REPLY: ("p.created_at", "p.id"),
    SOLVED: ("a.created_at", "t.id"),
    EVENT: ("e.created_at", "e.id"),
    JOINED: ("m.joined_at", "m.id"),
}


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


def _entry(kind: str, row: tuple[Any, ...], places: dict[int, Community]) -> Entry:
    """An entry from its row; `places` keeps one Community per id, with its address, for the whole page."""
    (at, pk, actor_id, name, known_as, email, active, photo, community_id, community_name, slug) = row[:11]
    title, thread_id, post_id, detail, starts_at, status = row[11:17]
    actor = None
    if actor_id:
        actor = User(pk=actor_id, name=name, known_as=known_as or "", email=email, is_active=bool(active))
        # The profile, from the same row, so `{% avatar %}` shows the photo without a query.
        User.person.related.set_cached_value(actor, Person(user_id=actor_id, photo=photo or ""))
    community = places.get(community_id) if community_id else None
    if community_id and community is None:
        community = places[community_id] = Community(pk=community_id, name=community_name, slug=slug)
        community.url = community.get_absolute_url()  # type: ignore[attr-defined]
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
    one query, whatever the page holds.

    Each source is its own SELECT, ordered and cut to `size + 1` rows after the cursor; UNION ALL joins them and
    the database orders and cuts the whole once more. It is written in SQL rather than built with the ORM because
    building five querysets of fifteen columns cost more than everything else on the home page together
    (CONTRIBUTING.md has the figures); `test_feed.py` checks every entry against the models' `visible_to`.
    """
    position = parse_cursor(cursor) if cursor else None
    kinds = [REPLY, EVENT] + ([THREAD, SOLVED, JOINED] if reader.communities else [])
    selects, params = [], []
    for kind in kinds:
        moment, key = ORDER[kind]
        source = _source(kind, reader, position=position, size=size, moment=moment, key=key)
        # The rank is one of our own integers and the SQL our own; every value is a parameter.
        selects.append(f"SELECT {int(RANK[kind])} AS f_rank, part.* FROM ({source.text()}) part")
        params.extend(source.params)
    with connection.cursor() as db:
        db.execute(
            f"{' UNION ALL '.join(selects)} ORDER BY 2 DESC, 1 DESC, 3 DESC LIMIT {int(size) + 1}", params
        )
        rows = [(KIND_OF_RANK[row[0]], row[1:]) for row in db.fetchall()]
    places: dict[int, Community] = {}
    entries = [_entry(kind, row, places) for kind, row in rows[:size]]
    return FeedPage(entries, entries[-1].cursor if len(rows) > size else None)
