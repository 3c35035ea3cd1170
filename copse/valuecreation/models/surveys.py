"""Value surveys: questions, each tagged with a cycle (and an indicator whose observations its answers become),
sent to a community's members or an event's attendees.

An anonymous survey's answers can never be traced to a person: who answered (`SurveyParticipation`, so nobody
answers twice) and what was answered (`SurveyResponse`) are kept apart, with no time and no ordered key that
could pair them: a response's key is random.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from copse.communities.models import Community
from copse.core.models import TimestampedModel
from copse.events.models import Event

from .framework import IndicatorDefinition, ValueCycle

TITLE_MAX = 200
TEXT_MAX = 2000
ANSWER_MAX = 4000


class Survey(TimestampedModel):
    """A set of questions open between two dates, to a community's members or to an event's attendees (with no
    community and no event: to everyone, a programme survey)."""

    class Audience(models.TextChoices):
        MEMBERS = "members", "The community's members"
        ATTENDEES = "attendees", "The people who came to the event"
        EVERYONE = "everyone", "Everyone in the organisation"

    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MEMBERS)
    title = models.CharField(max_length=TITLE_MAX)
    introduction = models.TextField(max_length=TEXT_MAX, blank=True)
    is_anonymous = models.BooleanField(
        "anonymous", default=True, help_text="Nobody, not even the programme team, can see who answered what."
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # When its answers were last turned into indicator observations (at closing, and again if re-run).
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="survey_dates_order"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", "A rating on a scale"
    NUMBER = "number", "A number"
    CHOICE = "choice", "One of several choices"
    TEXT = "text", "Words"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    # For a choice question: the choices, one a line.
    choices = models.TextField(max_length=TEXT_MAX, blank=True)
    cycle = models.ForeignKey(ValueCycle, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(
        IndicatorDefinition, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_required = models.BooleanField("must be answered", default=False)

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="question_scale_order"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class SurveyParticipation(models.Model):
    """That this person has answered this survey, and nothing about what or when."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.person} answered {self.survey}"


class SurveyResponse(models.Model):
    """One person's answers. Its key is random and it records no time; it names the respondent only when the
    survey is not anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # Random keys have no order worth showing; never sort by them to pair answers with participations.
        ordering = ["survey"]

    def __str__(self) -> str:
        return f"A response to {self.survey}"


class SurveyAnswer(models.Model):
    """One answer of a response. Its key is random too: an ordered key would tell the order people answered in,
    and with it who gave which answers (participations are written in the same order)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    choice = models.CharField(max_length=300, blank=True)
    text = models.TextField(max_length=ANSWER_MAX, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_question_once")]

    def __str__(self) -> str:
        return f"An answer to {self.question}"
