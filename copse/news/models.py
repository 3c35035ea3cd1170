"""News: programme news and recognition (awards) by the programme team, and community news by its leads.

A post is shown from its `publish_at`; before then it is a scheduled post, seen only by who may edit it. Public
posts (programme news only) are readable signed out and in the Atom feed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from copse.communities.models import Community, Membership, Role
from copse.core.models import TimestampedModel

from .pictures import small_size

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User


class NewsKind(models.TextChoices):
    NEWS = "news", "News"
    RECOGNITION = "recognition", "Recognition"


class NewsAudience(models.TextChoices):
    PUBLIC = "public", "Everyone, also signed out"
    STAFF = "staff", "Staff only"


class NewsPostQuerySet(models.QuerySet["NewsPost"]):
    def published(self) -> NewsPostQuerySet:
        return self.filter(publish_at__lte=timezone.now())

    def scheduled(self) -> NewsPostQuerySet:
        return self.filter(publish_at__gt=timezone.now())

    def editable_by(self, user: User | AnonymousUser) -> NewsPostQuerySet:
        """Twin of `permissions.can_edit_news`: the programme team edits every post, leads their community's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_team or user.is_superuser:
            return self.all()
        led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
        return self.filter(community__in=led)

    def readable_by(self, user: User | AnonymousUser) -> NewsPostQuerySet:
        """Posts whose audience includes this person, published or not."""
        if not user.is_authenticated or not user.is_active:
            return self.filter(community__isnull=True, audience=NewsAudience.PUBLIC)
        seen = Community.objects.visible_to(user).filter(pk=OuterRef("community_id"))
        return self.filter(Q(community__isnull=True) | Exists(seen))

    def visible_to(self, user: User | AnonymousUser) -> NewsPostQuerySet:
        """Twin of `permissions.can_view_news`: published posts for their audience, and scheduled ones for who
        may edit them."""
        readable = self.readable_by(user).published()
        if not user.is_authenticated or not user.is_active:
            return readable
        return self.filter(Q(pk__in=readable.values("pk")) | Q(pk__in=self.editable_by(user).values("pk")))


class NewsPost(TimestampedModel):
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)  # written only by `render_markdown` (nh3)
    kind = models.CharField(max_length=20, choices=NewsKind.choices, default=NewsKind.NEWS)
    audience = models.CharField(max_length=10, choices=NewsAudience.choices, default=NewsAudience.STAFF)
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="news_posts"
    )  # null: programme news
    publish_at = models.DateTimeField(default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="news_posts"
    )
    award_name = models.CharField(max_length=200, blank=True)
    recognised_community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="recognitions"
    )
    recognised_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recognitions",
    )

    # Written only by `services` (through `pictures.prepare_picture`): Copse's own WebP re-encoding of an upload,
    # under a random name in Django's default storage, with a small copy beside it (`pictures.small_name`).
    picture = models.FileField(blank=True, max_length=200)
    picture_alt = models.CharField("Picture description", max_length=300, blank=True)
    picture_width = models.PositiveIntegerField(default=0)
    picture_height = models.PositiveIntegerField(default=0)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    @property
    def is_recognition(self) -> bool:
        return self.kind == NewsKind.RECOGNITION

    @property
    def is_published(self) -> bool:
        return self.publish_at <= timezone.now()

    @property
    def picture_version(self) -> str:
        """What changes whenever the picture does (its stored name's stem), so its address is cached for ever."""
        return (self.picture.name or "").rpartition("/")[2].partition(".")[0]

    @property
    def picture_url(self) -> str:
        """Where the picture is served from to whoever may read the post; "" when there is none."""
        if not self.picture:
            return ""
        return reverse("news:picture", args=[self.pk, self.picture_version])

    @property
    def small_picture_url(self) -> str:
        """The small copy, for list cards and the home page; "" when there is no picture."""
        if not self.picture:
            return ""
        return reverse("news:small_picture", args=[self.pk, self.picture_version])

    @property
    def small_picture_size(self) -> tuple[int, int]:
        """The small copy's width and height, for its `<img>`'s attributes (no layout shift)."""
        return small_size(self.picture_width, self.picture_height)

    @property
    def body_safe(self) -> SafeString:
        # Safe because `body_html` is only ever written by `render_markdown`, which sanitises it with nh3.
        return mark_safe(self.body_html)  # noqa: S308
