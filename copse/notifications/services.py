"""What other apps call to tell people things, and the workflows behind notifications and digests.

`notify` is the one entry point for the domain apps: it writes the in-app notifications in one statement and
queues one background task, after commit, to email those who want that kind straight away.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from copse.accounts.models import User

from . import tasks
from .emails import digest_email
from .kinds import DIGEST_PERIODS, KINDS, Delivery
from .models import TITLE_MAX_LENGTH, DigestRun, Notification, Preference, validate_site_path

DIGEST_BATCH_SIZE = 200


@transaction.atomic
def notify(*, recipient_ids: list[int], kind: str, title: str, url: str, actor_id: int | None = None) -> int:
    """Tell each active person in `recipient_ids` (except the actor) that something happened. Returns how many
    notifications were written.

    Callers pass only people who may see what `url` points to. The cost is two queries whatever the number of
    recipients; emails go from a background task queued after commit, never from the caller's transaction.
    """
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind of notification.")
    validate_site_path(url)
    title = " ".join(title.split())
    if not title:
        raise ValueError("A notification needs a title.")
    if len(title) > TITLE_MAX_LENGTH:
        title = title[: TITLE_MAX_LENGTH - 1].rstrip() + "…"
    ids = sorted({int(pk) for pk in recipient_ids} - {actor_id})
    if not ids:
        return 0
    created = _insert_for_each(ids, kind=kind, title=title, url=url, actor_id=actor_id)
    if created:
        transaction.on_commit(lambda: tasks.email_notifications.enqueue(created))
    return len(created)


def _insert_for_each(ids: list[int], *, kind: str, title: str, url: str, actor_id: int | None) -> list[int]:
    """One INSERT ... SELECT for all recipients, returning the new ids.

    `bulk_create` would split the rows into several statements on SQLite (999 parameters a statement), so the
    cost would grow with the number of recipients. Here the ids travel as one parameter (a JSON array on SQLite,
    an array on PostgreSQL) and the same statement drops inactive and unknown people.
    """
    quote = connection.ops.quote_name
    ids_param: list[int] | str
    if connection.vendor == "postgresql":
        id_list, ids_param = "SELECT unnest(%s::bigint[])", ids
    else:
        id_list, ids_param = "SELECT value FROM json_each(%s)", json.dumps(ids)
    columns = ", ".join(quote(c) for c in ("recipient_id", "kind", "title", "url", "actor_id", "created_at"))
    user_id, user_table = quote("id"), quote(User._meta.db_table)
    sql = (
        f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) "  # noqa: S608 - names are ours, values are parameters
        f"SELECT u.{user_id}, %s, %s, %s, %s, %s FROM {user_table} u "
        f"WHERE u.{quote('is_active')} AND u.{user_id} IN ({id_list}) RETURNING {quote('id')}"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, title, url, actor_id, now, ids_param])
        return [row[0] for row in cursor.fetchall()]


UNREAD_COUNT_SQL = (
    "SELECT COUNT(*) FROM notifications_notification WHERE recipient_id = %s AND read_at IS NULL"
)


def unread_count(person: User) -> int:
    """How many notifications the person has not yet read (one query). In SQL, because the header asks it on
    every page, and the ORM took 0.4 ms to build a query that runs in 0.03 (`benchmarks/README.md`)."""
    with connection.cursor() as cursor:
        cursor.execute(UNREAD_COUNT_SQL, [person.pk])
        (count,) = cursor.fetchone()
    return int(count)


def mark_read(person: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read: those in `ids`, or all of them when `ids` is None. Returns how many
    changed; ids of other people's notifications are ignored."""
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def deliveries_for(person: User) -> dict[str, str]:
    """How the person hears about each kind: their choice, or the kind's default."""
    chosen = dict(Preference.objects.filter(person=person).values_list("kind", "delivery"))
    return {slug: chosen.get(slug, kind.default.value) for slug, kind in KINDS.items()}


@transaction.atomic
def set_deliveries(person: User, deliveries: dict[str, str]) -> None:
    """Save how the person wants to hear about each kind in `deliveries` (one statement)."""
    for slug, delivery in deliveries.items():
        if slug not in KINDS or delivery not in Delivery.values:
            raise ValueError(f"{slug!r}: {delivery!r} is not a kind and a way of delivering it.")
    Preference.objects.bulk_create(
        [Preference(person=person, kind=slug, delivery=delivery) for slug, delivery in deliveries.items()],
        update_conflicts=True,
        unique_fields=["person", "kind"],
        update_fields=["delivery"],
    )


def unsubscribe(person: User, scope: str) -> list[str]:
    """Stop the emails an unsubscribe link was for: one kind, or every kind sent in the daily or weekly digest.
    Returns the kinds switched off. In-app notifications carry on."""
    if scope in KINDS:
        kinds = [scope]
    else:
        kinds = [slug for slug, delivery in deliveries_for(person).items() if delivery == scope]
    set_deliveries(person, dict.fromkeys(kinds, Delivery.OFF.value))
    return kinds


@dataclass
class DigestCounts:
    sent: int = 0  # digests emailed
    notifications: int = 0  # notifications in them
    resumed: int = 0  # of the digests sent, those an interrupted earlier run had started


def period_start(period: str, now: datetime) -> date:
    """The first day of the period `now` falls in (local time): today, or this week's Monday."""
    today = timezone.localdate(now)
    return today if period == Delivery.DAILY else today - timedelta(days=today.weekday())


def people_awaiting_digest(period: str, *, now: datetime | None = None) -> int:
    """How many people `send_digests` would email for this period now (for a progress bar)."""
    return _awaiting(period, period_start(period, now or timezone.now())).count()


def _awaiting(period: str, start: date) -> QuerySet[Notification, int]:
    """Ids of people with notifications for this period's digest who have had no digest for it yet."""
    already = DigestRun.objects.filter(person=OuterRef("recipient_id"), period=period, period_start=start)
    return (
        Notification.objects.awaiting_digest(period)
        .filter(~Exists(already))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )


def send_digests(
    period: str,
    *,
    now: datetime | None = None,
    batch_size: int = DIGEST_BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
) -> DigestCounts:
    """Email each person one digest of their unread notifications of the kinds they get in this period's digest.

    Safe to re-run: a person gets at most one digest per period (`DigestRun` is unique on person, period and
    start), and digests an interrupted run had started are sent first. Works through people `batch_size` at a
    time at a fixed number of queries a batch. `progress` is called with the number of people in each batch.
    """
    if period not in DIGEST_PERIODS:
        raise ValueError(f"{period!r} is not a digest period: choose daily or weekly.")
    start = period_start(period, now or timezone.now())
    counts = DigestCounts()
    # Resume first: digests an earlier attempt wrote but did not finish sending.
    while pending := list(
        DigestRun.objects.filter(period=period, period_start=start, sent_at__isnull=True).order_by("pk")[
            :batch_size
        ]
    ):
        before = counts.sent
        _send_batch(pending, counts)
        counts.resumed += counts.sent - before
        if progress:
            progress(len(pending))
    after = 0
    while people := list(_awaiting(period, start).filter(recipient_id__gt=after)[:batch_size]):
        after = people[-1]
        with transaction.atomic():
            runs = DigestRun.objects.bulk_create(
                [DigestRun(person_id=pk, period=period, period_start=start) for pk in people]
            )
            Notification.objects.awaiting_digest(period).filter(recipient_id__in=people).update(
                digest=DigestRun.objects.filter(
                    person=OuterRef("recipient_id"), period=period, period_start=start
                ).values("pk")[:1]
            )
        _send_batch(runs, counts)
        if progress:
            progress(len(people))
    return counts


def _send_batch(runs: list[DigestRun], counts: DigestCounts) -> None:
    """Email the digests of `runs`, then record them as sent (those that went, even if one fails part-way)."""
    by_run: dict[int, list[Notification]] = {run.pk: [] for run in runs}
    people: dict[int, User] = {}
    for notification in (
        Notification.objects.filter(digest__in=by_run.keys(), read_at__isnull=True)
        .select_related("recipient", "actor")
        .order_by("-created_at", "-pk")
    ):
        assert notification.digest_id is not None
        by_run[notification.digest_id].append(notification)
        people[notification.digest_id] = notification.recipient
    done: list[int] = []
    try:
        with get_connection() as mail:
            for run in runs:
                notifications = by_run[run.pk]
                if notifications:  # all read since it was written: nothing worth an email
                    run.person = people[run.pk]
                    mail.send_messages([digest_email(run, notifications)])
                    counts.sent += 1
                    counts.notifications += len(notifications)
                done.append(run.pk)
    finally:
        DigestRun.objects.filter(pk__in=done).update(sent_at=timezone.now())
