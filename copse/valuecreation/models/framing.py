"""What a person, a community, a service area or the whole organisation cares to make a difference to
(aspirations, with the conditions they need and the risks they run) and what they do not know yet
(uncertainties). Revising an aspiration keeps every earlier version: how aspirations change over time is itself
transformative value (reframing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from copse.accounts.models import ServiceArea
from copse.communities.models import ESTABLISHED, Community, Membership, Visibility
from copse.core.models import TimestampedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

TITLE_MAX = 200
TEXT_MAX = 4000
RISK_MAX = 500
REASON_MAX = 1000


class Scope(models.TextChoices):
    """Whose aspiration or uncertainty it is: the framework's levels, from a person to the organisation."""

    PERSON = "person", "A person"
    COMMUNITY = "community", "A community"
    AREA = "area", "A service area"
    ORGANISATION = "organisation", "The organisation"


def scoped_visible_to(queryset: Any, user: User | AnonymousUser) -> Any:
    """What of a level's framing this person may read: their own (a person's aspirations are theirs alone, not
    even the programme team's), the communities whose members' area they may see (`can_see_members_area`: their
    own, open ones, every one for the programme team), and every service area's and the organisation's.
    Twin of `permissions.can_view_framing`."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    shared = Q(scope__in=[Scope.AREA, Scope.ORGANISATION]) | Q(scope=Scope.PERSON, person=user)
    if user.is_programme_team or user.is_superuser:
        return queryset.filter(shared | Q(scope=Scope.COMMUNITY))
    belongs = Membership.objects.current().filter(person=user).values("community")
    open_to_all = Q(community__visibility=Visibility.OPEN, community__status__in=ESTABLISHED)
    return queryset.filter(shared | (Q(scope=Scope.COMMUNITY) & (Q(community__in=belongs) | open_to_all)))


class AspirationQuerySet(models.QuerySet["Aspiration"]):
    def visible_to(self, user: User | AnonymousUser) -> AspirationQuerySet:
        """The aspirations this person may read (see `scoped_visible_to`)."""
        result: AspirationQuerySet = scoped_visible_to(self, user)
        return result

    def held(self) -> AspirationQuerySet:
        """Those still held: not set aside."""
        return self.filter(set_aside_at__isnull=True)


class UncertaintyQuerySet(models.QuerySet["Uncertainty"]):
    def visible_to(self, user: User | AnonymousUser) -> UncertaintyQuerySet:
        """The uncertainties this person may read (see `scoped_visible_to`)."""
        result: UncertaintyQuerySet = scoped_visible_to(self, user)
        return result


class Scoped(models.Model):
    """Belongs to exactly one level: a person, a community, a service area, or (with none of them) the
    organisation. A check constraint keeps the level and its one link in step."""

    scope = models.CharField(max_length=20, choices=Scope.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=Scope.PERSON, person__isnull=False, community__isnull=True, area__isnull=True)
                    | Q(
                        scope=Scope.COMMUNITY, person__isnull=True, community__isnull=False, area__isnull=True
                    )
                    | Q(scope=Scope.AREA, person__isnull=True, community__isnull=True, area__isnull=False)
                    | Q(
                        scope=Scope.ORGANISATION,
                        person__isnull=True,
                        community__isnull=True,
                        area__isnull=True,
                    )
                ),
                name="%(class)s_one_scope",
            ),
        ]


class Aspiration(Scoped, TimestampedModel):
    """What the person or group cares to make a difference to. The current wording lives here; every version,
    the first included, is an `AspirationRevision`."""

    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(max_length=TEXT_MAX, blank=True)
    conditions = models.TextField(
        "conditions it needs",
        max_length=TEXT_MAX,
        blank=True,
        help_text="What has to be in place for this to happen: time, people, sponsors, tools.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when it is let go of; it stays in the history and in reports of the periods it was held.
    set_aside_at = models.DateTimeField(null=True, blank=True)

    objects = AspirationQuerySet.as_manager()

    class Meta(Scoped.Meta):
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Risk(models.Model):
    """Something that could stop an aspiration, with what is done about it."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="risks")
    risk = models.CharField(max_length=RISK_MAX)
    mitigation = models.TextField(max_length=REASON_MAX, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.risk


class AspirationRevision(models.Model):
    """One version of an aspiration as it was written, with why it changed: the record of reframing."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(max_length=TEXT_MAX, blank=True)
    conditions = models.TextField(max_length=TEXT_MAX, blank=True)
    # The risks as they stood: [{"risk": ..., "mitigation": ...}]
    risks = models.JSONField(default=list)
    reason = models.TextField("why it changed", max_length=REASON_MAX, blank=True)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["aspiration", "-number"]
        constraints = [models.UniqueConstraint(fields=["aspiration", "number"], name="one_revision_number")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class Uncertainty(Scoped, TimestampedModel):
    """Something the person or group does not know yet and wants to find out. Resolving it keeps it, with what
    was learnt."""

    question = models.CharField(max_length=TITLE_MAX)
    notes = models.TextField(max_length=TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField("what was learnt", max_length=TEXT_MAX, blank=True)

    objects = UncertaintyQuerySet.as_manager()

    class Meta(Scoped.Meta):
        ordering = ["resolved_at", "pk"]
        verbose_name_plural = "uncertainties"

    def __str__(self) -> str:
        return self.question
