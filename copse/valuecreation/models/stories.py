"""Contribution data: value-creation stories, told by a person in steps, one per cycle, that show how taking part
in a community contributed to an effect.

A story's cycles are the cycles of its steps, so a report can never count a cycle a story does not reach. Who may
read a story is the teller's choice (its audience); whether it may be quoted in reports is their choice too. A story
written on behalf of someone (after an interview) counts nowhere until they confirm it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet

from copse.communities.models import Community, Membership, Role
from copse.core.models import TimestampedModel
from copse.discussions.models import Post, Thread
from copse.events.models import Event
from copse.projects.models import Project

from .framework import ValueCycle

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

TITLE_MAX = 200
STEP_MAX = 4000
TEXT_MAX = 2000


class Valence(models.TextChoices):
    """Value is not always positive: a step may have made no difference, or made things worse."""

    POSITIVE = "positive", "Positive"
    NULL = "null", "No difference"
    NEGATIVE = "negative", "Negative"


class Audience(models.TextChoices):
    """Who the teller lets read the story. Its community's leads and the programme team always may."""

    LEADS = "leads", "The community's leads and the programme team"
    COMMUNITY = "community", "Members of the community"
    ORGANISATION = "organisation", "Everyone in the organisation"


class StoryStatus(models.TextChoices):
    AWAITING_TELLER = "awaiting_teller", "Waiting for the teller to confirm"
    TOLD = "told", "Waiting for review"
    RETURNED = "returned", "Returned to the teller with a question"
    READY = "ready", "Ready for reporting"


# Stories that count: confirmed by their teller. Only those ready for reporting are counted in reports.
CONFIRMED = (StoryStatus.TOLD, StoryStatus.RETURNED, StoryStatus.READY)


class ValueStoryQuerySet(QuerySet["ValueStory"]):
    def visible_to(self, user: User | AnonymousUser) -> ValueStoryQuerySet:
        """The stories this person may read. The teller and whoever wrote it always; the community's leads and the
        programme team once the teller has confirmed it; members of the community and everyone in the
        organisation when the teller chose them. The twin of `permissions.can_view_story`."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        own = Q(teller=user) | Q(written_by=user)
        if user.is_programme_team or user.is_superuser:
            return self.filter(own | Q(status__in=CONFIRMED))
        led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
        belongs = Membership.objects.current().filter(person=user).values("community")
        shared = (
            Q(community__in=led)
            | Q(audience=Audience.COMMUNITY, community__in=belongs)
            | Q(audience=Audience.ORGANISATION)
        )
        return self.filter(own | (Q(status__in=CONFIRMED) & shared))

    def counted(self) -> ValueStoryQuerySet:
        """The stories reports count: confirmed by the teller and marked ready for reporting by a lead."""
        return self.filter(status=StoryStatus.READY)


class ValueStory(TimestampedModel):
    """A person's account of how taking part in a community made a difference, in steps through the cycles."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="value_stories")
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="value_stories"
    )
    # The teller, or the lead or programme team member who wrote it on their behalf after an interview.
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=TITLE_MAX)
    status = models.CharField(max_length=20, choices=StoryStatus.choices, default=StoryStatus.TOLD)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.LEADS)
    may_quote = models.BooleanField(
        "may be quoted in reports",
        default=False,
        help_text="Reports show the story's words, with your name, only if you say so.",
    )
    # What it started from, linked both ways ("Tell a story about this").
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # An aspirational story ends with what the teller hopes to do next, and when they will tell how it went.
    hopes = models.TextField("what you hope to do next", max_length=TEXT_MAX, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True)
    # The story that tells how an earlier aspirational story went: its next steps.
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Review by a lead or the programme team.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_question = models.TextField(max_length=TEXT_MAX, blank=True)
    is_highlight = models.BooleanField(default=False)

    objects = ValueStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "value stories"
        indexes = [
            models.Index(fields=["community", "status", "confirmed_at"], name="story_reporting"),
            models.Index(fields=["teller", "-created_at"], name="story_teller"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def on_behalf(self) -> bool:
        return self.written_by_id != self.teller_id

    @property
    def is_aspirational(self) -> bool:
        return bool(self.hopes)


class StoryStep(models.Model):
    """One cycle of a story: what happened at that level, whether it was positive, null or negative, and any
    evidence."""

    story = models.ForeignKey(ValueStory, on_delete=models.CASCADE, related_name="steps")
    cycle = models.ForeignKey(ValueCycle, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=STEP_MAX)
    valence = models.CharField(max_length=10, choices=Valence.choices, default=Valence.POSITIVE)
    # Web addresses, one a line.
    evidence = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["story", "cycle__position"]
        constraints = [models.UniqueConstraint(fields=["story", "cycle"], name="one_step_per_cycle")]

    def __str__(self) -> str:
        return f"{self.story}: {self.cycle}"
