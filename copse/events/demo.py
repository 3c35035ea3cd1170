"""Events for the demo organisation: a year of community sessions, the next three months, and the programme's own.

`seed_demo` runs `extend_demo` (registered in apps.py) after `copse.communities.demo` has built the organisation.
The same seed gives the same events. Everything is planned in memory first, then written in one transaction through
the services people use (`schedule_event`, `register`, `cancel_registration`, `record_attendance`,
`save_follow_up`, `cancel_event`); only the places at past events, which `register` rightly refuses, and the
story's own dates are written in bulk. Times are whole or half hours in London time, on each community's published
meeting day.

What the personas find: the lead has a past session of their community whose attendance is not yet recorded; the
member has a place at their community's next session; one upcoming workshop is full with a waiting list; and the
programme has a past live interview with its recording and a cancelled celebration.
"""

from __future__ import annotations

import calendar
import random
import string
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from copse.accounts.models import User
from copse.communities.demo_data import ADMIN, LEAD, LEAD_COMMUNITY, MEMBER, NEWCOMER, OPERATOR
from copse.communities.models import ORGANISERS, Community, Membership, Role, Status
from copse.core.demo_history import Clock, at_work

from . import services, tasks
from .demo_data import (
    CELEBRATION,
    CELEBRATION_CANCEL_REASON,
    CELEBRATION_PLACE,
    CORE_PLANNING,
    DEFAULT_SCHEDULE,
    FULL_WORKSHOP,
    FULL_WORKSHOP_COMMUNITY,
    FULL_WORKSHOP_PLACE,
    GENERIC,
    INTERNAL_BIOS,
    INTERVIEW,
    INTERVIEW_GUESTS,
    INTERVIEW_SUMMARY,
    OPEN_SESSION,
    SCHEDULES,
    SUMMARIES,
    THU,
    TOPICS,
    TUE,
    WED,
    Guest,
    Schedule,
    Topic,
)
from .models import Audience, Event, EventKind, Material, Registration, Speaker
from .services import MaterialData, SpeakerData

LONDON = ZoneInfo("Europe/London")
PAST = timedelta(days=365)
AHEAD = timedelta(days=91)
TOPIC_SHARE = 0.55  # of sessions on a subject of their own rather than a regular meet-up
TURNOUT = (0.12, 0.35)  # share of members who register for a session
ATTENDED = (0.55, 0.85)  # share of people going who came
FOLLOWED_UP = 0.4  # of past sessions with a summary and materials
WAITING = 4  # on the full workshop's waiting list
BATCH = 500


@dataclass(frozen=True)
class _Person:
    pk: int
    name: str
    job_title: str
    department: str


@dataclass(frozen=True)
class _Member:
    person: _Person
    role: str
    joined: datetime


@dataclass
class _Plan:
    event: Event
    opened: datetime  # when the event was put in the calendar
    going: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # registered, then cancelled
    attended: set[int] = field(default_factory=set)
    speakers: list[Speaker] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)
    by: User | None = None  # who schedules and runs it


def extend_demo(*, seed: int) -> str:
    """Add events to the demo's active communities and the programme; returns a one-line summary."""
    with transaction.atomic():
        return _Seeder(random.Random(seed)).seed()  # noqa: S311 - a demo, not a secret


class _Seeder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate(self.now, LONDON)
        self.plans: list[_Plan] = []
        self.clock = Clock()  # what people are told about the demo's events, moved to when they were told

    def seed(self) -> str:
        self.staff, emails = self._staff()
        self.persona = {p.email: emails[p.email] for p in (ADMIN, LEAD, MEMBER) if p.email in emails}
        # The newcomer has not found their way to events yet, and the operator runs the site.
        self.bystanders = {emails[p.email] for p in (NEWCOMER, OPERATOR) if p.email in emails}
        members = self._members()
        for community in Community.objects.filter(status=Status.ACTIVE).order_by("pk"):
            self._plan_community(community, members.get(community.pk, []))
            if community.name == FULL_WORKSHOP_COMMUNITY:
                self._plan_full_workshop(community, members.get(community.pk, []))
        self._plan_programme()
        return self._write()

    # What there is to work with: staff and memberships, read once.

    def _staff(self) -> tuple[dict[int, _Person], dict[str, int]]:
        """Everyone working here, by id, and their ids by email address."""
        staff: dict[int, _Person] = {}
        emails: dict[str, int] = {}
        for pk, email, name, title, department in (
            User.objects.filter(is_active=True)
            .order_by("pk")
            .values_list("pk", "email", "name", "person__job_title", "person__department__name")
        ):
            staff[pk] = _Person(pk, name, title or "", department or "")
            emails[email] = pk
        return staff, emails

    def _members(self) -> dict[int, list[_Member]]:
        members: dict[int, list[_Member]] = {}
        for community, person, role, joined in (
            Membership.objects.current()
            .filter(person__is_active=True)
            .order_by("community_id", "person_id")
            .values_list("community_id", "person_id", "role", "joined_at")
        ):
            members.setdefault(community, []).append(_Member(self.staff[person], role, joined))
        return members

    # Planning: every choice made in memory, in a fixed order, from the one random sequence.

    def _plan_community(self, community: Community, members: list[_Member]) -> None:
        if not members:
            return
        rng = self.rng
        schedule = SCHEDULES.get(community.name, DEFAULT_SCHEDULE)
        first = max(self.today - PAST, timezone.localdate(community.created_at, LONDON) + timedelta(days=14))
        days = [day for day in self._meeting_days(schedule, first) if day != self.today]
        own = TOPICS.get(community.name, [])
        topics = rng.sample(own, len(own))
        planning = rng.randrange(len(days)) if days else -1
        leads = [m for m in members if m.role == Role.LEAD]
        is_lead_community = community.name == LEAD_COMMUNITY
        latest_past = max((day for day in days if day < self.today), default=None)
        member_placed = False
        for index, day in enumerate(days):
            if index == planning:
                topic = CORE_PLANNING
            elif topics and rng.random() < TOPIC_SHARE:
                topic = topics.pop()
            else:
                topic = rng.choice(GENERIC)
            minutes = max(schedule.minutes, 90) if topic.kind == EventKind.WORKSHOP else schedule.minutes
            organiser = self._organiser(leads, is_lead_community)
            plan = self._event(
                topic,
                community=community,
                day=day,
                start=schedule.start,
                minutes=minutes,
                place=schedule.place,
                online=schedule.online,
                capacity=schedule.capacity,
                created_by=organiser,
            )
            eligible = self._eligible(plan, members)
            must = [organiser] if organiser is not None else []
            member = self.persona.get(MEMBER.email)
            if is_lead_community and day > self.today and not member_placed and member in eligible:
                must.append(member)
                member_placed = True
            self._register(plan, eligible, wanted=len(members) * rng.uniform(*TURNOUT), must=must)
            if topic.guest is not None or (topic in own and rng.random() < 0.6):
                self._speakers(plan, members, topic.guest)
            if day < self.today:
                # The lead persona's latest session waits for them to record attendance and follow it up.
                recorded = not (is_lead_community and day == latest_past)
                self._close(plan, record=recorded, follow_up=recorded and rng.random() < FOLLOWED_UP)
            self.plans.append(plan)

    def _plan_full_workshop(self, community: Community, members: list[_Member]) -> None:
        """An in-person workshop with every place taken and a few people waiting, three weeks from now."""
        leads = [m for m in members if m.role == Role.LEAD]
        plan = self._event(
            FULL_WORKSHOP,
            community=community,
            day=self._open_day(WED, self.today + timedelta(days=20)),
            start=time(9, 30),
            minutes=180,
            place=FULL_WORKSHOP_PLACE,
            online=False,
            capacity=24,
            created_by=self._organiser(leads, False),
        )
        # The lead persona is a member here: they find it full and can join the waiting list.
        eligible = [pk for pk in self._eligible(plan, members) if pk != self.persona.get(LEAD.email)]
        queue = self.rng.sample(eligible, min(len(eligible), 24 + WAITING))
        places = max(1, len(queue) - WAITING)
        plan.event.capacity = places
        plan.going, plan.waiting = queue[:places], queue[places:]
        self._speakers(plan, leads or members, None)
        self.plans.append(plan)

    def _plan_programme(self) -> None:
        """The programme's events for all staff: a past live interview, a cancelled celebration and an open
        session coming up."""
        everyone = [pk for pk in self.staff if pk not in self.bystanders]
        admin = self.persona.get(ADMIN.email)
        self._plan_interview(everyone, admin)
        self._plan_celebration(everyone, admin)
        self._plan_open_session(everyone, admin)

    def _plan_interview(self, everyone: list[int], admin: int | None) -> None:
        """Seven weeks ago: two external guests, a recording and the questions there was no time for."""
        plan = self._event(
            INTERVIEW,
            day=self._open_day(THU, self.today - timedelta(days=48)),
            start=time(13),
            minutes=60,
            created_by=admin,
        )
        wanted = len(everyone) * self.rng.uniform(0.1, 0.14)
        self._register(plan, everyone, wanted=wanted, must=list(self.persona.values()))
        plan.speakers = [self._speaker(plan, guest, i) for i, guest in enumerate(INTERVIEW_GUESTS)]
        self._close(plan, record=True, follow_up=False)
        plan.event.summary = INTERVIEW_SUMMARY
        plan.materials = [
            self._recording(plan, "Recording, with captions"),
            Material(
                event=plan.event,
                kind=Material.Kind.DOCUMENT,
                title="Audience questions and answers",
                url=f"{self._folder('communities-programme')}/live-interview-questions-and-answers.docx",
                position=1,
            ),
        ]
        self.plans.append(plan)

    def _plan_celebration(self, everyone: list[int], admin: int | None) -> None:
        """Due in a few weeks but cancelled three days ago; the people registered keep their places, so it is
        clear who was told."""
        plan = self._event(
            CELEBRATION,
            day=self._open_day(THU, self.today + timedelta(days=26)),
            start=time(16),
            minutes=120,
            place=CELEBRATION_PLACE,
            online=False,
            capacity=200,
            created_by=admin,
        )
        event = plan.event
        event.title = f"{event.title} {event.starts_at.year}"
        event.status = Event.Status.CANCELLED
        event.cancel_reason = CELEBRATION_CANCEL_REASON
        cancelled = self.now - timedelta(days=3, hours=self.rng.uniform(1, 6))
        event.cancelled_at = at_work(cancelled, self.rng, before=self.now)
        event.sequence = 1
        plan.opened = at_work(event.cancelled_at - timedelta(weeks=5), self.rng, before=event.cancelled_at)
        wanted = len(everyone) * self.rng.uniform(0.08, 0.1)
        # The lead and the member had places; the programme team organised it, and cancelled it.
        going = [pk for email, pk in self.persona.items() if email != ADMIN.email]
        self._register(plan, everyone, wanted=wanted, must=going)
        self.plans.append(plan)

    def _plan_open_session(self, everyone: list[int], admin: int | None) -> None:
        """In five weeks: the programme team and the lead persona on starting a community."""
        plan = self._event(
            OPEN_SESSION,
            day=self._open_day(TUE, self.today + timedelta(days=36)),
            start=time(12, 30),
            minutes=60,
            created_by=admin,
        )
        self._register(plan, everyone, wanted=len(everyone) * self.rng.uniform(0.05, 0.07), must=[])
        hosts = [self.staff[pk] for pk in (admin, self.persona.get(LEAD.email)) if pk is not None]
        plan.speakers = [
            self._speaker(plan, self._as_guest(person), i, person=person.pk) for i, person in enumerate(hosts)
        ]
        self.plans.append(plan)

    def _event(
        self,
        topic: Topic,
        *,
        day: date,
        start: time,
        minutes: int,
        community: Community | None = None,
        place: str = "",
        online: bool = True,
        capacity: int | None = None,
        created_by: int | None = None,
    ) -> _Plan:
        starts_at = datetime.combine(day, start, tzinfo=LONDON)
        month = f"{day:%B}"
        event = Event(
            community=community,
            title=topic.title.format(month=month),
            description=topic.description,
            kind=topic.kind,
            audience=topic.audience,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            location=place,
            online_url=self._teams_link() if online else "",
            capacity=capacity,
            registration_deadline=starts_at - timedelta(days=2) if place else None,
            created_by_id=created_by,
        )
        if starts_at < self.now:
            event.reminder_sent_at = starts_at - timedelta(hours=24)
        opened = min(starts_at - timedelta(days=self.rng.uniform(14, 42)), self.now - timedelta(days=1))
        return _Plan(event, opened=at_work(opened, self.rng, before=self.now - timedelta(days=1)))

    def _eligible(self, plan: _Plan, members: list[_Member]) -> list[int]:
        """Who the audience allows, among people here before registration would have closed."""
        cutoff = min(plan.event.starts_at, self.now) - timedelta(hours=1)
        audience = plan.event.audience
        if audience == Audience.ALL_STAFF:
            return list(self.staff)
        roles = set(ORGANISERS) if audience == Audience.CORE else set(Role)
        return [m.person.pk for m in members if m.role in roles and m.joined < cutoff]

    def _register(self, plan: _Plan, eligible: list[int], *, wanted: float, must: list[int]) -> None:
        """About `wanted` eligible people going (fewer while the event is still weeks off), `must` among them,
        leaving places free where there is a limit; and a few who registered, then cancelled."""
        rng = self.rng
        event = plan.event
        if event.starts_at > self.now:
            wanted *= max(0.3, 1 - (event.starts_at - self.now).days / 100)
        count = max(3, round(wanted))
        if event.capacity is not None:
            count = min(count, event.capacity - 3)
        allowed = set(eligible)
        going = [pk for pk in dict.fromkeys(must) if pk in allowed]
        others = [pk for pk in eligible if pk not in going]
        going += rng.sample(others, max(0, min(len(others), count - len(going))))
        taken = set(going)
        rest = [pk for pk in others if pk not in taken]
        plan.going = going
        plan.dropped = rng.sample(rest, min(len(rest), rng.choice((0, 0, 1, 2))))

    def _close(self, plan: _Plan, *, record: bool, follow_up: bool) -> None:
        """After a past event: who came, and perhaps a summary, slides and a recording."""
        rng = self.rng
        if record:
            plan.attended = set(rng.sample(plan.going, round(len(plan.going) * rng.uniform(*ATTENDED))))
            if plan.event.created_by_id in plan.going:
                plan.attended.add(plan.event.created_by_id)
        if not follow_up:
            return
        event = plan.event
        event.summary = rng.choice(SUMMARIES).format(count=len(plan.attended))
        if event.online_url and rng.random() < 0.8:
            plan.materials.append(self._recording(plan, "Recording"))
        if rng.random() < 0.7 and event.community is not None:
            name = f"{event.starts_at:%Y-%m-%d}-{slugify(event.title)}.pptx"
            plan.materials.append(
                Material(
                    event=event,
                    kind=Material.Kind.SLIDES,
                    title="Slides",
                    url=f"{self._folder(event.community.slug)}/{name}",
                    position=len(plan.materials),
                )
            )

    def _speakers(self, plan: _Plan, members: list[_Member], guest: Guest | None) -> None:
        """One or two members present; an external guest, if the topic has one, speaks first."""
        if guest is not None:
            plan.speakers.append(self._speaker(plan, guest, 0))
        keen = [m for m in members if m.role in ORGANISERS] or members
        for member in self.rng.sample(keen, min(len(keen), self.rng.choice((1, 1, 2)))):
            colleague = member.person
            plan.speakers.append(
                self._speaker(plan, self._as_guest(colleague), len(plan.speakers), person=colleague.pk)
            )

    def _as_guest(self, person: _Person) -> Guest:
        """A colleague as a speaker: their job and department as affiliation, and a line about them."""
        bio = self.rng.choice(INTERNAL_BIOS).format(
            first=person.name.split()[0], department=person.department
        )
        return Guest(person.name, f"{person.job_title}, {person.department}", bio)

    def _speaker(self, plan: _Plan, guest: Guest, position: int, *, person: int | None = None) -> Speaker:
        """A speaker: a guest from outside, or a colleague (`person`, so the event page shows their face)."""
        return Speaker(
            event=plan.event,
            name=guest.name,
            affiliation=guest.affiliation,
            bio=guest.bio,
            position=position,
            person_id=person,
        )

    def _organiser(self, leads: list[_Member], is_lead_community: bool) -> int | None:
        if is_lead_community and LEAD.email in self.persona:
            return self.persona[LEAD.email]
        return self.rng.choice(leads).person.pk if leads else None

    # Dates and links.

    def _meeting_days(self, schedule: Schedule, first: date) -> list[date]:
        """The community's meeting days from `first` to three months ahead, skipping the Christmas closure (and
        August, for monthly meetings)."""
        last = self.today + AHEAD
        days: list[date] = []
        if schedule.nth:
            year, month = first.year, first.month
            while (year, month) <= (last.year, last.month):
                if month != 8:
                    days.append(_nth_weekday(year, month, schedule.weekday, schedule.nth))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        else:
            day = self._next(schedule.weekday, first) + timedelta(weeks=self.rng.randrange(schedule.weeks))
            while day <= last:
                days.append(day)
                day += timedelta(weeks=schedule.weeks)
        return [day for day in days if first <= day <= last and not _closed(day)]

    def _next(self, weekday: int, day: date) -> date:
        """The first `weekday` on or after `day`."""
        return day + timedelta(days=(weekday - day.weekday()) % 7)

    def _open_day(self, weekday: int, near: date) -> date:
        """The first `weekday` on or after `near`, or a week earlier while the university is closed then."""
        day = self._next(weekday, near)
        while _closed(day):
            day -= timedelta(weeks=1)
        return day

    def _teams_link(self) -> str:
        token = "".join(self.rng.choices(string.ascii_letters + string.digits, k=40))
        return f"https://teams.example.ac.uk/l/meetup-join/19%3ameeting_{token}%40thread.v2/0"

    def _recording(self, plan: _Plan, title: str) -> Material:
        video = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return Material(
            event=plan.event,
            kind=Material.Kind.RECORDING,
            title=title,
            url=f"https://media.example.ac.uk/Panopto/Pages/Viewer.aspx?id={video}",
            position=len(plan.materials),
        )

    def _folder(self, site: str) -> str:
        return f"https://sharepoint.example.ac.uk/sites/{site}/Shared%20Documents/Events"

    # Writing: through the services people use, then the planned times.

    def _write(self) -> str:
        organisers = User.objects.in_bulk({p.event.created_by_id for p in self.plans} - {None})
        upcoming = [p for p in self.plans if p.event.starts_at > self.now]
        self.people = User.objects.in_bulk(
            {pk for p in upcoming for pk in (*p.going, *p.waiting, *p.dropped)}
        )
        fallback = User.objects.filter(is_programme_team=True, is_active=True).order_by("pk").first()
        history: list[Registration] = []
        made_now: list[tuple[Registration, datetime]] = []
        for plan in self.plans:
            planned = plan.event
            by = organisers.get(planned.created_by_id or 0) or fallback
            assert by is not None, "the demo organisation has a programme team"
            plan.by = by
            plan.event = self._schedule(plan, by)
            deadline = planned.registration_deadline
            if planned.starts_at > self.now and (deadline is None or deadline > self.now):
                made_now += self._register_now(plan)
            else:
                # `register` refuses places at events that have started (or whose registration has closed), as it
                # should, so the places people took then are written as the rows it wrote, in one statement.
                history += self._registrations(plan)
        Registration.objects.bulk_create(history, batch_size=BATCH)
        places: dict[int, dict[int, int]] = {}  # event → person → registration
        for registration in history:
            places.setdefault(registration.event_id, {})[registration.person_id] = registration.pk
        for plan in self.plans:
            self._after(plan, places.get(plan.event.pk, {}))
        self._backdate([plan.event for plan in self.plans], made_now)
        self.clock.apply()
        events = [plan.event for plan in self.plans]
        past = sum(event.starts_at < self.now for event in events)
        programme = sum(event.community_id is None for event in events)
        registrations = len(history) + len(made_now)
        return (
            f"Added {len(events)} events ({past} past, {len(events) - past} upcoming, {programme} programme-wide) "
            f"with {registrations:,} registrations."
        )

    def _schedule(self, plan: _Plan, by: User) -> Event:
        planned = plan.event
        event = services.schedule_event(
            by=by,
            host=planned.community,
            title=planned.title,
            description=planned.description,
            kind=planned.kind,
            audience=planned.audience,
            starts_at=planned.starts_at,
            ends_at=planned.ends_at,
            time_zone=planned.time_zone,
            location=planned.location,
            online_url=planned.online_url,
            capacity=planned.capacity,
            registration_deadline=planned.registration_deadline,
            speakers=[
                SpeakerData(name=s.name, affiliation=s.affiliation, bio=s.bio, person_id=s.person_id)
                for s in plan.speakers
            ],
        )
        # What the story says happened later, kept for `_after` and `_backdate`.
        event.summary = planned.summary
        event.cancel_reason = planned.cancel_reason
        event.cancelled_at = planned.cancelled_at
        event.reminder_sent_at = planned.reminder_sent_at
        return event

    def _register_now(self, plan: _Plan) -> list[tuple[Registration, datetime]]:
        """Places at upcoming events, taken through `register` in the order people registered (so the
        service fills the waiting list), and given up through `cancel_registration`; with the planned times."""
        planned = self._registrations(plan)
        made = []
        for row in planned:
            person = self.people[row.person_id]
            registration = services.register(plan.event, person=person)
            if row.status == Registration.Status.CANCELLED:
                services.cancel_registration(plan.event, person=person)
            made.append((registration, row.registered_at))
        return made

    def _after(self, plan: _Plan, places: dict[int, int]) -> None:
        """Attendance, the summary and materials of past events, and the cancellation, through the services."""
        event = plan.event
        if plan.attended:
            services.record_attendance(event, attended_ids={places[pk] for pk in plan.attended})
        if (event.summary or plan.materials) and plan.by is not None:
            services.save_follow_up(
                event,
                by=plan.by,
                summary=event.summary,
                materials=[MaterialData(title=m.title, url=m.url, kind=m.kind) for m in plan.materials],
            )
        if event.cancel_reason:
            cancelled_at = event.cancelled_at
            assert cancelled_at is not None
            plan.event = event = services.cancel_event(event, reason=event.cancel_reason)
            event.cancelled_at = cancelled_at
            # Everyone with a place was told, as the worker tells them; recently, so not yet read.
            with self.clock.at(cancelled_at, unread=True):
                tasks.tell_about_cancellation.call(event.pk)

    def _backdate(self, events: list[Event], registrations: list[tuple[Registration, datetime]]) -> None:
        """The services stamp everything with the time the demo runs; the story has its own times: when each
        event was announced, reminded and cancelled, and when people registered. Two bulk updates: the same
        columns for every row, and no rule of the services applies to a date in the past."""
        by_pk = {plan.event.pk: plan for plan in self.plans}
        for event in events:
            plan = by_pk[event.pk]
            event.created_at = plan.opened
            event.updated_at = event.cancelled_at or plan.opened
        Event.objects.bulk_update(
            events, ["created_at", "updated_at", "cancelled_at", "reminder_sent_at"], batch_size=BATCH
        )
        for registration, at in registrations:
            registration.registered_at = at
        Registration.objects.bulk_update([r for r, _ in registrations], ["registered_at"], batch_size=BATCH)

    def _registrations(self, plan: _Plan) -> list[Registration]:
        """Rows in the order people registered: those going, then those waiting, with a few who cancelled."""
        event = plan.event
        people = [(pk, Registration.Status.GOING) for pk in plan.going]
        people += [(pk, Registration.Status.WAITLIST) for pk in plan.waiting]
        people += [(pk, Registration.Status.CANCELLED) for pk in plan.dropped]
        close = min(event.registration_deadline or event.starts_at, event.cancelled_at or self.now, self.now)
        span = max(close - plan.opened, timedelta(minutes=1))
        moments = (at_work(plan.opened + span * self.rng.random(), self.rng, before=close) for _ in people)
        times = sorted(max(moment, plan.opened) for moment in moments)
        return [
            Registration(event=event, person_id=pk, status=status, registered_at=at)
            for (pk, status), at in zip(people, times, strict=True)
        ]


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The `nth` `weekday` of the month (nth -1: the last)."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _closed(day: date) -> bool:
    """The university is closed between Christmas and New Year."""
    return (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2)
