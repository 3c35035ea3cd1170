"""In-app notifications, each person's choice of how to hear about each kind, and the digests sent to them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from copse.core.links import address

from .kinds import KINDS, Delivery

TITLE_MAX_LENGTH = 300


def validate_kind(value: str) -> None:
    if value not in KINDS:
        raise ValidationError(f"{value!r} is not a kind of notification.")


def validate_site_path(value: str) -> None:
    """A path on this site ("/communities/fbp/"), never another site: opening a notification redirects to it."""
    if not value.startswith("/") or value.startswith(("//", "/\\")) or any(c in value for c in "\r\n\\"):
        raise ValidationError(f"{value!r} is not a path on this site.")


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_person(self, person: Any) -> NotificationQuerySet:
        return self.filter(recipient=person)

    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A person's notifications are theirs alone. Twin of `permissions.can_view_notification`."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def delivered_by(self, delivery: str) -> NotificationQuerySet:
        """Notifications whose recipient has chosen `delivery` for their kind, or left the kind's default as it is.

        A filter, not an annotation, so that `update()` can use it too.
        """
        preference = Preference.objects.filter(person=OuterRef("recipient_id"), kind=OuterRef("kind"))
        defaults = [slug for slug, kind in KINDS.items() if kind.default == delivery]
        return self.filter(
            Q(Exists(preference.filter(delivery=delivery))) | (~Q(Exists(preference)) & Q(kind__in=defaults))
        )

    def awaiting_digest(self, period: str) -> NotificationQuerySet:
        """Unread, not yet emailed or put in a digest, and of a kind the recipient gets in this period's digest."""
        return self.filter(
            read_at__isnull=True, emailed_at__isnull=True, digest__isnull=True, recipient__is_active=True
        ).delivered_by(period)


class Notification(models.Model):
    """Something that happened which one person should know about, shown in their list until they read it.

    Emailed at once (`emailed_at`) or gathered into a digest (`digest`) according to their preference for its kind.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, validators=[validate_kind])
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    url = models.CharField(max_length=500, validators=[validate_site_path])
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "DigestRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("notifications:open", self.pk)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def kind_label(self) -> str:
        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind


class Preference(models.Model):
    """How one person wants to hear about one kind of notification. No row: the kind's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, validators=[validate_kind])
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.delivery}"


class DigestRun(models.Model):
    """One person's digest for one period (the day or week starting `period_start`).

    Written, with its notifications attached, before the email goes; `sent_at` is set once it has gone. The unique
    constraint means a period's digest is sent at most once per person however often `send_digests` runs; a run
    without `sent_at` was interrupted and is sent on the next attempt.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    period = models.CharField(
        max_length=10, choices=[(Delivery.DAILY.value, "Daily"), (Delivery.WEEKLY.value, "Weekly")]
    )
    period_start = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "period", "period_start"], name="one_digest_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} digest for {self.person} from {self.period_start}"
