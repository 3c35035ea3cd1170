"""The demo organisation: a large UK university's professional services, its staff and communities.

Built from a fixed random seed, so the same seed always gives the same people, communities and
memberships, in one transaction. The organisation, its staff and most wider memberships are bulk inserts; every
other change (proposing and approving communities, describing them, adding organisers, asking to join and
deciding, resting and retiring) goes through the same services people use, so the demo cannot drift from what
Copse does. The services write "now"; the history is then moved to when it happened.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User
from copse.core.demo_history import Clock, at_work
from copse.notifications.models import Notification

from . import services
from .demo_data import (
    ADMIN,
    APPROVAL_REASONS,
    COMMUNITIES,
    DECLINE_REASONS,
    DORMANT_REASON,
    FITS,
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
MIN_HEART = 3  # members from the community's heart, before its leads and core members are chosen from them
# How strongly a community draws the people its work fits, by how it fits them (see `demo_data.Fit`): its `size`
# shared among everyone who fits it that way, so a broad wider fit (all professional services staff) does not
# swamp the community with people for whom it is a side interest.
FIT_WEIGHTS = {"heart": 1.0, "wider": 0.15, "exception": 0.02}
EVERYONE_WIDER = 0.6  # the wider weight of a community that draws staff from across the organisation
PENDING_FROM_HEART = (
    0.7  # of requests waiting, those from the community's heart (the rest from its wider fit)
)
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
    family: str = PS


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
        self.fit: dict[str, list[str | None]] = {}  # community name -> how each staff index fits it
        self.fitted: dict[str, Counter[str | None]] = {}  # community name -> how many fit it each way
        self.clock = Clock(CLOCK_STAMPS)

    def build(self, staff: int) -> DemoSummary:
        self._advance()
        self._create_organisation()
        self._advance()
        self._create_staff(staff)
        self._advance()
        self._fit_staff()
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
        """A moment in working hours between about `earliest_days` and `latest_days` before now."""
        moment = self.now - timedelta(seconds=self.rng.uniform(latest_days * 86400, earliest_days * 86400))
        return at_work(moment, self.rng, before=self.now)

    def _between(self, start: datetime, end: datetime) -> datetime:
        """A moment in working hours between about `start` and `end` (never after now)."""
        moment = start + timedelta(seconds=self.rng.uniform(0, max((end - start).total_seconds(), 0)))
        return at_work(moment, self.rng, before=min(end, self.now))

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
            area = self.department_area[persona.department]
            family = family_of.get(persona.job_title, PS)
            self.staff.append(_Staff(user, area, persona.department, persona.job_title, family))

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
        for number in range(count - len(PERSONAS)):
            first, last = self._name()
            base = f"{_ascii(first)}.{_ascii(last)}"
            emails[base] = emails.get(base, 0) + 1
            suffix = str(emails[base]) if emails[base] > 1 else ""
            # Every department has someone (so every community has people it is for), then by headcount.
            drawn = rng.choices(departments, weights=sizes)[0]
            area, department, titles = departments[number] if number < len(departments) else drawn
            title = rng.choices([t for t, _f, _w in titles], weights=[w for _t, _f, w in titles])[0]
            user = User(
                email=f"{base}{suffix}@example.org",
                name=f"{first} {last}",
                password=make_password(None),
                date_joined=self._ago(5000, 14),
            )
            self.staff.append(_Staff(user, area, department, title, family_of.get(title, PS)))

        User.objects.bulk_create([person.user for person in self.staff], batch_size=BATCH)
        Person.objects.bulk_create(
            [
                Person(
                    user=person.user,
                    job_title=person.job_title,
                    department=self.departments[person.department],
                    job_family=self.families[person.family],
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
                colleagues = self._fitting(spec, list(range(len(PERSONAS), len(self.staff))), how="heart")
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

    def _fit_staff(self) -> None:
        """How each person's job fits each community: its heart, its wider fit, an exception or not at all."""
        for spec in (*COMMUNITIES, PROPOSED, RETIRED):
            fit = FITS[spec.name]
            self.fit[spec.name] = [
                fit.of(department=person.department, title=person.job_title, family=person.family)
                for person in self.staff
            ]
            self.fitted[spec.name] = Counter(self.fit[spec.name])

    def _weight(self, spec: CommunitySpec, index: int) -> float:
        """How strongly `spec` draws this person: nothing unless their job fits it."""
        how = self.fit[spec.name][index]
        if how is None:
            return 0.0
        share = EVERYONE_WIDER if how == "wider" and spec.everyone else FIT_WEIGHTS[how]
        return spec.size * share / self.fitted[spec.name][how]

    def _fitting(self, spec: CommunitySpec, among: list[int], *, how: str | None = None) -> list[int]:
        """The people in `among` whose job fits `spec` (in the way `how`, if given)."""
        fit = self.fit[spec.name]
        return [i for i in among if (fit[i] == how if how else fit[i] is not None)]

    def _choose_members(self) -> None:
        """Who belongs where: most staff in no community, some in several, each in communities their job fits;
        leads and core members from each community's heart."""
        rng = self.rng
        persona_indexes = set(range(len(PERSONAS)))
        candidates = [i for i in range(len(self.staff)) if i not in persona_indexes]
        # Engaged staff: drawn without replacement, people whose work touches more communities more often.
        drawn = {i: sum(self._weight(spec, i) for spec in COMMUNITIES) for i in candidates}
        keys = {i: rng.random() ** (1 / math.sqrt(weight)) if weight else -1.0 for i, weight in drawn.items()}
        engaged = sorted(candidates, key=lambda i: keys[i], reverse=True)[
            : round(len(candidates) * ENGAGED_SHARE)
        ]
        engaged = [i for i in engaged if drawn[i]]
        self.members = {spec.name: {} for spec in (*COMMUNITIES, PROPOSED, RETIRED)}

        for index in engaged:
            how_many = rng.choices((1, 2, 3, 4), weights=(68, 22, 8, 2))[0]
            for _ in range(how_many):
                pool = [spec for spec in COMMUNITIES if index not in self.members[spec.name]]
                weights = [self._weight(spec, index) for spec in pool]
                if not any(weights):
                    break
                chosen = rng.choices(pool, weights=weights)[0]
                self.members[chosen.name][index] = Role.MEMBER

        for spec in COMMUNITIES:
            members = self.members[spec.name]
            self._fill(spec, members, engaged, candidates)
        retired_pool = self._fitting(RETIRED, engaged)
        for index in rng.sample(retired_pool, min(len(retired_pool), rng.randint(8, 15))):
            self.members[RETIRED.name][index] = Role.MEMBER
        self._fill(RETIRED, self.members[RETIRED.name], engaged, candidates)

        for spec in (*COMMUNITIES, RETIRED):
            members = self.members[spec.name]
            people = list(members)
            heart = self._fitting(spec, people, how="heart") or people
            for index in rng.sample(heart, min(len(heart), rng.choice((1, 2, 2, 3)))):
                members[index] = Role.LEAD
            others = [i for i in heart if members[i] == Role.MEMBER]
            core = max(1, round(len(people) * rng.uniform(0.06, 0.14)))
            for index in rng.sample(others, min(len(others), core)):
                members[index] = Role.CORE

    def _fill(
        self, spec: CommunitySpec, members: dict[int, str], engaged: list[int], everyone: list[int]
    ) -> None:
        """Bring a community up to `MIN_HEART` people from its heart and `MIN_MEMBERS` in all, keenest first:
        engaged staff from its heart, then anyone from its heart, then its wider fit."""
        rng = self.rng
        pools = [
            (MIN_HEART, self._fitting(spec, engaged, how="heart")),
            (MIN_HEART, self._fitting(spec, everyone, how="heart")),
            (MIN_MEMBERS, self._fitting(spec, engaged)),
            (MIN_MEMBERS, self._fitting(spec, everyone)),
        ]
        heart = len(self._fitting(spec, list(members), how="heart"))
        for wanted, pool in pools:
            pool = [i for i in pool if i not in members]
            while pool and (heart if wanted == MIN_HEART else len(members)) < wanted:
                index = pool.pop(rng.randrange(len(pool)))
                members[index] = Role.MEMBER
                heart += self.fit[spec.name][index] == "heart"

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
                    joined = self._between(founded, founded + timedelta(days=14))
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

        def outsider(spec: CommunitySpec, *, from_heart: float) -> int | None:
            """Someone not yet in `spec` whose job fits it: from its heart with the chance `from_heart`."""
            taken = self.members[spec.name].keys() | asked[spec.name]
            fitting = [i for i in self._fitting(spec, everyone) if i not in taken]
            heart = self._fitting(spec, fitting, how="heart")
            wider = self._fitting(spec, fitting, how="wider") + self._fitting(spec, fitting, how="exception")
            pool = heart if heart and (rng.random() < from_heart or not wider) else wider
            if not pool:
                return None
            index = rng.choice(pool)
            asked[spec.name].add(index)
            return index

        def ask(
            community: Community, index: int, when: datetime, *, before: datetime, waiting: bool = False
        ) -> JoinRequest:
            """`index` asks to join, in working hours about `when`, and before `before` (its decision, or now)."""
            when = at_work(when, rng, before=before)
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
                join_request = ask(community, index, when - timedelta(days=rng.uniform(0.2, 6)), before=when)
                lead = self._persona(LEAD) if spec.name == LEAD_COMMUNITY else rng.choice(leads)
                decide(join_request, lead=lead, approve=True, when=when)
                decided += 1
            for _ in range(rng.choice((0, 1, 1, 2))):
                # Declined: people whose work only touches the community's, for whom it is not meant.
                declined = outsider(spec, from_heart=0)
                if declined is None:
                    continue
                founded = self.plans[spec.name].founded
                when = self._between(founded + timedelta(days=14), self.now - timedelta(days=3))
                asked_at = when - timedelta(days=rng.uniform(0.2, 6))
                join_request = ask(community, declined, asked_at, before=when)
                decide(join_request, lead=rng.choice(leads), approve=False, when=when)
                decided += 1
            if spec.status == Status.ACTIVE:
                how_many = 3 if spec.name == LEAD_COMMUNITY else rng.choice((0, 1, 1, 2, 3, 4))
                for _ in range(how_many):
                    if (waiting := outsider(spec, from_heart=PENDING_FROM_HEART)) is not None:
                        ask(community, waiting, self._ago(20, 0.1), before=self.now, waiting=True)
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


# What the demo's history writes through the services, moved to when it happened by the clock.
CLOCK_STAMPS: list[tuple[type[models.Model], str]] = [
    (LogEntry, "created_at"),
    (Membership, "joined_at"),
    (JoinRequest, "created_at"),
    (Notification, "created_at"),
]


@dataclass
class _CommunityPlan:
    spec: CommunitySpec
    founded: datetime
    status_changed: datetime
    proposer: int | None = None  # staff index
    links: list[LinkData] = field(default_factory=list)


LETTERS_WITHOUT_DECOMPOSITION = {ord("ł"): "l", ord("Ł"): "L", ord("ø"): "o", ord("ß"): "ss"}


def _ascii(name: str) -> str:
    """A name as it appears in an email address: lower case, no accents, spaces or apostrophes."""
    name = name.translate(LETTERS_WITHOUT_DECOMPOSITION)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")
