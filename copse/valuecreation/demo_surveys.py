"""The demo's value surveys, written through the services as of the days they happened: one completed survey of
the lead persona's community (several questions across the cycles, answered by most of its members, closed and
recorded), ratings of a few past events, and two years of the indicators Copse counts."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count, Q
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo_data import LEAD, LEAD_COMMUNITY
from copse.communities.models import Community, Membership, Role, Status
from copse.core.demo_history import Clock
from copse.events.models import Event

from .models import IndicatorDefinition, QuestionKind, Survey, ValueCycle
from .permissions import survey_audience
from .services import platform, surveys

WORDS = [
    "I ask the group before I build a new forecast model, and I reuse the template from the spring workshop.",
    "I stopped rebuilding the budget pack from scratch every month: someone shared a much better way.",
    "I have two people in Estates I can call now, which saves me days of email.",
    "I check the month-end checklist from the community before I close the ledger.",
    "I explain variances to budget holders in plain words, after the session on storytelling with numbers.",
    "I feel less alone with the difficult conversations about overspends.",
    "I run a short lessons-learnt chat with my team after each quarter end, as the community does.",
    "I use Power Query for the monthly reconciliations instead of copying and pasting.",
    "Honestly not much yet: I mostly read, but it is good to know where to ask.",
    "I put a question in the help channel first instead of waiting for the finance helpdesk.",
    "I share my own templates now, which I never used to do.",
    "I challenge assumptions in business cases earlier, with the questions we drew up together.",
]


def demo(*, seed: int) -> str:
    """Write the demo's surveys and platform indicators; returns a one-line summary."""
    rng = random.Random(seed)  # noqa: S311 - a demo, not a secret
    today = timezone.localdate()
    clock = Clock()
    community = Community.objects.filter(name=LEAD_COMMUNITY).first()
    lead = User.objects.filter(email=LEAD.email).first()
    answered = 0
    if community is not None and lead is not None:
        answered = _completed_survey(community, lead, rng, clock, today=today)
    ratings = _event_ratings(rng, clock, today=today)
    clock.apply()
    surveys.close_due_surveys(today=today)
    computed = platform.compute_platform_indicators(months=platform.DEFAULT_MONTHS, today=today)
    return (
        f"value surveys: a completed survey answered by {answered} members, {ratings} event ratings; "
        f"{computed.created + computed.updated} platform observations over {computed.months} months"
    )


def _cycle(key: str) -> ValueCycle:
    return ValueCycle.objects.filter(key=key, is_enabled=True).first() or ValueCycle.objects.enabled()[0]


def _indicator(key: str) -> IndicatorDefinition | None:
    return IndicatorDefinition.objects.filter(community=None, key=key).first()


def _completed_survey(
    community: Community, lead: User, rng: random.Random, clock: Clock, *, today: dt.date
) -> int:
    opens = today - dt.timedelta(days=150)
    closes = opens + dt.timedelta(days=20)
    survey = surveys.create_survey(
        community=community,
        audience=Survey.Audience.MEMBERS,
        title="What difference has the community made this year?",
        introduction=(
            "Six short questions about what taking part has been worth to you. It takes about five minutes, and "
            "your answers are anonymous. We will share what we learn at the next meet-up."
        ),
        opens_on=opens,
        closes_on=closes,
        by=lead,
        today=opens,
    )
    useful = surveys.add_question(
        survey,
        text="How useful has the community been to you over the last few months?",
        kind=QuestionKind.SCALE,
        cycle=_cycle("immediate"),
        indicator=_indicator("interaction_quality"),
        is_required=True,
    )
    belong = surveys.add_question(
        survey,
        text="How much do you feel you belong to the community?",
        kind=QuestionKind.SCALE,
        cycle=_cycle("potential"),
        indicator=_indicator("trust"),
    )
    skill = surveys.add_question(
        survey,
        text="Have you learnt a skill or a method from the community that you now use?",
        kind=QuestionKind.CHOICE,
        choices="Yes\nNot yet\nI am not sure",
        cycle=_cycle("potential"),
        indicator=_indicator("skills_gained"),
    )
    applied = surveys.add_question(
        survey,
        text="Have you put advice from the community into practice in your work?",
        kind=QuestionKind.CHOICE,
        choices="Yes, more than once\nYes, once\nNot yet",
        cycle=_cycle("applied"),
        indicator=_indicator("advice_applied"),
    )
    hours = surveys.add_question(
        survey,
        text="Roughly how many hours a month does the community save you?",
        kind=QuestionKind.NUMBER,
        cycle=_cycle("realised"),
        indicator=_indicator("time_saved"),
    )
    words = surveys.add_question(
        survey,
        text="What is one thing you now do differently because of the community?",
        kind=QuestionKind.TEXT,
        cycle=_cycle("applied"),
    )
    with clock.at(timezone.make_aware(dt.datetime.combine(opens, dt.time(9)))):
        surveys.send_survey(survey, by=lead, today=opens)
    members = list(
        Membership.objects.current()
        .filter(community=community, person__is_active=True)
        .exclude(person=lead)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    people = {u.pk: u for u in User.objects.filter(pk__in=members)}
    chosen = rng.sample(members, min(len(members), max(32, round(len(members) * 0.7))))
    sayings = rng.sample(WORDS, len(WORDS))
    for person_id in chosen:
        rating = rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 4])[0]
        answers = {
            useful.pk: str(rating),
            belong.pk: str(max(1, min(5, rating + rng.choice([-1, 0, 0, 1])))),
            skill.pk: rng.choices(["Yes", "Not yet", "I am not sure"], weights=[6, 3, 1])[0],
            applied.pk: rng.choices(["Yes, more than once", "Yes, once", "Not yet"], weights=[4, 4, 3])[0],
        }
        if rng.random() < 0.8:
            answers[hours.pk] = str(rng.choice([0, 1, 1, 2, 2, 3, 4, 6]))
        if sayings and rng.random() < 0.4:
            answers[words.pk] = sayings.pop()
        day = opens + dt.timedelta(days=min(rng.randrange(15), 20))
        surveys.answer_survey(survey, person=people[person_id], answers=answers, today=day)
    surveys.close_survey(survey, today=closes)
    return len(chosen)


def _event_ratings(rng: random.Random, clock: Clock, *, today: dt.date) -> int:
    """The people who came to a few past events rate them: the latest event of the lead persona's community
    (still open if it ended in the last fortnight) and the busiest events of four other communities, one to
    four months ago (closed and recorded)."""
    now = timezone.now()
    past = (
        Event.objects.filter(
            status=Event.Status.SCHEDULED,
            community__status=Status.ACTIVE,
            ends_at__lt=now - dt.timedelta(days=1),
            ends_at__gte=now - dt.timedelta(days=120),
        )
        .annotate(came=Count("registrations", filter=Q(registrations__attended=True)))
        .select_related("community")
    )
    picked: list[Event] = []
    latest = past.filter(community__name=LEAD_COMMUNITY, came__gte=8).order_by("-ends_at").first()
    if latest is not None:
        picked.append(latest)
    seen = {event.community_id for event in picked}
    older = past.filter(ends_at__lt=now - dt.timedelta(days=30), came__gte=8).order_by("-came", "pk")
    for candidate in older:
        if candidate.community_id not in seen and len(picked) < 5:
            picked.append(candidate)
            seen.add(candidate.community_id)
    for event in picked:
        by = (
            Membership.objects.current()
            .filter(community=event.community, role=Role.LEAD, person__is_active=True)
            .select_related("person")
            .first()
        )
        if by is None:
            continue
        asked_on = timezone.localdate(event.ends_at) + dt.timedelta(days=1)
        with clock.at(
            timezone.make_aware(dt.datetime.combine(asked_on, dt.time(9))),
            unread=asked_on > today - dt.timedelta(days=7),
        ):
            survey = surveys.ask_for_event_rating(event, by=by.person, today=asked_on)
        question = survey.questions.get()
        for person in survey_audience(survey).exclude(pk=by.person_id).order_by("pk"):
            if rng.random() < 0.7:
                day = min(asked_on + dt.timedelta(days=rng.randrange(5)), survey.closes_on, today)
                rating = rng.choices([2, 3, 4, 5], weights=[1, 2, 6, 5])[0]
                surveys.answer_survey(survey, person=person, answers={question.pk: str(rating)}, today=day)
        if survey.closes_on < today:
            surveys.close_survey(survey, today=survey.closes_on)
    return len(picked)
