"""The indicators Copse counts itself: for a small built dataset, every figure equals a count made directly from
the raw rows, and a re-run gives the same rows and numbers."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.accounts.models import Person
from copse.communities.models import Membership, Status
from copse.discussions.models import Kind, Post, Thread
from copse.events.models import Material, Registration
from copse.testing import (
    CommunityFactory,
    EventFactory,
    MaterialFactory,
    MembershipFactory,
    PostFactory,
    RegistrationFactory,
    ServiceAreaFactory,
    ThreadFactory,
    UserFactory,
    ship_framework,
)
from copse.valuecreation.models import IndicatorObservation
from copse.valuecreation.months import add_months, month_starts
from copse.valuecreation.services.platform import KEYS, compute_platform_indicators

TODAY = dt.date(2026, 6, 15)
MONTHS = 4


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


class PlatformIndicatorTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        ship_framework()
        rng = random.Random(7)
        areas = [
            ServiceAreaFactory(name="Finance", slug="finance"),
            ServiceAreaFactory(name="Estates", slug="estates"),
        ]
        cls.communities = [CommunityFactory(service_area=areas[0]), CommunityFactory(service_area=areas[1])]
        cls.resting = CommunityFactory(status=Status.DORMANT)
        people = []
        for n in range(10):
            person = UserFactory(profile={"service_area": areas[n % 2] if n < 8 else None})
            people.append(person)
        firsts = month_starts(months=MONTHS + 8, today=TODAY)
        for community in [*cls.communities, cls.resting]:
            for person in rng.sample(people, 7):
                joined = at(rng.choice(firsts), 9)
                left = at(rng.choice(firsts), 10) if rng.random() < 0.3 else None
                if left is not None and left <= joined:
                    left = None
                MembershipFactory(community=community, person=person, joined_at=joined, left_at=left)
            for _ in range(12):
                author = rng.choice(people)
                kind = rng.choice([Kind.HELP, Kind.DISCUSSION])
                thread = ThreadFactory(community=community, author=author, kind=kind)
                started = at(rng.choice(firsts) + dt.timedelta(days=rng.randrange(27)))
                Thread.objects.filter(pk=thread.pk).update(created_at=started)
                Post.objects.filter(thread=thread).update(created_at=started)
                first_reply = None
                for _ in range(rng.randrange(4)):
                    replier = rng.choice(people)
                    post = PostFactory(thread=thread, author=replier)
                    when = started + dt.timedelta(days=rng.randrange(40))
                    Post.objects.filter(pk=post.pk).update(
                        created_at=when, deleted_at=when if rng.random() < 0.1 else None
                    )
                    if replier != author and first_reply is None:
                        first_reply = post
                        Thread.objects.filter(pk=thread.pk).update(first_response_at=when)
                if kind == Kind.HELP and first_reply is not None and rng.random() < 0.6:
                    Thread.objects.filter(pk=thread.pk).update(accepted_answer=first_reply)
            for _ in range(4):
                start = at(rng.choice(firsts) + dt.timedelta(days=rng.randrange(27)), 14)
                event = EventFactory(
                    community=community, starts_at=start, ends_at=start + dt.timedelta(hours=1)
                )
                for person in rng.sample(people, 5):
                    RegistrationFactory(
                        event=event,
                        person=person,
                        status=rng.choice([Registration.Status.GOING, Registration.Status.CANCELLED]),
                        registered_at=start - dt.timedelta(days=rng.randrange(20)),
                        attended=rng.random() < 0.5,
                    )
                for _ in range(rng.randrange(3)):
                    MaterialFactory(event=event)

    def expected(self) -> dict[tuple[str, int, dt.date], tuple[Decimal, int | None]]:
        """Each figure counted the plain way, row by row."""
        firsts = set(month_starts(months=MONTHS, today=TODAY))
        ids = [c.pk for c in self.communities]
        out: dict[tuple[str, int, dt.date], tuple[Decimal, int | None]] = {}
        zero: dict[Any, int] = defaultdict(int)
        participation, solved, materials = zero.copy(), zero.copy(), zero.copy()
        active: dict[Any, set[Any]] = defaultdict(set)
        attended: dict[Any, set[Any]] = defaultdict(set)
        help_total, help_answered, askers = zero.copy(), zero.copy(), defaultdict(set)
        pairs: dict[Any, set[frozenset[Any]]] = defaultdict(set)
        areas: dict[Any, Any] = dict(Person.objects.values_list("user_id", "service_area_id"))
        for post in Post.objects.select_related("thread"):
            key = (post.thread.community_id, month_of(post.created_at))
            if post.deleted_at is None:
                participation[key] += 1
                active[key].add(post.author_id)
                a, b = post.author_id, post.thread.author_id
                if a != b and areas.get(a) and areas.get(b) and areas[a] != areas[b]:
                    pairs[key].add(frozenset((a, b)))
        for registration in Registration.objects.select_related("event"):
            if registration.status == Registration.Status.GOING:
                participation[(registration.event.community_id, month_of(registration.registered_at))] += 1
            if registration.attended:
                key = (registration.event.community_id, month_of(registration.event.starts_at))
                active[key].add(registration.person_id)
                attended[key].add(registration.person_id)
        for thread in Thread.objects.filter(kind=Kind.HELP):
            key = (thread.community_id, month_of(thread.created_at))
            help_total[key] += 1
            askers[key].add(thread.author_id)
            help_answered[key] += thread.first_response_at is not None
            solved[key] += thread.accepted_answer_id is not None
        for material in Material.objects.select_related("event"):
            materials[(material.event.community_id, month_of(material.event.starts_at))] += 1
        memberships = list(Membership.objects.all())
        for community in ids:
            for first in firsts:
                key = (community, first)
                end = at(add_months(first, 1), 0).replace(hour=0)
                cutoff = at(add_months(first, -5), 0).replace(hour=0)
                out[("participation", *key)] = (Decimal(participation[key]), None)
                out[("active_members", *key)] = (Decimal(len(active[key])), None)
                out[("event_attendance", *key)] = (Decimal(len(attended[key])), None)
                out[("help_solved", *key)] = (Decimal(solved[key]), None)
                out[("resources_produced", *key)] = (Decimal(solved[key] + materials[key]), None)
                if help_total[key]:
                    share = Decimal(100 * help_answered[key]) / help_total[key]
                    out[("help_answered", *key)] = (share.quantize(Decimal("0.01")), len(askers[key]))
                joined = [m for m in memberships if m.community_id == community and m.joined_at < cutoff]
                stayed = [m for m in joined if m.left_at is None or m.left_at >= end]
                if joined:
                    share = (Decimal(100 * len(stayed)) / len(joined)).quantize(Decimal("0.01"))
                    out[("continuity", *key)] = (share, len(joined))
                out[("cross_area_connections", *key)] = (Decimal(len(pairs[key])), None)
        return out

    def stored(self) -> dict[tuple[str, int, dt.date], tuple[Decimal, int | None]]:
        return {
            (o.indicator.key, o.community_id, o.period_start): (o.value, o.people)
            for o in IndicatorObservation.objects.filter(source="platform").select_related("indicator")
        }

    def test_every_figure_equals_the_count_from_the_raw_rows(self) -> None:
        compute_platform_indicators(months=MONTHS, today=TODAY)
        expected, stored = self.expected(), self.stored()
        assert {key[0] for key in stored} == set(KEYS)
        for key in sorted(expected.keys() | stored.keys(), key=str):
            assert stored.get(key) == expected.get(key), key
        # Only active communities, and monthly periods.
        assert not IndicatorObservation.objects.filter(community=self.resting).exists()
        for observation in IndicatorObservation.objects.all():
            assert observation.period_start.day == 1
            assert observation.period_end == add_months(observation.period_start, 1) - dt.timedelta(days=1)

    def test_a_re_run_gives_the_same_rows_and_numbers(self) -> None:
        first = compute_platform_indicators(months=MONTHS, today=TODAY)
        rows = list(IndicatorObservation.objects.order_by("pk").values_list("pk", "value", "people"))
        again = compute_platform_indicators(months=MONTHS, today=TODAY)
        assert again.created == again.updated == again.removed == 0
        assert again.unchanged == first.created
        assert list(IndicatorObservation.objects.order_by("pk").values_list("pk", "value", "people")) == rows

    def test_a_change_in_the_rows_is_written_again_not_twice(self) -> None:
        compute_platform_indicators(months=MONTHS, today=TODAY)
        count = IndicatorObservation.objects.count()
        thread = Thread.objects.filter(community=self.communities[0], kind=Kind.HELP).first()
        assert thread is not None
        Thread.objects.filter(kind=Kind.HELP, community=self.communities[0]).delete()
        compute_platform_indicators(months=MONTHS, today=TODAY)
        assert self.stored() == self.expected()
        assert IndicatorObservation.objects.count() <= count

    def test_the_cost_does_not_grow_with_the_rows(self) -> None:
        with CaptureQueriesContext(connection) as first:
            compute_platform_indicators(months=MONTHS, today=TODAY)
        with CaptureQueriesContext(connection) as again:
            compute_platform_indicators(months=MONTHS, today=TODAY)
        assert len(again) <= 14
        assert len(first) <= 16

    def test_the_command_prints_its_counts(self) -> None:
        out = io.StringIO()
        call_command("compute_value_indicators", "--months", "2", stdout=out)
        assert "2 communities × 2 months" in out.getvalue()

    def test_the_task_runs_it(self) -> None:
        from copse.valuecreation.tasks import compute_value_indicators

        result: Any = compute_value_indicators.call(months=1)
        assert result["created"] > 0
