from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from copse.accounts.models import timezone_choices
from copse.communities.models import ORGANISERS, Community, Membership
from copse.core.links import address
from copse.core.models import TimestampedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User


def new_calendar_key() -> str:
    return secrets.token_urlsafe(32)


class EventKind(models.TextChoices):
    WEBINAR = "webinar", "Webinar"
    WORKSHOP = "workshop", "Workshop"
    MEETUP = "meetup", "Meet-up"
    LIVE_INTERVIEW = "live_interview", "Live interview"
    CONFERENCE = "conference", "Conference"
    CELEBRATION = "celebration", "Celebration"


class Audience(models.TextChoices):
    COMMUNITY = "community", "Members of the community"
    CORE = "core", "Core members of the community"
    ALL_STAFF = "all_staff", "All staff"


class EventQuerySet(QuerySet["Event"]):
    def visible_to(self, user: User | AnonymousUser) -> EventQuerySet:
        """Events this person may see: programme-wide ones, and those of communities they may see.

        Twin of `permissions.can_view_event`.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_team or user.is_superuser:
            return self.all()
        return self.filter(Q(community__isnull=True) | Q(community__in=Community.objects.visible_to(user)))

    def open_to(self, user: User | AnonymousUser) -> EventQuerySet:
        """Events whose audience includes this person: they may take a place and see the joining link.

        Twin of `permissions.can_register`.
        """
        events = self.visible_to(user)
        if not user.is_authenticated or user.is_programme_team or user.is_superuser:
            return events
        roles = Membership.objects.current().filter(community=OuterRef("community"), person=user)
        return events.filter(
            Q(community__isnull=True)
            | Q(audience=Audience.ALL_STAFF)
            | (Q(audience=Audience.COMMUNITY) & Exists(roles))
            | (Q(audience=Audience.CORE) & Exists(roles.filter(role__in=ORGANISERS)))
        )

    def with_counts(self) -> EventQuerySet:
        """Annotate `going_count` and `waitlist_count`.

        As subqueries, not a join with GROUP BY: a page of 25 past events then counts the places of those 25,
        not of every past event before the page is cut.
        """

        def places(status: str) -> Coalesce:
            counted = (
                Registration.objects.filter(event=OuterRef("pk"), status=status)
                .order_by()
                .values("event")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(counted), 0)

        return self.annotate(
            going_count=places(Registration.Status.GOING),
            waitlist_count=places(Registration.Status.WAITLIST),
        )

    def with_viewer_status(self, user: User | AnonymousUser) -> EventQuerySet:
        """Annotate `viewer_status`: this person's registration status ("going", "waitlist" or "cancelled"), or
        None when they never registered. A subquery, so a list marks "You're going" without a query per event."""
        if not user.is_authenticated:
            return self.annotate(viewer_status=models.Value(None, output_field=models.CharField()))
        status = Registration.objects.filter(event=OuterRef("pk"), person=user).values("status")[:1]
        return self.annotate(viewer_status=Subquery(status))


class Event(TimestampedModel):
    """A webinar, workshop, meet-up or live interview, hosted by a community or by the programme for everyone."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    community = models.ForeignKey(
        Community,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        help_text="Empty for programme-wide events.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=20_000)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.WEBINAR)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.COMMUNITY)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="Europe/London", choices=timezone_choices)
    location = models.CharField(max_length=300, blank=True)
    online_url = models.URLField(max_length=500, blank=True, help_text="Shown only to people who registered.")
    capacity = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    registration_deadline = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.TextField(blank=True, max_length=2000)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: raised on every change.")
    summary = models.TextField(
        blank=True, max_length=5000, help_text="Written after the event: what was covered and decided."
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at", "id"], name="event_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="event_capacity"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("events:detail", self.pk)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must be after the start."
        if self.online_url and not self.online_url.lower().startswith(("https://", "http://")):
            errors["online_url"] = "Enter a web address that starts with https://."
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = "Registration must close before the event starts."
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def places_left(self) -> int | None:
        """Free places at an event with a limit, or None when it has none. Needs `with_counts()`."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.going_count, 0)  # type: ignore[attr-defined]

    def registration_closed_reason(self) -> str | None:
        """Why no one can register now, in words, or None when registration is open."""
        now = timezone.now()
        if self.is_cancelled:
            return "This event has been cancelled."
        if self.community is not None and self.community.is_closed:
            return f"{self.community.name} is not running, so its events take no registrations."
        if self.starts_at <= now:
            return "This event has already started."
        if self.registration_deadline and self.registration_deadline < now:
            return "Registration for this event has closed."
        return None

    def cancel(self, *, reason: str) -> None:
        """Cancel with a reason; calendars see the same UID with a higher SEQUENCE and update themselves."""
        self.status = self.Status.CANCELLED
        self.cancel_reason = reason
        self.cancelled_at = timezone.now()
        self.sequence += 1
        self.save(update_fields=["status", "cancel_reason", "cancelled_at", "sequence", "updated_at"])


class Speaker(models.Model):
    """Someone presenting: a colleague with an account (`person`, so their face and profile show), or an external
    guest known only by name."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The colleague speaking, when they have an account; empty for a guest from outside.",
    )
    name = models.CharField(max_length=150)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, max_length=2000)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A recording, slides or another document from an event, linked where it is kept."""

    class Kind(models.TextChoices):
        RECORDING = "recording", "Recording"
        SLIDES = "slides", "Slides"
        DOCUMENT = "document", "Document"
        OTHER = "other", "Other"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RECORDING)
    title = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class CalendarToken(models.Model):
    """The secret in a person's calendar subscription addresses. Making a new one revokes the old."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    key = models.CharField(max_length=64, unique=True, default=new_calendar_key)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar token for {self.person}"


class Registration(models.Model):
    """A person's place at an event: going, waiting for a place, or cancelled; and later whether they came."""

    class Status(models.TextChoices):
        GOING = "going", "Going"
        WAITLIST = "waitlist", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    registered_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"], name="registration_queue")]

    def __str__(self) -> str:
        return f"{self.person} {self.status} {self.event}"


# Going or waiting: the registrations that hold a place, or a claim on one.
PLACES = (Registration.Status.GOING, Registration.Status.WAITLIST)
