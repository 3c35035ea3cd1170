"""The demo's projects: professional-services improvement projects in most running communities, some active,
some paused, some completed with their outcomes and a story told about them, with updates over the past year.
Written through the services, back-dated with their `now=` keyword; deterministic for a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from copse.communities.models import LISTED, Community, Membership, Role

from . import services
from .models import Project, Status


@dataclass(frozen=True)
class Spec:
    title: str
    problem: str
    goals: str
    status: str
    outcomes: str = ""


SPECS = [
    Spec(
        "Month-end close in five working days",
        "Month-end close takes nine working days, so budget holders see their figures in the third week.",
        "Close in five days by reconciling weekly and agreeing accrual cut-offs with departments.",
        Status.COMPLETED,
        "- Close now takes **five working days** (from nine).\n- Budget holders get their reports in week two.",
    ),
    Spec(
        "Student enquiries triage",
        "Enquiries arrive in six inboxes; the same question is answered three times and some wait a week.",
        "One front door with a shared triage, and an answer within two working days.",
        Status.ACTIVE,
    ),
    Spec(
        "Estates fault reporting",
        "People report faults by email, phone and paper forms; nobody can tell what happened to their report.",
        "One online form, a reference number and an update when the fault is fixed.",
        Status.PAUSED,
    ),
    Spec(
        "Accessible documents by default",
        "Many committee papers and forms are scanned PDFs that screen readers cannot read.",
        "Templates that are accessible from the start, and training for the people who write most documents.",
        Status.COMPLETED,
        "- New templates in use by **12 teams**.\n- 80% of papers published last term passed the checker.",
    ),
    Spec(
        "Purchase order approvals in one day",
        "Purchase orders wait for approvers who are away, holding up suppliers.",
        "Delegated approval and reminders, so that nine in ten orders are approved within a day.",
        Status.ACTIVE,
    ),
    Spec(
        "Onboarding checklist for new starters",
        "New colleagues wait for accounts, desks and training, and each team does it differently.",
        "One checklist that managers and IT share, started before the first day.",
        Status.IDEA,
    ),
    Spec(
        "Fewer paper forms in HR",
        "Fourteen HR processes still need a signed paper form.",
        "Online forms for the five most used, with electronic approval.",
        Status.STOPPED,
    ),
]

UPDATES = [
    "Kick-off meeting held; we agreed what to measure first.",
    "Mapped the current process with the teams who use it. It has more steps than anyone thought.",
    "Tried the new approach with one team for a month. Early results look good.",
    "Shared what we learned at the community meeting and collected feedback.",
    "Rolled out to two more teams. Some questions about exceptions still to answer.",
    "Paused while the teams concerned get through the year-end peak.",
]


def extend_demo(*, seed: int) -> str:
    with transaction.atomic():
        return _seed(random.Random(seed))  # noqa: S311 - a demo, not a secret


def _seed(rng: random.Random) -> str:
    now = timezone.now()
    communities = list(Community.objects.filter(status__in=LISTED).order_by("pk"))
    projects = updates = stories = 0
    for index, community in enumerate(communities):
        if index % 5 == 4:  # most communities, not all
            continue
        members = list(
            Membership.objects.of_staff().filter(community=community).select_related("person").order_by("pk")
        )
        if len(members) < 3:
            continue
        for offset in range(1 + index % 2):
            spec = SPECS[(index + offset * 3) % len(SPECS)]
            started = now - timedelta(days=rng.randint(200, 360))
            owner = rng.choice(members).person
            project = services.propose_project(
                community,
                by=owner,
                title=spec.title,
                problem=spec.problem,
                goals=spec.goals,
                starts_on=started.date(),
                ends_on=(started + timedelta(days=180)).date() if spec.status == Status.COMPLETED else None,
                now=started,
            )
            lead = next((m.person for m in members if m.role == Role.LEAD), owner)
            team = [m.person for m in rng.sample(members, min(3, len(members)))]
            services.edit_project(
                project,
                by=lead,
                title=spec.title,
                problem=spec.problem,
                goals=spec.goals,
                status=spec.status,
                starts_on=project.starts_on,
                ends_on=project.ends_on,
                outcomes=spec.outcomes,
                team=team,
            )
            moments = sorted(started + timedelta(days=rng.randint(5, 190)) for _ in range(rng.randint(2, 5)))
            for number, moment in enumerate(moments):
                author = rng.choice([owner, *team])
                services.post_update(project, author=author, body=UPDATES[number % len(UPDATES)], now=moment)
                updates += 1
            projects += 1
            if spec.status == Status.COMPLETED and _tell_story(
                project, owner, moments[-1] + timedelta(days=10)
            ):
                stories += 1
    return f"projects: {projects} projects, {updates} updates, {stories} stories about them"


def _tell_story(project: Project, teller: object, moment: datetime) -> bool:
    from copse.valuecreation.models import ValueCycle
    from copse.valuecreation.services.stories import StepText, tell_story

    cycles = {cycle.key: cycle for cycle in ValueCycle.objects.enabled()}
    if "applied" not in cycles or "realised" not in cycles:
        return False
    tell_story(
        project.community,
        teller=teller,  # type: ignore[arg-type]
        title=f"What “{project.title}” changed for us",
        steps=[
            StepText(cycle=cycles["applied"], text="We changed how the team works, one step at a time."),
            StepText(cycle=cycles["realised"], text="The results are in the project's outcomes."),
        ],
        project=project,
        today=date(moment.year, moment.month, moment.day),
        now=moment,
    )
    return True
