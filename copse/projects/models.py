"""Improvement projects a community runs: what problem they tackle, who is on the team, how they went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from copse.communities.models import Community
from copse.core.links import address
from copse.core.models import AttachedFile, TimestampedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

TITLE_MAX = 160
TEXT_MAX = 5000


class Status(models.TextChoices):
    IDEA = "idea", "Idea"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class ProjectQuerySet(QuerySet["Project"]):
    def visible_to(self, user: User | AnonymousUser) -> ProjectQuerySet:
        """Projects of communities whose members' area this person may see. Twin of `can_view_project`."""
        communities = Community.objects.members_visible_to(user)  # type: ignore[arg-type]
        return self.filter(community__in=communities.values("pk"))


class Project(TimestampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=TITLE_MAX)
    problem = models.TextField("Problem or opportunity", max_length=TEXT_MAX, blank=True)
    goals = models.TextField(max_length=TEXT_MAX, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IDEA)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="owned_projects"
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="project_teams", blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    outcomes = models.TextField(max_length=TEXT_MAX, blank=True)
    outcomes_html = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="project_status_known"),
        ]
        indexes = [models.Index(fields=["-updated_at", "-id"], name="project_recent")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("projects:detail", self.pk)

    @property
    def outcomes_safe(self) -> SafeString:
        # Safe because `outcomes_html` is only ever written by `render_markdown`, which sanitises it with nh3.
        return mark_safe(self.outcomes_html)  # noqa: S308


class ProjectUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=TEXT_MAX)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.project_id} at {self.created_at:%Y-%m-%d}"

    @property
    def body_safe(self) -> SafeString:
        # Safe because `body_html` is only ever written by `render_markdown`, which sanitises it with nh3.
        return mark_safe(self.body_html)  # noqa: S308


class UpdateAttachmentQuerySet(QuerySet["UpdateAttachment"]):
    def visible_to(self, user: User | AnonymousUser) -> UpdateAttachmentQuerySet:
        """Files attached to updates of projects this person may see. Twin of `permissions.can_view_project`
        for the update's project."""
        return self.filter(update__project__in=Project.objects.visible_to(user).values("pk"))


class UpdateAttachment(AttachedFile):
    """A document or an image attached to a project update, in the order it was chosen."""

    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="attachments")

    objects = UpdateAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return address("projects:attachment", self.update.project_id, self.pk, self.filename)


class ProjectFollow(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_follows"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="one_follow_per_project")]

    def __str__(self) -> str:
        return f"{self.person_id} follows {self.project_id}"
