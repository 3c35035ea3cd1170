"""The demo organisation: a large UK university's professional services, its staff and communities.

Built from a fixed random seed, so the same seed always gives the same people, communities and
memberships, and written with bulk inserts in one transaction, so `seed_demo` takes seconds.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User

from .demo_data import (
    ADMIN,
    APPROVAL_REASONS,
    COMMUNITIES,
    DECLINE_REASONS,
    DORMANT_REASON,
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
from .models import Community, CommunityLink, JoinRequest, LogEntry, Membership, Role, Status, Visibility

Progress = Callable[[int, int], None]
"""Called with (stages done, stages in all) as the build goes along."""

DEMO_PASSWORD = "copse-demo"
MIN_STAFF = 100
ENGAGED_SHARE = 0.4  # of staff in at least one community: most people are not in any yet
MIN_MEMBERS = 6
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
        self.communities: dict[str, Community] = {}
        self.founded: dict[str, datetime] = {}
        self.members: dict[str, dict[int, str]] = {}  # community name -> {staff index: role}
        self.joined: dict[tuple[str, int], datetime] = {}

    def build(self, staff: int) -> DemoSummary:
        self._advance()
        self._create_organisation()
        self._advance()
        self._create_staff(staff)
        self._advance()
        self._create_communities()
        self._advance()
        self._choose_members()
        self._advance()
        memberships = self._create_memberships()
        self._advance()
        pending, decided = self._create_requests()
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
            memberships=memberships,
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

    def _create_communities(self) -> None:
        admin = self._persona(ADMIN)
        rows = []
        for spec in (*COMMUNITIES, PROPOSED, RETIRED):
            if spec is PROPOSED:
                founded = self._ago(12, 2)
            elif spec.status == Status.ACTIVE:
                founded = self._ago(1500, 200)
            else:
                founded = self._ago(1800, 1000)
            self.founded[spec.name] = founded
            community = Community(
                name=spec.name,
                slug=slugify(spec.name),
                service_area=self.areas[spec.area],
                purpose=spec.purpose,
                visibility=spec.visibility,
                status=spec.status,
                meeting_cadence=spec.cadence,
                status_changed_at=founded,
            )
            if spec is PROPOSED:
                colleagues = [
                    person.user for person in self.staff[len(PERSONAS) :] if person.area == spec.area
                ]
                community.proposed_by = self.rng.choice(colleagues)
                community.proposal_reason = PROPOSAL_REASON
            elif spec.status in {Status.DORMANT, Status.RETIRED}:
                community.status_changed_at = self._ago(300, 60)
                community.decided_by = admin
                community.decided_at = community.status_changed_at
                community.decision_reason = (
                    DORMANT_REASON if spec.status == Status.DORMANT else RETIRED_REASON
                )
            rows.append(community)
        self.communities = {c.name: c for c in Community.objects.bulk_create(rows)}
        for name, community in self.communities.items():
            Community.objects.filter(pk=community.pk).update(created_at=self.founded[name])

        links = []
        for spec in (*COMMUNITIES, RETIRED):
            slug = self.communities[spec.name].slug
            choices = [
                ("Teams channel", f"https://example.org/teams/{slug}"),
                ("SharePoint site", f"https://example.org/sites/{slug}"),
                ("Meeting notes", f"https://example.org/sites/{slug}/meeting-notes"),
            ]
            for position, (label, url) in enumerate(choices[: self.rng.randint(1, 3)]):
                links.append(
                    CommunityLink(
                        community=self.communities[spec.name], label=label, url=url, position=position
                    )
                )
        CommunityLink.objects.bulk_create(links)

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

    def _create_memberships(self) -> int:
        rows = []
        for name, members in self.members.items():
            founded = self.founded[name]
            for index, role in members.items():
                if role == Role.LEAD:
                    joined = founded + timedelta(days=self.rng.uniform(0, 14))
                else:
                    joined = self._between(founded + timedelta(days=14), self.now - timedelta(days=2))
                self.joined[(name, index)] = joined
                rows.append(
                    Membership(
                        community=self.communities[name],
                        person=self.staff[index].user,
                        role=role,
                        joined_at=joined,
                    )
                )
        Membership.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def _create_requests(self) -> tuple[int, int]:
        """Pending requests for leads to decide, and decided ones (with their log entries) from before."""
        rng = self.rng
        requests: list[JoinRequest] = []
        log: list[LogEntry] = []
        personas = set(range(len(PERSONAS)))
        asked: dict[str, set[int]] = {name: set() for name in self.members}
        everyone = [i for i in range(len(self.staff)) if i not in personas]

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

        def decide(request: JoinRequest, *, lead: User, approve: bool, when: datetime) -> None:
            request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
            request.decided_by = lead
            request.decided_at = when
            request.decision_reason = rng.choice(APPROVAL_REASONS if approve else DECLINE_REASONS)
            action = LogEntry.Action.APPROVED if approve else LogEntry.Action.DECLINED
            log.append(
                LogEntry(
                    community=request.community,
                    actor=lead,
                    action=action,
                    subject=request.person,
                    detail=request.decision_reason,
                    created_at=when,
                )
            )

        pending = 0
        for spec in COMMUNITIES:
            if spec.visibility != Visibility.ON_REQUEST:
                continue
            community = self.communities[spec.name]
            members = self.members[spec.name]
            leads = [self.staff[i].user for i, role in members.items() if role == Role.LEAD]
            if spec.status == Status.ACTIVE:
                how_many = 3 if spec.name == LEAD_COMMUNITY else rng.choice((0, 1, 1, 2, 3, 4))
                for _ in range(how_many):
                    index = outsider(spec)
                    requests.append(
                        JoinRequest(
                            community=community,
                            person=self.staff[index].user,
                            message=message(index, spec.name),
                            created_at=self._ago(20, 0.1),
                        )
                    )
                    pending += 1

            wider = [i for i, role in members.items() if role == Role.MEMBER and i not in personas]
            approved = rng.sample(wider, round(len(wider) * 0.3))
            if spec.name == LEAD_COMMUNITY:
                approved.append(self.persona_index[MEMBER.email])
            for index in approved:
                when = self.joined[(spec.name, index)]
                request = JoinRequest(
                    community=community,
                    person=self.staff[index].user,
                    message=message(index, spec.name),
                    created_at=when - timedelta(days=rng.uniform(0.2, 6)),
                )
                lead = self._persona(LEAD) if spec.name == LEAD_COMMUNITY else rng.choice(leads)
                decide(request, lead=lead, approve=True, when=when)
                requests.append(request)
            for _ in range(rng.choice((0, 1, 1, 2))):
                index = outsider(spec)
                when = self._between(
                    self.founded[spec.name] + timedelta(days=14), self.now - timedelta(days=3)
                )
                request = JoinRequest(
                    community=community,
                    person=self.staff[index].user,
                    message=message(index, spec.name),
                    created_at=when - timedelta(days=rng.uniform(0.2, 6)),
                )
                decide(request, lead=rng.choice(leads), approve=False, when=when)
                requests.append(request)
        decided = len(requests) - pending

        admin = self._persona(ADMIN)
        proposed = self.communities[PROPOSED.name]
        log.append(
            LogEntry(
                community=proposed,
                actor=proposed.proposed_by,
                action=LogEntry.Action.PROPOSED,
                detail=PROPOSAL_REASON,
                created_at=self.founded[PROPOSED.name],
            )
        )
        for spec in (*COMMUNITIES, RETIRED):
            community = self.communities[spec.name]
            if spec.status in {Status.DORMANT, Status.RETIRED}:
                log.append(
                    LogEntry(
                        community=community,
                        actor=admin,
                        action=LogEntry.Action.STATUS_CHANGED,
                        detail=f"{community.get_status_display()}. {community.decision_reason}",
                        created_at=community.status_changed_at,
                    )
                )
        JoinRequest.objects.bulk_create(requests, batch_size=BATCH)
        LogEntry.objects.bulk_create(log, batch_size=BATCH)
        return pending, decided


LETTERS_WITHOUT_DECOMPOSITION = {ord("ł"): "l", ord("Ł"): "L", ord("ø"): "o", ord("ß"): "ss"}


def _ascii(name: str) -> str:
    """A name as it appears in an email address: lower case, no accents, spaces or apostrophes."""
    name = name.translate(LETTERS_WITHOUT_DECOMPOSITION)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")
