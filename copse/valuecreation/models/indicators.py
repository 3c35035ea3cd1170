"""Effect data: the indicators a community looks at, and what was observed of each in a period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery

from copse.communities.models import ESTABLISHED, Community, Membership, Visibility

from .framework import IndicatorDefinition

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

TEXT_MAX = 4000


class IndicatorAdoptionQuerySet(models.QuerySet["IndicatorAdoption"]):
    def with_latest_observation(self) -> IndicatorAdoptionQuerySet:
        """Annotate `latest_observation_id` (the community's observation of it that ends last) and
        `observation_count`, so a list of indicators costs one query whatever it holds; `attach_latest` then
        fetches those observations in one more."""
        latest = IndicatorObservation.objects.filter(
            indicator=OuterRef("indicator"), community=OuterRef("community")
        ).order_by("-period_end", "-period_start", "-pk")
        return self.annotate(
            latest_observation_id=Subquery(latest.values("pk")[:1]),
            observation_count=Subquery(
                IndicatorObservation.objects.filter(
                    indicator=OuterRef("indicator"), community=OuterRef("community")
                )
                .order_by()
                .values("indicator")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
        )


def attach_latest(adoptions: list[IndicatorAdoption]) -> list[IndicatorAdoption]:
    """Give each adoption annotated by `with_latest_observation` its `latest` observation (or None), in one
    query for all of them."""
    ids = [a.latest_observation_id for a in adoptions if a.latest_observation_id]  # type: ignore[attr-defined]
    found = IndicatorObservation.objects.in_bulk(ids)
    for adoption in adoptions:
        adoption.latest = found.get(adoption.latest_observation_id)  # type: ignore[attr-defined]
    return adoptions


class IndicatorObservationQuerySet(models.QuerySet["IndicatorObservation"]):
    def visible_to(self, user: User | AnonymousUser) -> IndicatorObservationQuerySet:
        """What this person may read: a community's observations where they may see its members' area
        (`can_see_members_area`), and the organisation's own (no community) for everyone signed in. Twin of
        `permissions.can_view_observation`."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_team or user.is_superuser:
            return self.all()
        belongs = Membership.objects.current().filter(person=user).values("community")
        return self.filter(
            Q(community__isnull=True)
            | Q(community__in=belongs)
            | Q(community__visibility=Visibility.OPEN, community__status__in=ESTABLISHED)
        )


class IndicatorAdoption(models.Model):
    """A community looks at this indicator: from the catalogue, or one it defined itself."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="indicator_adoptions")
    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE, related_name="adoptions")
    target = models.CharField(max_length=200, blank=True, help_text="What the community hopes to see.")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(auto_now_add=True)
    # The community's improvement projects whose difference this indicator shows.
    projects = models.ManyToManyField("projects.Project", related_name="indicator_adoptions", blank=True)

    objects = IndicatorAdoptionQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__cycle__position", "indicator__name"]
        constraints = [models.UniqueConstraint(fields=["community", "indicator"], name="adopt_once")]

    def __str__(self) -> str:
        return f"{self.community} looks at {self.indicator}"


class IndicatorObservation(models.Model):
    """What was seen of one indicator over a period: a number or a description, with evidence. A community's,
    or (with no community) the organisation's own. Observations counted by Copse or drawn from a survey are
    written again, never twice, when they are worked out again."""

    class Source(models.TextChoices):
        PLATFORM = "platform", "Counted by Copse"
        SURVEY = "survey", "A survey"
        MANUAL = "manual", "Recorded by a person"

    indicator = models.ForeignKey(IndicatorDefinition, on_delete=models.CASCADE, related_name="observations")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="indicator_observations"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(max_length=TEXT_MAX, blank=True)
    # Web addresses, one a line.
    evidence = models.TextField(max_length=TEXT_MAX, blank=True)
    # How many people the figure is drawn from, where that is known: a figure from fewer than SMALL_GROUP people
    # is not shown on its own.
    people = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    question = models.ForeignKey(
        "valuecreation.SurveyQuestion", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorObservationQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start"]
        indexes = [models.Index(fields=["community", "period_start"], name="observation_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="observation_period_order"
            ),
            models.UniqueConstraint(
                fields=["indicator", "community", "period_start", "period_end"],
                condition=Q(source="platform"),
                name="platform_observation_once",
            ),
            models.UniqueConstraint(
                fields=["question"], condition=Q(question__isnull=False), name="survey_observation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}–{self.period_end}"
