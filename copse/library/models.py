"""The library: what communities know, kept where everyone can find it again.

A resource is a link, an uploaded file (with every earlier version kept) or a page written in Markdown. It
belongs to a community, or to the whole programme when it has none. Leads mark the best of it as best practice
and gather resources into collections ("New starter toolkit"). A resource saved from a solved help request or a
useful thread keeps a link to it (`source_thread`) and credits its authors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.safestring import SafeString, mark_safe
from taggit.managers import TaggableManager

from copse.communities.models import Community
from copse.core.links import address
from copse.core.models import StoredFile, TimestampedModel
from copse.discussions.models import Thread
from copse.projects.models import Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

TITLE_MAX = 160
SUMMARY_MAX = 400
PAGE_MAX = 20000


class ResourceKind(models.TextChoices):
    LINK = "link", "Link"
    FILE = "file", "File"
    PAGE = "page", "Page"


def _where_visible(queryset: QuerySet, user: User | AnonymousUser) -> QuerySet:  # type: ignore[type-arg]
    """Programme-wide rows for every member of staff; a community's where its members' area is visible (its
    members, everyone for an open community, the programme team)."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    communities = Community.objects.members_visible_to(user)  # type: ignore[arg-type]
    return queryset.filter(Q(community__isnull=True) | Q(community__in=communities.values("pk")))


class ResourceQuerySet(QuerySet["Resource"]):
    def visible_to(self, user: User | AnonymousUser) -> ResourceQuerySet:
        """Twin of `permissions.can_view_resource`."""
        return _where_visible(self, user)  # type: ignore[return-value]


class CollectionQuerySet(QuerySet["Collection"]):
    def visible_to(self, user: User | AnonymousUser) -> CollectionQuerySet:
        """Twin of `permissions.can_view_collection`."""
        return _where_visible(self, user)  # type: ignore[return-value]


class Resource(TimestampedModel):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="resources", null=True, blank=True
    )
    kind = models.CharField(max_length=8, choices=ResourceKind.choices)
    title = models.CharField(max_length=TITLE_MAX)
    summary = models.TextField(max_length=SUMMARY_MAX, blank=True)
    url = models.URLField("Address", max_length=500, blank=True)  # a link's
    body = models.TextField(max_length=PAGE_MAX, blank=True)  # a page's Markdown
    body_html = models.TextField(blank=True, editable=False)
    tags = TaggableManager(blank=True, help_text="Comma-separated, for example: onboarding, budgeting.")
    is_best_practice = models.BooleanField("Best practice", default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="library_resources"
    )
    # The thread a resource was saved from ("Save to the library"), and the people it credits for it.
    source_thread = models.ForeignKey(
        Thread, on_delete=models.SET_NULL, null=True, blank=True, related_name="library_resources"
    )
    credited = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="credited_resources", blank=True)
    projects = models.ManyToManyField(Project, related_name="resources", blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values), name="resource_kind_known"),
        ]
        indexes = [
            models.Index(fields=["-updated_at", "-id"], name="resource_recent"),
            models.Index(fields=["community", "-updated_at", "-id"], name="resource_community_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("library:detail", self.pk)

    @property
    def body_safe(self) -> SafeString:
        # Safe because `body_html` is only ever written by `render_markdown`, which sanitises it with nh3.
        return mark_safe(self.body_html)  # noqa: S308


class ResourceFile(StoredFile):
    """One version of a file resource. Replacing the file adds a version; earlier ones stay downloadable."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    note = models.CharField("What changed", max_length=200, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "version"], name="one_number_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} (version {self.version})"

    def get_absolute_url(self) -> str:
        return address("library:download", self.resource_id, self.version, self.filename)


class Collection(TimestampedModel):
    """Resources gathered for a purpose ("New starter toolkit"), by a community's leads or the programme team."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="collections", null=True, blank=True
    )
    title = models.CharField(max_length=TITLE_MAX)
    description = models.TextField(max_length=SUMMARY_MAX, blank=True)
    resources = models.ManyToManyField(Resource, through="CollectionItem", related_name="collections")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CollectionQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("library:collection", self.pk)


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "resource"], name="resource_once_per_collection"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} in {self.collection_id}"
