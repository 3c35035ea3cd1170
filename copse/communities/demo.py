"""The demo organisation: a large UK university's professional services, its staff and communities.

Built from a fixed random seed, so the same seed always gives the same people, communities and
memberships, in one transaction. The organisation, its staff and most wider memberships are bulk inserts; every
other change (proposing and approving communities, describing them, adding organisers, asking to join and
deciding, resting and retiring) goes through the same services people use, so the demo cannot drift from what
Copse does. The services write "now"; the history is then moved to when it happened.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import ClassVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.text import slugify

from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User
from copse.notifications.models import Notification

from . import services
from .demo_data import (
    ADMIN,
    APPROVAL_REASONS,
    COMMUNITIES,
    DECLINE_REASONS,
    DORMANT_REASON,
    FOUNDING_REASON,
    JOB_FAMILIES,
    JOIN_MESSAGES,
    LEAD,
    LEAD_COMMUNITY,
    MEMBER,
    NAME_POOLS,
    NAME_SHARES,
    ORGANISATION,
    PERSONAS,
    PROPOSAL_REASON,
    PROPOSED,
    PS,
    RETIRED,
    RETIRED_REASON,
    CommunitySpec,
    PersonaSpec,
)
from .models import ORGANISERS, Community, JoinRequest, LogEntry, Membership, Role, Status, Visibility
from .services import LinkData

Progress = Callable[[int, int], None]
"""Called with (stages done, stages in all) as the build goes along."""

DEMO_PASSWORD = "copse-demo"
MIN_STAFF = 100
ENGAGED_SHARE = 0.4  # of staff in at least one community: most people are not in any yet
MIN_MEMBERS = 6
# Of the wider members of on-request communities, those who came in by asking (the rest were there before Copse).
# Each is two service calls; a larger share makes the history longer and the demo slower to build.
ASKED_SHARE = 0.15
BATCH = 500


class DemoError(Exception):
    """The demo cannot be built here; the message says why."""


@dataclass(frozen=True)
class DemoSummary:
    """What was built. Two builds with the same seed and staff count give equal summaries."""

    service_areas: int
    departments: int
    job_families: int
    staff: int
    community_sizes: dict[str, int]  # listed communities by name: current members
    other_communities: dict[str, str]  # proposed and retired communities by name: status
    memberships: int
    people_in_a_community: int
    pending_requests: int
    decided_requests: int
    personas: tuple[PersonaSpec, ...] = PERSONAS


@dataclass
class _Staff:
    user: User
    area: str
    department: str
    job_title: str


def build_demo(*, seed: int = 2026, staff: int = 2500, progress: Progress | None = None) -> DemoSummary:
    """Create the demo organisation in one transaction: areas, departments, staff, communities, history.

    The caller decides whether the database is fit for it; this refuses only when demo people already exist.
    """
    if staff < MIN_STAFF:
        raise DemoError(f"The demo needs at least {MIN_STAFF} staff; {staff} were asked for.")
    if User.objects.filter(email__iendswith="@example.org").exists():
        raise DemoError(
            "The database already has people with example.org addresses, so the demo would clash."
        )
    with transaction.atomic():
        return _Builder(random.Random(seed), progress).build(staff)


class _Builder:
    STAGES = 6  # steps of work between the seven calls to `_advance`

    def __init__(self, rng: random.Random, progress: Progress | None) -> None:
        self.rng = rng
        self.progress = progress
        self.now = timezone.now()
        self.stage = 0
        self.areas: dict[str, ServiceArea] = {}
        self.departments: dict[str, Department] = {}
        self.families: dict[str, JobFamily] = {}
        self.department_area: dict[str, str] = {}
        self.staff: list[_Staff] = []
        self.persona_index: dict[str, int] = {}
        self.plans: dict[str, _CommunityPlan] = {}
        self.communities: dict[str, Community] = {}
        self.members: dict[str, dict[int, str]] = {}  # community name -> {staff index: role}
        self.joined: dict[tuple[str, int], datetime] = {}
        self.clock = _Clock()

    def build(self, staff: int) -> DemoSummary:
        self._advance()
        self._create_organisation()
        self._advance()
        self._create_staff(staff)
        self._advance()
        self._plan_communities()
        self._choose_members()
        self._plan_joining()
        self._advance()
        self._create_communities()
        self._advance()
        self._create_memberships()
        self._advance()
        pending, decided = self._create_requests()
        self._change_statuses()
        self.clock.apply()
        self._set_times()
        self._advance()
        listed = [spec.name for spec in COMMUNITIES]
        in_any = {index for name in listed for index in self.members[name]}
        return DemoSummary(
            service_areas=len(self.areas),
            departments=len(self.departments),
            job_families=len(self.families),
            staff=len(self.staff),
            community_sizes={name: len(self.members[name]) for name in listed},
            other_communities={spec.name: spec.status for spec in (PROPOSED, RETIRED)},
            memberships=Membership.objects.count(),
            people_in_a_community=len(in_any),
            pending_requests=pending,
            decided_requests=decided,
        )

    def _persona(self, persona: PersonaSpec) -> User:
        return self.staff[self.persona_index[persona.email]].user

    def _advance(self) -> None:
        if self.progress:
            self.progress(self.stage, self.STAGES)
        self.stage += 1

    def _ago(self, earliest_days: float, latest_days: float = 0) -> datetime:
        """A moment between `earliest_days` and `latest_days` before now."""
        return self.now - timedelta(seconds=self.rng.uniform(latest_days * 86400, earliest_days * 86400))

    def _between(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.uniform(0, max((end - start).total_seconds(), 0)))

    def _create_organisation(self) -> None:
        areas = [
            ServiceArea(name=name, slug=slugify(name), description=description)
            for name, (description, _departments) in ORGANISATION.items()
        ]
        self.areas = {area.name: area for area in ServiceArea.objects.bulk_create(areas)}
        departments = []
        for area, (_description, area_departments) in ORGANISATION.items():
            for name, _size, _titles in area_departments:
                departments.append(Department(name=name))
                self.department_area[name] = area
        self.departments = {d.name: d for d in Department.objects.bulk_create(departments)}
        families = JobFamily.objects.bulk_create([JobFamily(name=name) for name in JOB_FAMILIES])
        self.families = {family.name: family for family in families}

    def _create_staff(self, count: int) -> None:
        rng = self.rng
        demo_password = make_password(DEMO_PASSWORD)
        family_of = {
            title: family
            for _description, departments in ORGANISATION.values()
            for _name, _size, titles in departments
            for title, family, _weight in titles
        }
        for persona in PERSONAS:
            user = User(
                email=persona.email,
                name=persona.name,
                password=demo_password,
                is_programme_team=persona.is_programme_team,
                is_staff=persona.is_operator,
                is_superuser=persona.is_operator,
                date_joined=self._ago(3000, 200),
            )
            self.persona_index[persona.email] = len(self.staff)
            self.staff.append(
                _Staff(user, self.department_area[persona.department], persona.department, persona.job_title)
            )

        departments = [
            (area, name, titles)
            for area, (_description, area_departments) in ORGANISATION.items()
            for name, _size, titles in area_departments
        ]
        sizes = [
            size
            for _description, area_departments in ORGANISATION.values()
            for _n, size, _t in area_departments
        ]
        emails: dict[str, int] = {}
        for _ in range(count - len(PERSONAS)):
            first, last = self._name()
            base = f"{_ascii(first)}.{_ascii(last)}"
            emails[base] = emails.get(base, 0) + 1
            suffix = str(emails[base]) if emails[base] > 1 else ""
            area, department, titles = rng.choices(departments, weights=sizes)[0]
            title = rng.choices([t for t, _f, _w in titles], weights=[w for _t, _f, w in titles])[0]
            user = User(
                email=f"{base}{suffix}@example.org",
                name=f"{first} {last}",
                password=make_password(None),
                date_joined=self._ago(5000, 14),
            )
            self.staff.append(_Staff(user, area, department, title))

        User.objects.bulk_create([person.user for person in self.staff], batch_size=BATCH)
        Person.objects.bulk_create(
            [
                Person(
                    user=person.user,
                    job_title=person.job_title,
                    department=self.departments[person.department],
                    job_family=self.families[family_of.get(person.job_title, PS)],
                    service_area=self.areas[person.area],
                )
                for person in self.staff
            ],
            batch_size=BATCH,
        )

    def _name(self) -> tuple[str, str]:
        firsts, lasts = self.rng.choices(NAME_POOLS, weights=NAME_SHARES)[0]
        if self.rng.random() < 0.2:
            lasts = self.rng.choices(NAME_POOLS, weights=NAME_SHARES)[0][1]
        return self.rng.choice(firsts), self.rng.choice(lasts)

    def _plan_communities(self) -> None:
        """When each community was founded (and last changed status), who proposed the one still proposed, and
        its members' links."""
        for spec in (*COMMUNITIES, PROPOSED, RETIRED):
            if spec is PROPOSED:
                founded = self._ago(12, 2)
            elif spec.status == Status.ACTIVE:
                founded = self._ago(1500, 200)
            else:
                founded = self._ago(1800, 1000)
            plan = _CommunityPlan(spec=spec, founded=founded, status_changed=founded)
            if spec is PROPOSED:
                colleagues = [
                    index
                    for index in range(len(PERSONAS), len(self.staff))
                    if self.staff[index].area == spec.area
                ]
                plan.proposer = self.rng.choice(colleagues)
            elif spec.status in {Status.DORMANT, Status.RETIRED}:
                plan.status_changed = self._ago(300, 60)
            self.plans[spec.name] = plan
        for spec in (*COMMUNITIES, RETIRED):
            slug = slugify(spec.name)
            choices = [
                ("Teams channel", f"https://example.org/teams/{slug}"),
                ("SharePoint site", f"https://example.org/sites/{slug}"),
                ("Meeting notes", f"https://example.org/sites/{slug}/meeting-notes"),
            ]
            self.plans[spec.name].links = [
                LinkData(label=label, url=url) for label, url in choices[: self.rng.randint(1, 3)]
            ]

    def _choose_members(self) -> None:
        """Who belongs where: most staff in no community, some in several, leads and core from the keenest."""
        rng = self.rng
        persona_indexes = set(range(len(PERSONAS)))
        candidates = [i for i in range(len(self.staff)) if i not in persona_indexes]
        engaged = rng.sample(candidates, round(len(candidates) * ENGAGED_SHARE))
        self.members = {spec.name: {} for spec in (*COMMUNITIES, PROPOSED, RETIRED)}

        def weight(spec: CommunitySpec, index: int) -> float:
            home = self.staff[index].area == spec.area
            if spec.visibility == Visibility.PRIVATE:
                return spec.size * 4 if self.staff[index].department == "Student Casework and Conduct" else 0
            return spec.size * (1.5 if spec.everyone else 6) if home else spec.size

        for index in engaged:
            how_many = rng.choices((1, 2, 3, 4), weights=(68, 22, 8, 2))[0]
            for _ in range(how_many):
                pool = [spec for spec in COMMUNITIES if index not in self.members[spec.name]]
                weights = [weight(spec, index) for spec in pool]
                if not any(weights):
                    break
                chosen = rng.choices(pool, weights=weights)[0]
                self.members[chosen.name][index] = Role.MEMBER

        for spec in COMMUNITIES:
            members = self.members[spec.name]
            home = [i for i in engaged if self.staff[i].area == spec.area and i not in members]
            while len(members) < MIN_MEMBERS:
                members[rng.choice(home or engaged)] = Role.MEMBER
                home = [i for i in home if i not in members]
        retired_pool = [i for i in engaged if self.staff[i].area == RETIRED.area] or engaged
        for index in rng.sample(retired_pool, min(len(retired_pool), rng.randint(8, 15))):
            self.members[RETIRED.name][index] = Role.MEMBER

        for spec in (*COMMUNITIES, RETIRED):
            members = self.members[spec.name]
            people = list(members)
            home = [i for i in people if self.staff[i].area == spec.area] or people
            for index in rng.sample(home, min(len(home), rng.choice((1, 2, 2, 3)))):
                members[index] = Role.LEAD
            others = [i for i in people if members[i] == Role.MEMBER]
            core = max(1, round(len(people) * rng.uniform(0.06, 0.14)))
            for index in rng.sample(others, min(len(others), core)):
                members[index] = Role.CORE

        # The lead persona leads alongside at most one other lead; the others become core members.
        lead_community = self.members[LEAD_COMMUNITY]
        for index in [i for i, role in lead_community.items() if role == Role.LEAD][1:]:
            lead_community[index] = Role.CORE
        lead_community[self.persona_index[LEAD.email]] = Role.LEAD
        lead_community[self.persona_index[MEMBER.email]] = Role.MEMBER
        self.members["Line Managers' Network"][self.persona_index[LEAD.email]] = Role.MEMBER
        self.members["Power BI and Data Reporting"][self.persona_index[MEMBER.email]] = Role.MEMBER
        self.members["Coaching and Mentoring Practitioners"][self.persona_index[ADMIN.email]] = Role.CORE

    def _plan_joining(self) -> None:
        """When each member joined: leads in the founding fortnight, everyone else since. The first lead proposed
        the community."""
        for name, members in self.members.items():
            founded = self.plans[name].founded
            for index, role in members.items():
                if role == Role.LEAD:
                    joined = founded + timedelta(days=self.rng.uniform(0, 14))
                else:
                    joined = self._between(founded + timedelta(days=14), self.now - timedelta(days=2))
                self.joined[(name, index)] = joined
            if self.plans[name].proposer is None:
                first_lead = next(i for i, role in members.items() if role == Role.LEAD)
                self.plans[name].proposer = first_lead
                self.joined[(name, first_lead)] = founded

    def _user(self, index: int) -> User:
        return self.staff[index].user

    def _create_communities(self) -> None:
        """Each community as people make one: proposed, approved by the programme team, then described by its
        first lead (its meeting times and members' links)."""
        admin = self._persona(ADMIN)
        for name, plan in self.plans.items():
            spec = plan.spec
            assert plan.proposer is not None
            proposer = self._user(plan.proposer)
            with self.clock.at(plan.founded):
                community = services.propose_community(
                    person=proposer,
                    name=spec.name,
                    purpose=spec.purpose,
                    service_area=self.areas[spec.area],
                    reason=PROPOSAL_REASON if spec is PROPOSED else FOUNDING_REASON,
                    visibility=spec.visibility,
                )
            if spec is not PROPOSED:
                with self.clock.at(plan.founded):
                    community = services.decide_proposal(community, by=admin, approve=True)
                with self.clock.at(self.joined[(name, plan.proposer)]):
                    community = services.update_community(
                        community,
                        by=proposer,
                        purpose=spec.purpose,
                        visibility=spec.visibility,
                        meeting_cadence=spec.cadence,
                        links=plan.links,
                    )
            self.communities[name] = community

    def _create_memberships(self) -> None:
        """Leads and core members are added and given their role by the first lead, through the services.

        Wider members who did not come in through a request are written in bulk, as `join_community` and
        `add_member` would write them: some 1,400 memberships through the services would take about 10,000
        queries, several seconds of a demo meant to take one or two. Members of the private community are
        added by its lead through the service, as people join private communities.
        """
        asked = self._approved_requests()
        rows = []
        for name, members in self.members.items():
            plan = self.plans[name]
            community = self.communities[name]
            first_lead = self._user(plan.proposer) if plan.proposer is not None else None
            for index, role in members.items():
                if index == plan.proposer or index in asked[name]:
                    continue
                when = self.joined[(name, index)]
                if role in ORGANISERS or plan.spec.visibility == Visibility.PRIVATE:
                    assert first_lead is not None
                    with self.clock.at(when):
                        membership = services.add_member(community, person=self._user(index), by=first_lead)
                    if role != Role.MEMBER:
                        with self.clock.at(when):
                            services.change_role(membership, role=role, by=first_lead)
                else:
                    rows.append(
                        Membership(community=community, person=self._user(index), role=role, joined_at=when)
                    )
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        self.clock.resync()  # these rows have their times already

    def _approved_requests(self) -> dict[str, set[int]]:
        """The wider members of on-request communities who came in by asking (`ASKED_SHARE` of them)."""
        personas = set(range(len(PERSONAS)))
        approved: dict[str, set[int]] = {name: set() for name in self.members}
        for spec in COMMUNITIES:
            if spec.visibility != Visibility.ON_REQUEST:
                continue
            members = self.members[spec.name]
            wider = [i for i, role in members.items() if role == Role.MEMBER and i not in personas]
            approved[spec.name] = set(self.rng.sample(wider, round(len(wider) * ASKED_SHARE)))
            if spec.name == LEAD_COMMUNITY:
                approved[spec.name].add(self.persona_index[MEMBER.email])
        self.approved = approved
        return approved

    def _create_requests(self) -> tuple[int, int]:
        """Requests decided before (approved ones are how those members joined), and requests waiting for leads,
        each asked and decided through the services."""
        rng = self.rng
        personas = set(range(len(PERSONAS)))
        asked: dict[str, set[int]] = {name: set() for name in self.members}
        everyone = [i for i in range(len(self.staff)) if i not in personas]
        decided = pending = 0

        def message(index: int, community: str) -> str:
            person = self.staff[index]
            template = rng.choice(JOIN_MESSAGES)
            return template.format(title=person.job_title, department=person.department, community=community)

        def outsider(spec: CommunitySpec) -> int:
            taken = self.members[spec.name].keys() | asked[spec.name]
            home = [i for i in everyone if self.staff[i].area == spec.area and i not in taken]
            pool = home if home and rng.random() < 0.7 else [i for i in everyone if i not in taken]
            index = rng.choice(pool)
            asked[spec.name].add(index)
            return index

        def ask(community: Community, index: int, when: datetime, *, waiting: bool = False) -> JoinRequest:
            with self.clock.at(when, unread=waiting):
                join_request, _ = services.request_to_join(
                    community, person=self._user(index), message=message(index, community.name)
                )
            return join_request

        def decide(join_request: JoinRequest, *, lead: User, approve: bool, when: datetime) -> None:
            reason = rng.choice(APPROVAL_REASONS if approve else DECLINE_REASONS)
            with self.clock.at(when):
                services.decide_request(join_request, by=lead, approve=approve, reason=reason)
            JoinRequest.objects.filter(pk=join_request.pk).update(decided_at=when)

        for spec in COMMUNITIES:
            if spec.visibility != Visibility.ON_REQUEST:
                continue
            community = self.communities[spec.name]
            members = self.members[spec.name]
            leads = [self._user(i) for i, role in members.items() if role == Role.LEAD]
            for index in sorted(self.approved[spec.name]):
                when = self.joined[(spec.name, index)]
                join_request = ask(community, index, when - timedelta(days=rng.uniform(0.2, 6)))
                lead = self._persona(LEAD) if spec.name == LEAD_COMMUNITY else rng.choice(leads)
                decide(join_request, lead=lead, approve=True, when=when)
                decided += 1
            for _ in range(rng.choice((0, 1, 1, 2))):
                index = outsider(spec)
                founded = self.plans[spec.name].founded
                when = self._between(founded + timedelta(days=14), self.now - timedelta(days=3))
                join_request = ask(community, index, when - timedelta(days=rng.uniform(0.2, 6)))
                decide(join_request, lead=rng.choice(leads), approve=False, when=when)
                decided += 1
            if spec.status == Status.ACTIVE:
                how_many = 3 if spec.name == LEAD_COMMUNITY else rng.choice((0, 1, 1, 2, 3, 4))
                for _ in range(how_many):
                    ask(community, outsider(spec), self._ago(20, 0.1), waiting=True)
                    pending += 1
        return pending, decided

    def _change_statuses(self) -> None:
        """The programme team rests one community and retires another."""
        admin = self._persona(ADMIN)
        for spec in (*COMMUNITIES, RETIRED):
            if spec.status in {Status.DORMANT, Status.RETIRED}:
                reason = DORMANT_REASON if spec.status == Status.DORMANT else RETIRED_REASON
                with self.clock.at(self.plans[spec.name].status_changed):
                    services.change_status(
                        self.communities[spec.name], by=admin, status=spec.status, reason=reason
                    )

    def _set_times(self) -> None:
        """When each community was founded and last changed status (the rest was stamped call by call)."""
        communities = []
        for name, community in self.communities.items():
            plan = self.plans[name]
            community.refresh_from_db(fields=["decided_at"])
            community.created_at = plan.founded
            community.status_changed_at = plan.status_changed
            if community.decided_at is not None:
                community.decided_at = plan.status_changed
            communities.append(community)
        Community.objects.bulk_update(communities, ["created_at", "status_changed_at", "decided_at"])


@dataclass
class _CommunityPlan:
    spec: CommunitySpec
    founded: datetime
    status_changed: datetime
    proposer: int | None = None  # staff index
    links: list[LinkData] = field(default_factory=list)


class _Clock:
    """Moves what each service call of the demo's history wrote to when it happened.

    The services stamp what they write with the present moment. After a call made `at(when)`, the rows it added
    (found by their ids, which only grow) get `when`: log entries, memberships, requests to join and
    notifications. Notifications are also marked emailed, so the demo sends no email to anyone, and read, but
    for those of requests still waiting (`unread=True`), as they would be.
    """

    STAMPS: ClassVar[list[tuple[type[models.Model], str]]] = [
        (LogEntry, "created_at"),
        (Membership, "joined_at"),
        (JoinRequest, "created_at"),
        (Notification, "created_at"),
    ]

    SPANS_PER_UPDATE = 200  # three parameters each, within every database's limit

    def __init__(self) -> None:
        self.spans: list[tuple[type[models.Model], int, int, datetime, bool]] = []
        quote = connection.ops.quote_name
        # One query for each table's highest id: the names are ours, and there are no values.
        tables, column = [quote(model._meta.db_table) for model, _ in self.STAMPS], quote("id")
        highest = ", ".join(f"(SELECT MAX({column}) FROM {table})" for table in tables)  # noqa: S608
        self.sql = f"SELECT {highest}"  # noqa: S608
        self.last = self._high_marks()

    def resync(self) -> None:
        """Rows written since the last call, outside any `at`, keep the times they have."""
        self.last = self._high_marks()

    def _high_marks(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return [pk or 0 for pk in cursor.fetchone()]

    @contextmanager
    def at(self, when: datetime, *, unread: bool = False) -> Iterator[None]:
        yield
        marks = self._high_marks()
        for (model, _), before, after in zip(self.STAMPS, self.last, marks, strict=True):
            if after > before:
                self.spans.append((model, before + 1, after, when, unread))
        self.last = marks

    def apply(self) -> None:
        """Give the rows their times: a few statements for each table, whatever the number of calls."""
        for model, stamp in self.STAMPS:
            spans = [(first, last, when, unread) for m, first, last, when, unread in self.spans if m is model]
            for start in range(0, len(spans), self.SPANS_PER_UPDATE):
                batch = spans[start : start + self.SPANS_PER_UPDATE]
                changes = {
                    stamp: _by_id_range(stamp, [(first, last, when) for first, last, when, _ in batch])
                }
                if model is Notification:
                    changes["emailed_at"] = changes[stamp]
                    read = [(first, last, None if unread else when) for first, last, when, unread in batch]
                    changes["read_at"] = _by_id_range("read_at", read)
                model._default_manager.filter(pk__gte=batch[0][0], pk__lte=batch[-1][1]).update(**changes)


def _by_id_range(column: str, times: list[tuple[int, int, datetime | None]]) -> Case:
    """`column` set to each range's time for the ids in that range, and left as it is for other ids."""
    whens = [When(pk__range=(first, last), then=Value(when)) for first, last, when in times]
    return Case(*whens, default=F(column), output_field=models.DateTimeField(null=True))


LETTERS_WITHOUT_DECOMPOSITION = {ord("ł"): "l", ord("Ł"): "L", ord("ø"): "o", ord("ß"): "ss"}


def _ascii(name: str) -> str:
    """A name as it appears in an email address: lower case, no accents, spaces or apostrophes."""
    name = name.translate(LETTERS_WITHOUT_DECOMPOSITION)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")
