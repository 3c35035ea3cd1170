"""Value surveys: a community's leads (or the programme team) write a few questions, each tagged with a cycle and
perhaps an indicator, and send them to the community's members, an event's attendees or everyone; the answers
become indicator observations when the survey closes.

An anonymous survey keeps who answered (`SurveyParticipation`) apart from what was answered (`SurveyResponse`,
with no respondent): nothing written links the two, and nothing here reads them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Avg, Case, Count, IntegerField, Max, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Community
from copse.core.refusals import Kind, Refused
from copse.core.text import paragraphs, single_line
from copse.events.models import Event
from copse.notifications.services import notify

from ..models import (
    SMALL_GROUP,
    IndicatorAdoption,
    IndicatorDefinition,
    IndicatorObservation,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    ValueCycle,
)
from ..models.surveys import ANSWER_MAX, TEXT_MAX, TITLE_MAX
from ..permissions import can_answer_survey, survey_audience

QUESTION_MAX = 300
CHOICE_MAX = 300
# A scale is shown as a row of radio buttons: more than eleven points is no longer a rating.
SCALE_LOWEST, SCALE_HIGHEST, SCALE_MOST_POINTS = 0, 10, 11
# The largest number an answer may hold (the answer's field has 12 digits, 2 after the point).
NUMBER_LIMIT = Decimal("9999999999.99")
# How long the people who came to an event have to rate it.
RATING_DAYS = 14
RATING_INDICATOR = "interaction_quality"
RATING_CYCLE = "immediate"


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _moment(today: dt.date | None) -> dt.datetime:
    """Now, or for work done as of another day (the demo's past), nine in the morning of that day."""
    if today is None or today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(today, dt.time(9)))


# States


def is_open(survey: Survey, *, today: dt.date | None = None) -> bool:
    """Sent, between its dates, and not closed early."""
    today = _today(today)
    return (
        survey.sent_at is not None
        and survey.recorded_at is None
        and survey.opens_on <= today <= survey.closes_on
    )


def state(survey: Survey, *, today: dt.date | None = None) -> str:
    """Where a survey is, in words: "Not sent yet", "Opens on …", "Open until …" or "Closed"."""
    today = _today(today)
    if survey.sent_at is None:
        return "Not sent yet"
    if survey.recorded_at is not None or survey.closes_on < today:
        return "Closed"
    if survey.opens_on > today:
        return f"Opens on {survey.opens_on:%A} {survey.opens_on.day} {survey.opens_on:%B %Y}"
    return f"Open until {survey.closes_on:%A} {survey.closes_on.day} {survey.closes_on:%B %Y}"


# Writing a survey


def _checked_survey(
    *,
    community: Community | None,
    event: Event | None,
    audience: str,
    title: str,
    introduction: str,
    opens_on: dt.date,
    closes_on: dt.date,
    today: dt.date,
) -> tuple[str, str]:
    title = single_line(title, field="title", label="a title", max_length=TITLE_MAX, required=True)
    introduction = paragraphs(
        introduction, field="introduction", label="the introduction", max_length=TEXT_MAX
    )
    if opens_on < today:
        raise Refused("The survey cannot open in the past: choose today or a later day.", field="opens_on")
    if closes_on < opens_on:
        raise Refused("The survey must close on or after the day it opens.", field="closes_on")
    if audience not in Survey.Audience.values:
        raise Refused("Choose who the survey is for.", field="audience")
    if community is None and audience == Survey.Audience.MEMBERS:
        raise Refused(
            "A programme survey is for everyone, or for the people who came to an event.", field="audience"
        )
    if community is not None and audience == Survey.Audience.EVERYONE:
        raise Refused(
            "A community's survey is for its members or for the people who came to one of its events.",
            field="audience",
        )
    if audience == Survey.Audience.ATTENDEES:
        if event is None:
            raise Refused("Choose the event whose attendees it is for.", field="event")
        if event.community_id != (community.pk if community else None):
            raise Refused("Choose one of the community's own events.", field="event")
        if event.is_cancelled or event.ends_at > _moment(today):
            raise Refused("Choose an event that has taken place.", field="event")
    elif event is not None:
        raise Refused("Only a survey for an event's attendees names an event.", field="event")
    return title, introduction


@transaction.atomic
def create_survey(
    *,
    community: Community | None,
    audience: str,
    title: str,
    introduction: str = "",
    is_anonymous: bool = True,
    opens_on: dt.date,
    closes_on: dt.date,
    by: User,
    event: Event | None = None,
    today: dt.date | None = None,
) -> Survey:
    """A new survey, not sent yet: its questions come next. A community's survey is for its members or the
    attendees of one of its past events; a programme survey (no community) is for everyone."""
    title, introduction = _checked_survey(
        community=community,
        event=event,
        audience=audience,
        title=title,
        introduction=introduction,
        opens_on=opens_on,
        closes_on=closes_on,
        today=_today(today),
    )
    return Survey.objects.create(
        community=community,
        event=event,
        audience=audience,
        title=title,
        introduction=introduction,
        is_anonymous=is_anonymous,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )


def _not_sent(survey: Survey) -> None:
    if survey.sent_at is not None:
        raise Refused("This survey has been sent, so it can no longer change.", kind=Kind.CONFLICT)


@transaction.atomic
def update_survey(
    survey: Survey,
    *,
    audience: str,
    title: str,
    introduction: str,
    is_anonymous: bool,
    opens_on: dt.date,
    closes_on: dt.date,
    event: Event | None = None,
    today: dt.date | None = None,
) -> Survey:
    """Change a survey before it is sent."""
    _not_sent(survey)
    title, introduction = _checked_survey(
        community=survey.community,
        event=event,
        audience=audience,
        title=title,
        introduction=introduction,
        opens_on=opens_on,
        closes_on=closes_on,
        today=_today(today),
    )
    survey.audience, survey.event, survey.title, survey.introduction = audience, event, title, introduction
    survey.is_anonymous, survey.opens_on, survey.closes_on = is_anonymous, opens_on, closes_on
    survey.save()
    return survey


def indicators_for(community: Community | None) -> list[IndicatorDefinition]:
    """The indicators a question may feed: those the community adopted (its own included), then the
    catalogue's, each in cycle order."""
    catalogue = Q(community=None)
    mine = Q(pk__in=[])
    if community is not None:
        adopted = IndicatorAdoption.objects.filter(community=community).values("indicator")
        mine = Q(community=community) | Q(pk__in=adopted)
    rows = IndicatorDefinition.objects.filter(catalogue | mine).annotate(
        is_mine=Case(When(mine, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    return list(rows.select_related("cycle").order_by("is_mine", "cycle__position", "name"))


def _checked_question(
    survey: Survey,
    *,
    text: str,
    kind: str,
    scale_min: int,
    scale_max: int,
    choices: str,
    cycle: ValueCycle,
    indicator: IndicatorDefinition | None,
) -> tuple[str, str]:
    text = single_line(text, field="text", label="the question", max_length=QUESTION_MAX, required=True)
    if kind not in QuestionKind.values:
        raise Refused("Choose what kind of answer the question takes.", field="kind")
    if kind == QuestionKind.SCALE:
        if not SCALE_LOWEST <= scale_min <= SCALE_HIGHEST or not SCALE_LOWEST <= scale_max <= SCALE_HIGHEST:
            raise Refused(
                f"A scale runs between {SCALE_LOWEST} and {SCALE_HIGHEST}.",
                field="scale_min" if not SCALE_LOWEST <= scale_min <= SCALE_HIGHEST else "scale_max",
            )
        if scale_max <= scale_min:
            raise Refused("The top of the scale must be above its bottom.", field="scale_max")
    else:
        scale_min, scale_max = 1, 5
    lines: list[str] = []
    if kind == QuestionKind.CHOICE:
        choices = paragraphs(choices, field="choices", label="the choices", max_length=TEXT_MAX)
        lines = [line.strip() for line in choices.splitlines() if line.strip()]
        if len(lines) < 2:
            raise Refused("Give at least two choices, one a line.", field="choices")
        if len({line.casefold() for line in lines}) != len(lines):
            raise Refused("Each choice must be different.", field="choices")
        if any(len(line) > CHOICE_MAX for line in lines):
            raise Refused(f"Each choice must be {CHOICE_MAX} characters or fewer.", field="choices")
    if not cycle.is_enabled:
        raise Refused("Choose one of the cycles the programme looks at.", field="cycle")
    if indicator is not None and indicator.pk not in {i.pk for i in indicators_for(survey.community)}:
        raise Refused(
            "Choose one of the community's indicators or one from the catalogue.", field="indicator"
        )
    return text, "\n".join(lines)


@transaction.atomic
def add_question(
    survey: Survey,
    *,
    text: str,
    kind: str,
    cycle: ValueCycle,
    indicator: IndicatorDefinition | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    choices: str = "",
    is_required: bool = False,
) -> SurveyQuestion:
    """A question at the end of a survey not yet sent."""
    _not_sent(Survey.objects.select_for_update().get(pk=survey.pk))
    text, choices = _checked_question(
        survey,
        text=text,
        kind=kind,
        scale_min=scale_min,
        scale_max=scale_max,
        choices=choices,
        cycle=cycle,
        indicator=indicator,
    )
    if kind != QuestionKind.SCALE:
        scale_min, scale_max = 1, 5
    last = survey.questions.aggregate(last=Max("position"))["last"]
    return SurveyQuestion.objects.create(
        survey=survey,
        position=0 if last is None else last + 1,
        text=text,
        kind=kind,
        scale_min=scale_min,
        scale_max=scale_max,
        choices=choices,
        cycle=cycle,
        indicator=indicator,
        is_required=is_required,
    )


@transaction.atomic
def update_question(
    question: SurveyQuestion,
    *,
    text: str,
    kind: str,
    cycle: ValueCycle,
    indicator: IndicatorDefinition | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    choices: str = "",
    is_required: bool = False,
) -> SurveyQuestion:
    """Reword a question of a survey not yet sent."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _not_sent(survey)
    text, choices = _checked_question(
        question.survey,
        text=text,
        kind=kind,
        scale_min=scale_min,
        scale_max=scale_max,
        choices=choices,
        cycle=cycle,
        indicator=indicator,
    )
    if kind != QuestionKind.SCALE:
        scale_min, scale_max = 1, 5
    question.text, question.kind, question.cycle, question.indicator = text, kind, cycle, indicator
    question.scale_min, question.scale_max, question.choices = scale_min, scale_max, choices
    question.is_required = is_required
    question.save()
    return question


@transaction.atomic
def remove_question(question: SurveyQuestion) -> None:
    """Take a question out of a survey not yet sent."""
    _not_sent(Survey.objects.select_for_update().get(pk=question.survey_id))
    question.delete()


@transaction.atomic
def move_question(question: SurveyQuestion, *, up: bool) -> None:
    """Swap a question with the one before it (`up`) or after it; the first stays first when moved up."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _not_sent(survey)
    questions = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, each in enumerate(questions):
        each.position = position
    SurveyQuestion.objects.bulk_update(questions, ["position"])


# Sending and closing


@transaction.atomic
def send_survey(survey: Survey, *, by: User, today: dt.date | None = None) -> int:
    """Send the survey: its audience is told (kind `surveys`: in the app with the change, by email after
    commit), and its questions no longer change. Returns how many people were told."""
    today = _today(today)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    _not_sent(locked)
    if not locked.questions.exists():
        raise Refused("Add at least one question before sending the survey.")
    if locked.closes_on < today:
        raise Refused("Its closing day has passed: change the dates before sending it.", field="closes_on")
    survey.sent_at = _moment(today)
    survey.save(update_fields=["sent_at", "updated_at"])
    recipients = list(survey_audience(survey).values_list("pk", flat=True))
    host = survey.community.name if survey.community else "The programme team"
    opens = "" if survey.opens_on <= today else f" It opens on {when_day(survey.opens_on)}."
    title = f"{host} would like your views: “{survey.title}”.{opens} Open until {when_day(survey.closes_on)}."
    url = reverse("valuecreation:survey", args=[survey.pk])
    # Written with the change (and gone with it on a rollback); `notify` sends the emails after commit.
    return notify(recipient_ids=recipients, kind="surveys", title=title, url=url, actor_id=by.pk)


def when_day(day: dt.date) -> str:
    """A day in full: "Tuesday 1 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@transaction.atomic
def close_survey(survey: Survey, *, today: dt.date | None = None) -> int:
    """Close an open survey now (its last day becomes today) and record its answers as indicator observations.
    Returns how many observations were written."""
    today = _today(today)
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.sent_at is None:
        raise Refused("This survey has not been sent yet.", kind=Kind.CONFLICT)
    if locked.recorded_at is not None:
        raise Refused("This survey is already closed.", kind=Kind.CONFLICT)
    if locked.opens_on > today:
        raise Refused("This survey has not opened yet: nobody can have answered it.", kind=Kind.CONFLICT)
    survey.closes_on = min(locked.closes_on, today)
    survey.save(update_fields=["closes_on", "updated_at"])
    return record_survey_observations(survey, today=today)


@transaction.atomic
def record_survey_observations(survey: Survey, *, today: dt.date | None = None) -> int:
    """Turn the answers to each question tagged with an indicator into one observation of it: the mean for a
    scale or a number, the counts of each choice for a choice, over the survey's dates, with the number of
    people who answered (reports hide figures from fewer than SMALL_GROUP). Written again, never twice, when run
    again. Returns how many observations were written."""
    questions = list(survey.questions.select_related("indicator"))
    figures: dict[int, dict[str, Any]] = {
        row["question"]: dict(row)
        for row in SurveyAnswer.objects.filter(question__survey=survey)
        .values("question")
        .annotate(count=Count("pk"), mean=Avg("number"))
        .order_by()
    }
    choices: dict[int, dict[str, int]] = {}
    for counted in (
        SurveyAnswer.objects.filter(question__survey=survey, question__kind=QuestionKind.CHOICE)
        .values("question", "choice")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        choices.setdefault(counted["question"], {})[counted["choice"]] = counted["count"]
    written = 0
    for question in questions:
        if question.indicator is None:
            continue
        row = figures.get(question.pk, {"count": 0, "mean": None})
        value: Decimal | None = None
        text = ""
        if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER) and row["mean"] is not None:
            value = Decimal(row["mean"]).quantize(Decimal("0.01"))
        elif question.kind == QuestionKind.CHOICE:
            counts = choices.get(question.pk, {})
            text = "; ".join(f"{choice}: {counts.get(choice, 0)}" for choice in question.choice_list)
        elif question.kind == QuestionKind.TEXT:
            text = f"{row['count']} written answer{'' if row['count'] == 1 else 's'} to “{question.text}”."
        else:
            text = f"Nobody answered “{question.text}”."
        IndicatorObservation.objects.update_or_create(
            question=question,
            defaults={
                "indicator": question.indicator,
                "community": survey.community,
                "period_start": survey.opens_on,
                "period_end": survey.closes_on,
                "value": value,
                "text": text,
                "people": row["count"],
                "source": IndicatorObservation.Source.SURVEY,
            },
        )
        written += 1
    # A question whose indicator was taken away records nothing any more.
    IndicatorObservation.objects.filter(question__survey=survey, question__indicator__isnull=True).delete()
    survey.recorded_at = _moment(today)
    Survey.objects.filter(pk=survey.pk).update(recorded_at=survey.recorded_at)
    return written


@dataclass(frozen=True)
class Closed:
    surveys: int
    observations: int


def close_due_surveys(*, today: dt.date | None = None) -> Closed:
    """Record every sent survey whose last day has passed and that is not recorded yet. Each is claimed with a
    conditional UPDATE of `recorded_at` first, so overlapping runs never record one twice at once."""
    today = _today(today)
    surveys = observations = 0
    due = Survey.objects.filter(sent_at__isnull=False, recorded_at__isnull=True, closes_on__lt=today)
    for survey in due.select_related("community").order_by("closes_on", "pk"):
        with transaction.atomic():
            if not Survey.objects.filter(pk=survey.pk, recorded_at__isnull=True).update(
                recorded_at=_moment(today)
            ):
                continue  # another run got there first
            surveys += 1
            observations += record_survey_observations(survey, today=today)
    return Closed(surveys=surveys, observations=observations)


# Answering


def _parsed(question: SurveyQuestion, raw: str) -> SurveyAnswer | None:
    """An answer to one question from what was typed or chosen, or None when it was left blank."""
    name = f"q{question.pk}"
    raw = raw.strip() if question.kind != QuestionKind.TEXT else raw
    if not raw.strip():
        if question.is_required:
            raise Refused("Answer this question: it must be answered.", field=name)
        return None
    if question.kind == QuestionKind.SCALE:
        try:
            rating = int(raw)
        except ValueError:
            rating = None
        if rating is None or not question.scale_min <= rating <= question.scale_max:
            raise Refused(f"Choose a rating from {question.scale_min} to {question.scale_max}.", field=name)
        return SurveyAnswer(question=question, number=Decimal(rating))
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > NUMBER_LIMIT:
            raise Refused("Enter a number, such as 3 or 2.5.", field=name)
        return SurveyAnswer(question=question, number=number.quantize(Decimal("0.01")))
    if question.kind == QuestionKind.CHOICE:
        if raw not in question.choice_list:
            raise Refused("Choose one of the answers given.", field=name)
        return SurveyAnswer(question=question, choice=raw)
    text = paragraphs(raw, field=name, label="your answer", max_length=ANSWER_MAX)
    return SurveyAnswer(question=question, text=text)


@transaction.atomic
def answer_survey(
    survey: Survey, *, person: User, answers: Mapping[int, str], today: dt.date | None = None
) -> None:
    """Record one person's answers (question id → what they gave), once. For an anonymous survey, that they
    answered and what they answered are written as two rows that nothing links."""
    today = _today(today)
    if survey.sent_at is None or survey.opens_on > today:
        raise Refused(f"This survey opens on {when_day(survey.opens_on)}.", kind=Kind.CONFLICT)
    if not is_open(survey, today=today):
        raise Refused("This survey has closed: thank you for your interest.", kind=Kind.CONFLICT)
    if not can_answer_survey(person, survey):
        raise Refused("This survey is for other people.", kind=Kind.FORBIDDEN)
    parsed = [_parsed(question, answers.get(question.pk, "")) for question in survey.questions.all()]
    given = [answer for answer in parsed if answer is not None]
    if not given:
        raise Refused("Answer at least one question before sending your answers.")
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(survey=survey, person=person)
    except IntegrityError:
        raise Refused("You have already answered this survey.", kind=Kind.CONFLICT) from None
    response = SurveyResponse.objects.create(
        survey=survey, respondent=None if survey.is_anonymous else person
    )
    for answer in given:
        answer.response = response
    SurveyAnswer.objects.bulk_create(given)


def has_answered(survey: Survey, person: User) -> bool:
    return SurveyParticipation.objects.filter(survey=survey, person=person).exists()


# Results


@dataclass(frozen=True)
class QuestionResult:
    question: SurveyQuestion
    count: int
    mean: Decimal | None = None
    # For a choice: each choice with how many chose it, in the question's order.
    distribution: list[tuple[str, int]] = field(default_factory=list)
    # For words: each answer, with the person's name when the survey is not anonymous.
    texts: list[tuple[str, str]] = field(default_factory=list)
    # False when fewer than SMALL_GROUP people answered this question (an optional one, say): its figures and
    # words would tell what those few said.
    shown: bool = True


@dataclass(frozen=True)
class Results:
    people: int
    # False while fewer than SMALL_GROUP people have answered, or while an anonymous survey is still open: no
    # figure of any question is shown.
    shown: bool
    questions: list[QuestionResult]
    # An anonymous survey shows its results only once it has closed: read before and after a colleague answers,
    # live results would tell what that colleague said.
    until_closed: bool = False


def results(
    survey: Survey, questions: list[SurveyQuestion] | None = None, *, today: dt.date | None = None
) -> Results:
    """What the people who answered said, question by question, in the same few queries however many answered.
    Words are listed in alphabetical order (never in the order given) and named only when the survey is not
    anonymous. Nothing shows before SMALL_GROUP people have answered, no question shows what fewer than that
    said, and an anonymous survey shows nothing until it has closed."""
    people = SurveyParticipation.objects.filter(survey=survey).count()
    if questions is None:
        questions = list(survey.questions.select_related("cycle", "indicator"))
    until_closed = survey.is_anonymous and state(survey, today=today) != "Closed"
    if people < SMALL_GROUP or until_closed:
        hidden = [QuestionResult(q, 0, shown=False) for q in questions]
        return Results(people=people, shown=False, questions=hidden, until_closed=until_closed)
    answers = SurveyAnswer.objects.filter(question__survey=survey).order_by()
    figures: dict[int, dict[str, Any]] = {
        row["question"]: dict(row)
        for row in answers.values("question").annotate(count=Count("pk"), mean=Avg("number"))
    }
    choices: dict[int, dict[str, int]] = {}
    for counted in (
        answers.filter(question__kind=QuestionKind.CHOICE)
        .values("question", "choice")
        .annotate(n=Count("pk"))
    ):
        choices.setdefault(counted["question"], {})[counted["choice"]] = counted["n"]
    texts: dict[int, list[tuple[str, str]]] = {}
    words = answers.filter(question__kind=QuestionKind.TEXT).exclude(text="").order_by("text")
    if survey.is_anonymous:
        for question_id, text in words.values_list("question", "text"):
            texts.setdefault(question_id, []).append((text, ""))
    else:
        for question_id, text, name in words.values_list("question", "text", "response__respondent__name"):
            texts.setdefault(question_id, []).append((text, name or ""))
    out = []
    for question in questions:
        row = figures.get(question.pk, {"count": 0, "mean": None})
        if row["count"] < SMALL_GROUP:
            out.append(QuestionResult(question=question, count=row["count"], shown=False))
            continue
        mean = None
        if question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER) and row["mean"] is not None:
            mean = Decimal(row["mean"]).quantize(Decimal("0.1"))
        counts = choices.get(question.pk, {})
        out.append(
            QuestionResult(
                question=question,
                count=row["count"],
                mean=mean,
                distribution=[(choice, counts.get(choice, 0)) for choice in question.choice_list],
                texts=texts.get(question.pk, []),
            )
        )
    return Results(people=people, shown=True, questions=out)


# The simplest survey: rating an event


@transaction.atomic
def ask_for_event_rating(event: Event, *, by: User, today: dt.date | None = None) -> Survey:
    """One question, sent straight away to the people who came to an event that has ended (or, when nobody's
    attendance was recorded, the people who were going): how useful was it, from 1 to 5. Anonymous, open for
    RATING_DAYS days, feeding the catalogue's "Quality of interactions"."""
    today = _today(today)
    if event.is_cancelled:
        raise Refused("This event was cancelled, so there is nobody to ask.", kind=Kind.CONFLICT)
    if event.ends_at > _moment(today):
        raise Refused("You can ask people to rate the event once it has ended.", kind=Kind.CONFLICT)
    if Survey.objects.filter(event=event, audience=Survey.Audience.ATTENDEES).exists():
        raise Refused("The people who came have already been asked about this event.", kind=Kind.CONFLICT)
    title = f"Rate “{event.title}”"
    survey = Survey(
        community=event.community,
        event=event,
        audience=Survey.Audience.ATTENDEES,
        title=title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 2] + "…”",
        introduction="One quick question about the event you came to. Your answer is anonymous.",
        is_anonymous=True,
        opens_on=today,
        closes_on=today + dt.timedelta(days=RATING_DAYS - 1),
        created_by=by,
    )
    if not survey_audience(survey).exists():
        raise Refused(
            "Nobody was recorded as going to this event, so there is nobody to ask.", kind=Kind.CONFLICT
        )
    survey.save()
    cycle = ValueCycle.objects.filter(key=RATING_CYCLE).first() or ValueCycle.objects.enabled().first()
    if cycle is None:
        raise Refused("No cycle is switched on, so the question cannot be tagged.", kind=Kind.CONFLICT)
    question = f"How useful was {event.title}?"
    SurveyQuestion.objects.create(
        survey=survey,
        text=question if len(question) <= QUESTION_MAX else question[: QUESTION_MAX - 1] + "?",
        kind=QuestionKind.SCALE,
        scale_min=1,
        scale_max=5,
        cycle=cycle,
        indicator=IndicatorDefinition.objects.filter(community=None, key=RATING_INDICATOR).first(),
        is_required=True,
    )
    send_survey(survey, by=by, today=today)
    return survey
