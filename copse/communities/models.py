from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from copse.accounts.models import ServiceArea
from copse.core import text
from copse.core.links import address
from copse.core.models import TimestampedModel
from copse.core.text import validate_single_line

if TYPE_CHECKING:
    from copse.accounts.models import User


class Visibility(models.TextChoices):
    OPEN = "open", "Open: anyone can join"
    ON_REQUEST = "on_request", "On request: leads approve who joins"
    PRIVATE = "private", "Private: invitation only"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    RETIRED = "retired", "Retired"
    DECLINED = "declined", "Declined"


# Running or resting: in the directory, open to members.
LISTED = (Status.ACTIVE, Status.DORMANT)
# Proposals, and proposals the programme team declined: seen only by the proposer and the programme team.
UNAPPROVED = (Status.PROPOSED, Status.DECLINED)
# Nobody joins or changes these: proposals and refusals not yet running, retired communities kept for reading.
CLOSED = (Status.RETIRED, *UNAPPROVED)
# Approved at some time: listed now, or retired and kept for reading by whoever may see it.
ESTABLISHED = (*LISTED, Status.RETIRED)


class Role(models.TextChoices):
    LEAD = "lead", "Lead"
    CORE = "core", "Core member"
    MEMBER = "member", "Member"


# Leads and core members: who run a community, shown first and counted apart from the wider members.
ORGANISERS = (Role.LEAD, Role.CORE)

NAME_MAX = 120
# Normalising can lengthen a name (one ligature may become several letters); longer keys are refused as too long.
NAME_KEY_MAX = 2 * NAME_MAX
NAME_IN_USE = "A community with this name already exists. Choose another name."


class CommunityQuerySet(QuerySet["Community"]):
    def listed(self) -> CommunityQuerySet:
        """Communities that appear in the directory: running or resting, not proposals, retirements or refusals."""
        return self.filter(status__in=LISTED)

    def visible_to(self, user: User) -> CommunityQuerySet:
        """What this person may see at all. Twin of `permissions.can_view_community`.

        Proposals are seen by their proposer and the programme team; private communities by their members.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_team or user.is_superuser:
            return self.all()
        is_member = Membership.objects.current().filter(community=OuterRef("pk"), person=user)
        return self.filter(
            (Q(status__in=ESTABLISHED) & ~Q(visibility=Visibility.PRIVATE))
            | Exists(is_member)
            | (Q(status__in=UNAPPROVED) & Q(proposed_by=user))
        )

    def members_visible_to(self, user: User) -> CommunityQuerySet:
        """Communities whose member list this person may see: their own, open ones, and all for the programme
        team. Twin of `permissions.can_see_members_area`."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_team or user.is_superuser:
            return self.all()
        is_member = Membership.objects.current().filter(community=OuterRef("pk"), person=user)
        return self.filter(Exists(is_member) | (Q(status__in=ESTABLISHED) & Q(visibility=Visibility.OPEN)))

    def with_member_counts(self) -> CommunityQuerySet:
        """Annotate `core_count` (leads and core members) and `wider_count` (members) of current members.

        Leavers deactivated by the HR import are not counted.
        """
        current = Q(memberships__left_at__isnull=True, memberships__person__is_active=True)
        return self.annotate(
            core_count=Count("memberships", filter=current & Q(memberships__role__in=ORGANISERS)),
            wider_count=Count("memberships", filter=current & Q(memberships__role=Role.MEMBER)),
        )

    def with_viewer_state(self, user: User) -> CommunityQuerySet:
        """Annotate `viewer_role` (None if not a member) and `viewer_has_pending` for one person (`viewer_id`)."""
        membership = Membership.objects.current().filter(community=OuterRef("pk"), person=user)
        pending = JoinRequest.objects.filter(
            community=OuterRef("pk"), person=user, status=JoinRequest.Status.PENDING
        )
        return self.annotate(
            viewer_id=models.Value(user.pk, output_field=models.BigIntegerField()),
            viewer_role=models.Subquery(membership.values("role")[:1]),
            viewer_has_pending=Exists(pending),
        )


class Community(TimestampedModel):
    """A community of practice: people who share a concern and learn how to do it better together."""

    name = models.CharField(max_length=NAME_MAX, unique=True, validators=[validate_single_line])
    # What makes two names the same (`copse.core.text.name_key`): unique, so "Finance Business Partners" with a
    # zero-width space, a no-break space or full-width letters cannot be proposed beside the real one, even by two
    # people at the same moment. Kept in step with `name` by `save`.
    name_key = models.CharField(max_length=NAME_KEY_MAX, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="communities")
    purpose = models.TextField(
        max_length=2000, help_text="The shared domain: what members care about and want to get better at."
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.ON_REQUEST)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    meeting_cadence = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_single_line],
        help_text="For example: first Tuesday of each month, 12:30pm to 1:30pm.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal_reason = models.TextField(blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=2000)
    status_changed_at = models.DateTimeField(default=timezone.now)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = text.name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A name that is another community's name in disguise is refused beside the name (as in the admin)."""
        super().clean()
        key = text.name_key(self.name)
        if len(key) > NAME_KEY_MAX:  # a few characters grow many times under NFKC
            raise ValidationError({"name": "Choose a shorter name made of ordinary letters."})
        if text.has_look_alike_letters(self.name):
            raise ValidationError({"name": text.LOOK_ALIKE_MESSAGE})
        same = Community.objects.filter(name_key=key).exclude(pk=self.pk)
        if self.name and same.exists():
            raise ValidationError({"name": NAME_IN_USE})

    def get_absolute_url(self) -> str:
        return address("communities:detail", self.slug)

    @property
    def is_closed(self) -> bool:
        """Nobody joins or changes it: a proposal not yet running, a declined proposal or a retired community."""
        return self.status in CLOSED

    def set_status(self, status: str, *, by: User, reason: str = "") -> None:
        """Move the community through its lifecycle, recording who did it and why."""
        self.status = status
        self.status_changed_at = timezone.now()
        self.decided_by = by
        self.decided_at = self.status_changed_at
        self.decision_reason = reason
        self.save(
            update_fields=[
                "status",
                "status_changed_at",
                "decided_by",
                "decided_at",
                "decision_reason",
                "updated_at",
            ]
        )


class CommunityLink(models.Model):
    """A members' link such as the Teams channel or SharePoint site."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=80, validators=[validate_single_line])
    url = models.URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class MembershipQuerySet(QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        """Memberships not ended (including those of leavers the HR import deactivated)."""
        return self.filter(left_at__isnull=True)

    def of_staff(self) -> MembershipQuerySet:
        """Current memberships of people who still work here: what pages list and count."""
        return self.current().filter(person__is_active=True)

    def leads(self) -> MembershipQuerySet:
        """Leads who still work here: shown as leads, emailed about requests, counted for "the last lead"."""
        return self.of_staff().filter(role=Role.LEAD)


class Membership(models.Model):
    """A person's place in a community. Leaving keeps the row (with `left_at`) for history and analytics."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=Q(left_at__isnull=True),
                name="one_current_membership",
                violation_error_message="This person is already a member of this community.",
            )
        ]
        indexes = [
            models.Index(fields=["person", "left_at"]),
            models.Index(fields=["community", "left_at", "role"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.community} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    def end(self) -> None:
        self.left_at = timezone.now()
        self.save(update_fields=["left_at"])


class JoinRequest(models.Model):
    """A person asking the leads of an on-request community to let them in."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=Q(status="pending"),
                name="one_pending_request",
                violation_error_message="You have already asked to join this community.",
            )
        ]
        indexes = [models.Index(fields=["community", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.person} asks to join {self.community}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def decide(self, *, approve: bool, by: User, reason: str = "") -> None:
        """Record the leads' decision. The caller checks it was still pending, under a row lock."""
        self.status = self.Status.APPROVED if approve else self.Status.DECLINED
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision_reason = reason
        self.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])

    def withdraw(self) -> None:
        self.status = self.Status.WITHDRAWN
        self.decided_at = timezone.now()
        self.save(update_fields=["status", "decided_at"])


class LogEntry(models.Model):
    """Who did what to a community and its members, and why: the audit trail leads and the programme see."""

    class Action(models.TextChoices):
        JOINED = "joined", "joined"
        LEFT = "left", "left"
        ADDED = "added", "added"
        APPROVED = "approved", "approved a request from"
        DECLINED = "declined", "declined a request from"
        ROLE_CHANGED = "role_changed", "changed the role of"
        REMOVED = "removed", "removed"
        EDITED = "edited", "edited the community"
        PROPOSED = "proposed", "proposed the community"
        STATUS_CHANGED = "status_changed", "changed the status to"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()} {self.subject or ''}".strip()
