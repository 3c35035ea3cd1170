"""Framing and indicators for the demo organisation, written through the services people use.

Every community that has a lead frames its work as that lead: two or three aspirations, with the conditions they
need and their risks (each with a mitigation), some revised once with a reason, and one to three uncertainties,
some resolved with what was learnt. The programme team (admin@example.org) frames the organisation; the member
persona has an aspiration of their own. Each community adopts five to eight catalogue indicators across several
cycles (among them the ones Copse counts), and its lead records two years of monthly observations of one or two
it records by hand, with a gentle trend and the odd month missed. The same seed gives the same data.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo_data import ADMIN, LEAD, MEMBER
from copse.communities.models import Community, Membership
from copse.projects.models import Project

from .models import IndicatorDefinition, Scope
from .months import month_end, month_starts
from .services.framing import (
    RiskText,
    create_aspiration,
    create_uncertainty,
    resolve_uncertainty,
    revise_aspiration,
)
from .services.indicators import (
    adopt_indicator,
    record_observation,
    record_organisation_observation,
    set_projects,
)

MONTHS = 24
MISSED = 0.12  # of months with no observation: a busy lead, a holiday
REVISED = 0.4  # of aspirations reworded once
SMALL_MONTHS = 0.08  # of months whose figure comes from fewer people than may be shown

# title, description, conditions, risks, (new title, reason) when revised
ASPIRATIONS: list[tuple[str, str, str, list[RiskText], tuple[str, str]]] = [
    (
        "People new to the work find their feet within three months",
        "Someone who joins us should know who to ask, where the templates are and how things are done here.",
        "A lead or core member's hour a week to welcome people; a short guide kept up to date.",
        [
            RiskText(
                "Welcomes stop when the leads are busy", "Core members take the welcome in turns each month."
            ),
            RiskText("The guide goes out of date", "Review it at the planning meeting each September."),
        ],
        (
            "People new to the work find their feet within three months, and stay",
            "The first year showed people joined, asked one question and went quiet: staying matters as much "
            "as arriving.",
        ),
    ),
    (
        "Nobody solves the same problem twice",
        "When one of us has cracked something, the rest can find the answer without asking again.",
        "Answers written up where everyone can find them; people willing to mark the answer that helped.",
        [
            RiskText(
                "Answers stay in private chats and emails", "Ask for a short summary post after each one."
            ),
            RiskText("People do not search before asking", ""),
        ],
        (
            "Nobody solves the same problem twice, and answers are easy to find",
            "Members told us the answers were there but hard to find: finding matters as much as writing.",
        ),
    ),
    (
        "Our shared templates become the way the work is done",
        "One set of templates, kept by the community, used across the service areas instead of a dozen "
        "local versions.",
        "An owner for each template; agreement from the heads of service that it is the standard.",
        [
            RiskText("Teams keep their own versions", "Agree one owner with each head of service."),
            RiskText("The templates age", "Review them every summer and mark what changed."),
        ],
        (
            "Our shared templates are the standard, owned by the community",
            "Two service areas adopted them formally this year; the aim now is that they are owned, not just used.",
        ),
    ),
    (
        "Decision-makers hear what the community has learnt",
        "What we learn together should reach the people who set policy and budgets.",
        "A sponsor at director level; a short report twice a year.",
        [
            RiskText(
                "Reports are filed and not read", "Present them in person at the sponsor's team meeting."
            ),
            RiskText("Our sponsor moves on", "Brief a second senior colleague each year."),
        ],
        (
            "Decision-makers ask the community before they decide",
            "Being heard was not enough: we want to be asked early, while there is still time to change things.",
        ),
    ),
    (
        "Members feel safe to try new approaches and say what did not work",
        "Trying something and sharing a failure should be as welcome as sharing a success.",
        "Leads who share their own mistakes first; a regular slot for what did not work.",
        [RiskText("Only successes get posted", "Start each meet-up with one thing that went wrong.")],
        (
            "Members try new approaches and share what did not work, openly",
            "People said the slot helped, but only in meetings: we want the same openness in the discussions.",
        ),
    ),
    (
        "Fewer hours lost to rework and chasing",
        "Less time spent fixing avoidable mistakes and chasing missing information.",
        "A way to count the time saved; members willing to report it.",
        [RiskText("Time saved is hard to show", "Ask members for a monthly estimate with an example.")],
        (
            "Fewer hours lost to rework, and the time put to better use",
            "Time was being saved; the question leaders asked was what it was spent on instead.",
        ),
    ),
]

UNCERTAINTIES = [
    (
        "Do members use what they learn here in their own teams?",
        "Ask at the spring meet-up and in a short survey.",
        "Most do within a month, usually by adapting a template; a few need a colleague to show them first.",
    ),
    (
        "Why do people stop coming after their first few sessions?",
        "A handful of short conversations with leavers.",
        "Mostly timing: the lunchtime slot clashes with teaching. A recorded session helped.",
    ),
    (
        "Would a monthly drop-in work better than the termly webinar?",
        "Try both for a term.",
        "The drop-in drew fewer people but more questions; we now run both.",
    ),
    ("Which of our resources do people actually reuse?", "Look at downloads and ask in the discussions.", ""),
    ("Who outside the community already relies on our work?", "Ask the sponsor and the service leads.", ""),
]

ORGANISATION = [
    (
        "Every member of staff can join a community of practice relevant to their role",
        "The programme's vision: wherever someone works, there is a community for what they do.",
        "Communities covering every job family; line managers who make time for them.",
        [
            RiskText(
                "Some job families have no community yet", "Invite proposals from those areas each term."
            ),
            RiskText(
                "Managers see it as time away from work", "Share stories of time saved with the managers."
            ),
        ],
    ),
    (
        "Communities' learning shows up in how services are planned",
        "What communities learn reaches planning rounds and policy reviews.",
        "A route from communities to the planning round; sponsors who listen.",
        [RiskText("Learning stays inside each community", "A yearly value report to the leadership team.")],
    ),
    (
        "Communities sustain themselves without depending on one person",
        "",
        "At least two leads and a core group in every community.",
        [
            RiskText(
                "A lead leaves and the community goes quiet", "Support core members to step up as co-leads."
            )
        ],
    ),
]

PLATFORM = ["event_attendance", "continuity", "cross_area_connections", "help_answered", "help_solved"]
OTHERS = ["interaction_quality", "skills_gained", "trust", "advice_applied"]
# Recorded by hand each month: quantitative (key, start, monthly growth, spread) and qualitative.
COUNTED = {"time_saved": (18.0, 0.9, 4.0), "tool_reuse": (6.0, 0.5, 2.0)}
DESCRIBED = {
    "recognition": [
        "A head of service mentioned the community's guidance in a team briefing.",
        "Members were asked to review a draft procedure before it went out.",
        "The community's template was cited in an internal audit as good practice.",
        "Another university asked to see how the community works.",
        "The director thanked the community by name in the all-staff update.",
    ],
    "service_delivery": [
        "Fewer queries came back from faculties after the new checklist.",
        "Turnaround on routine requests was a little quicker than last term.",
        "Complaints about missing information dropped after the shared guidance.",
        "The service met its response target for the first time this year.",
        "Staff surveys mention clearer, more consistent answers across teams.",
    ],
}


POLICY_CHANGES = [
    "No change to policy yet; the programme is collecting the first stories.",
    "The induction checklist for new finance staff now points to the communities.",
    "The workload model counts an hour a month for taking part in a community.",
    "Procurement guidance was rewritten with the Procurement community's templates.",
    "The accessibility statement process now follows the Web Content community's checklist.",
    "Two service reviews asked the relevant communities for evidence before deciding.",
    "The people strategy names communities of practice as a way staff develop.",
    "Service planning guidance asks each area which communities it draws on.",
]


def _observe_organisation(
    admin: User, catalogue: dict[str, IndicatorDefinition], months: list[tuple[date, date]]
) -> int:
    """The programme team's own quarterly observations: how policy changed, and decisions that used what a
    community produced."""
    quarters = [(months[n][0], months[n + 2][1]) for n in range(0, len(months) - 2, 3)]
    for n, (start, end) in enumerate(quarters):
        record_organisation_observation(
            catalogue["policy_changes"],
            by=admin,
            period_start=start,
            period_end=end,
            text=POLICY_CHANGES[n % 8],
        )
        record_organisation_observation(
            catalogue["outputs_in_decisions"],
            by=admin,
            period_start=start,
            period_end=end,
            value=Decimal(1 + n + n // 3),
            evidence="https://sharepoint.example.org/sites/programme/decisions",
        )
    return 2 * len(quarters)


def _lead_of(community: Community, lead_persona: User | None) -> User | None:
    """The community's lead who writes its framing: the lead persona where they lead it, else its first lead."""
    leads = Membership.objects.leads().filter(community=community).select_related("person").order_by("pk")
    people = [m.person for m in leads]
    if lead_persona is not None and lead_persona in people:
        return lead_persona
    return people[0] if people else None


def _months(today: date) -> list[tuple[date, date]]:
    """The last MONTHS whole months, oldest first."""
    this_month = today.replace(day=1)
    return [
        (first, month_end(first))
        for first in month_starts(months=MONTHS + 1, today=today)[:-1]
        if first < this_month
    ]


def _frame_community(rng: random.Random, community: Community, lead: User) -> tuple[int, int]:
    aspirations = rng.sample(ASPIRATIONS, rng.randint(2, 3))
    for title, description, conditions, risks, (new_title, reason) in aspirations:
        aspiration = create_aspiration(
            Scope.COMMUNITY,
            community,
            by=lead,
            title=title,
            description=description,
            conditions=conditions,
            risks=risks,
        )
        if rng.random() < REVISED:
            revise_aspiration(
                aspiration,
                by=lead,
                title=new_title,
                description=description,
                conditions=conditions,
                risks=risks,
                reason=reason,
            )
    uncertainties = rng.sample(UNCERTAINTIES, rng.randint(1, 3))
    for question, notes, learnt in uncertainties:
        uncertainty = create_uncertainty(Scope.COMMUNITY, community, by=lead, question=question, notes=notes)
        if learnt and rng.random() < 0.5:
            resolve_uncertainty(uncertainty, by=lead, resolution=learnt)
    return len(aspirations), len(uncertainties)


def _observe(
    rng: random.Random,
    community: Community,
    indicator: IndicatorDefinition,
    lead: User,
    months: list[tuple[date, date]],
) -> int:
    recorded = 0
    evidence_base = f"https://sharepoint.example.org/sites/{community.slug}/value"
    for n, (start, end) in enumerate(months):
        if rng.random() < MISSED:
            continue
        evidence = f"{evidence_base}/{start:%Y-%m}" if rng.random() < 0.3 else ""
        if indicator.key in COUNTED:
            base, growth, spread = COUNTED[indicator.key]
            value = max(0.0, base + growth * n + rng.uniform(-spread, spread))
            record_observation(
                community,
                indicator,
                by=lead,
                period_start=start,
                period_end=end,
                value=Decimal(f"{value:.1f}"),
                evidence=evidence,
                # Now and then only a handful of people report: too few for the figure to be shown.
                people=rng.randint(5, 16) if rng.random() > SMALL_MONTHS else rng.randint(2, 4),
            )
        else:
            texts = DESCRIBED[indicator.key]
            # Later months draw from the later, stronger sentences: a gentle trend in words.
            reach = min(len(texts), 1 + n * len(texts) // len(months))
            record_observation(
                community,
                indicator,
                by=lead,
                period_start=start,
                period_end=end,
                text=rng.choice(texts[:reach]),
                evidence=evidence,
            )
        recorded += 1
    return recorded


def _indicators(
    rng: random.Random,
    community: Community,
    lead: User,
    catalogue: dict[str, IndicatorDefinition],
    months: list[tuple[date, date]],
) -> tuple[int, int]:
    keys = ["participation", "active_members", *rng.sample(PLATFORM, rng.randint(1, 3))]
    observed = [rng.choice(list(COUNTED))]
    if rng.random() < 0.5:
        observed.append(rng.choice(list(DESCRIBED)))
    keys += observed + rng.sample(OTHERS, rng.randint(0, 2))
    keys = keys[:8]
    adoptions = []
    for key in keys:
        target = "A little higher each term" if key in COUNTED and rng.random() < 0.5 else ""
        adoptions.append(adopt_indicator(community, catalogue[key], by=lead, target=target))
    # The indicators the leads observe themselves follow the community's projects, as the projects' difference.
    projects = list(Project.objects.filter(community=community).order_by("pk")[:1])
    for adoption in adoptions:
        if projects and adoption.indicator.key in observed:
            set_projects(adoption, projects=projects)
    observations = sum(_observe(rng, community, catalogue[key], lead, months) for key in observed)
    return len(keys), observations


@transaction.atomic
def demo(*, seed: int) -> str:
    rng = random.Random(f"{seed}-framing")  # noqa: S311 - the demo is made the same each time, not secret
    people = {u.email: u for u in User.objects.filter(email__in=[ADMIN.email, LEAD.email, MEMBER.email])}
    admin, lead_persona, member = (people.get(p.email) for p in (ADMIN, LEAD, MEMBER))
    catalogue = {i.key: i for i in IndicatorDefinition.objects.filter(community=None).select_related("cycle")}
    months = _months(timezone.localdate())
    framed = aspirations = uncertainties = adopted = observations = 0
    for community in Community.objects.order_by("name"):
        lead = _lead_of(community, lead_persona)
        if lead is None:  # a proposal nobody leads yet
            continue
        a, u = _frame_community(rng, community, lead)
        i, o = _indicators(rng, community, lead, catalogue, months)
        framed, aspirations, uncertainties = framed + 1, aspirations + a, uncertainties + u
        adopted, observations = adopted + i, observations + o
    if admin is not None:
        for title, description, conditions, risks in ORGANISATION:
            create_aspiration(
                Scope.ORGANISATION,
                None,
                by=admin,
                title=title,
                description=description,
                conditions=conditions,
                risks=risks,
            )
        create_uncertainty(
            Scope.ORGANISATION,
            None,
            by=admin,
            question="Which communities make the most difference to how services are run?",
            notes="The first value report should start to tell us.",
        )
        observations += _observe_organisation(admin, catalogue, months)
    if member is not None:
        create_aspiration(
            Scope.PERSON,
            member,
            by=member,
            title="Present the forecast to the faculty board myself",
            conditions="Practice with a colleague first; a slot at the spring board.",
            risks=[RiskText("Nerves on the day", "Rehearse with the community's presenting group.")],
        )
        create_uncertainty(
            Scope.PERSON,
            member,
            by=member,
            question="Would a secondment to the planning team help my career?",
        )
    return (
        f"framing: {aspirations} aspirations and {uncertainties} uncertainties in {framed} communities; "
        f"{adopted} indicators adopted, {observations} observations recorded"
    )
