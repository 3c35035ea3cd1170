import zoneinfo
from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from copse.core.models import TimestampedModel


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # Addresses are stored in lower case, so "Sam.Smith@Example.org" signs in as sam.smith@example.org.
        return self.get(email=(username or "").lower())

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Staff arrive from the HR import (or single sign-on), identified by email."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, help_text="Full name as colleagues know it.")
    is_active = models.BooleanField(default=True, help_text="Leavers are deactivated, not deleted.")
    is_staff = models.BooleanField("operator access to /admin/", default=False)
    is_programme_team = models.BooleanField(
        default=False,
        help_text="Owns the programme: approves and retires communities, manages service areas.",
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(Lower("name"), "id", name="user_name_id")]
        constraints = [
            # Single sign-on and the HR import match people by email: one person per address, whatever its case.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message="Someone already has this email address.",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def get_absolute_url(self) -> str:
        return reverse("communities:person", args=[self.pk])


class ServiceArea(TimestampedModel):
    """A group of professional-services departments (Finance, Estates, Student Services...).

    Staff belong to one through the HR import; communities are grouped by them in the directory.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:area", args=[self.slug])


class Department(models.Model):
    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobFamily(models.Model):
    """A grouping of roles used by HR (e.g. Professional Services, Technical, Management)."""

    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job families"

    def __str__(self) -> str:
        return self.name


class Person(TimestampedModel):
    """A member of staff's profile: what colleagues see about their role and interests."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="person")
    job_title = models.CharField(max_length=150, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)
    job_family = models.ForeignKey(JobFamily, null=True, blank=True, on_delete=models.SET_NULL)
    service_area = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.SET_NULL)
    bio = models.TextField(blank=True, max_length=2000)
    timezone = models.CharField(max_length=64, default="Europe/London", choices=timezone_choices)
    skills = TaggableManager(
        blank=True, help_text="Comma-separated, for example: budgeting, Power BI, coaching."
    )

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return str(self.user)
