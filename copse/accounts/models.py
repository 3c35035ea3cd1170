import zoneinfo
from functools import cache
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from copse.core.links import address
from copse.core.models import TimestampedModel
from copse.core.text import LOOK_ALIKE_MESSAGE, has_look_alike_letters, name_key, validate_single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet


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

    def visible_to(self, viewer: "User | AnonymousUser") -> "QuerySet[User]":
        """The colleagues this person may look up: everyone who still works here, for anyone signed in.

        Twin of `permissions.can_view_person`.
        """
        if not viewer.is_authenticated or not viewer.is_active:
            return self.none()
        return self.filter(is_active=True)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Staff arrive from the HR import (or single sign-on), identified by email."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField(
        max_length=150,
        validators=[validate_single_line],
        help_text="Full name from the HR record; the HR import keeps it up to date.",
    )
    known_as = models.CharField(
        "known as",
        max_length=150,
        blank=True,
        validators=[validate_single_line],
        help_text="The name the person goes by, if not their HR name; shown with it.",
    )
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
        return self.display_name or self.email

    @property
    def display_name(self) -> str:
        """How the person is shown: "Dan Hughes (Daniel Hughes)" with a known-as name, else the HR name.

        The HR name always stands beside a known-as name, so nobody can pass as someone else.
        """
        if self.known_as and name_key(self.known_as) != name_key(self.name):
            return f"{self.known_as} ({self.name})"
        return self.name

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()
        if self.known_as:
            try:
                validate_known_as(self, self.known_as)
            except ValidationError as error:
                raise ValidationError({"known_as": error.messages}) from None

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def get_absolute_url(self) -> str:
        return address("communities:person", self.pk)


def validate_known_as(user: User, known_as: str) -> None:
    """A known-as name may not be anyone else's name or known-as name (compared by `name_key`), and has no
    brackets, which the display keeps for the HR name."""
    key = name_key(known_as)
    if "(" in key or ")" in key:  # after NFKC, so full-width brackets count too
        raise ValidationError(
            "Leave out brackets: your name from HR records is shown in brackets beside it.", code="brackets"
        )
    if has_look_alike_letters(known_as):
        raise ValidationError(LOOK_ALIKE_MESSAGE, code="look_alike")
    if key == name_key(user.name):
        return
    others = User.objects.exclude(pk=user.pk).values_list("name", "known_as")
    if any(key in {name_key(name) for name in names if name} for names in others):
        raise ValidationError(
            "This is the name of someone else here. Choose the name you are known by.", code="taken"
        )


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
        return address("communities:area", self.slug)


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


def photo_path(person: "Person", filename: str) -> str:
    """Where a person's photo is kept in storage: `faces/<their id>/<version>.webp`."""
    return f"faces/{person.pk}/{filename}"


class Person(TimestampedModel):
    """A member of staff's profile: what colleagues see about their role and interests."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="person")
    job_title = models.CharField(max_length=150, blank=True, validators=[validate_single_line])
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL)
    job_family = models.ForeignKey(JobFamily, null=True, blank=True, on_delete=models.SET_NULL)
    service_area = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.SET_NULL)
    bio = models.TextField(blank=True, max_length=2000)
    timezone = models.CharField(max_length=64, default="Europe/London", choices=timezone_choices)
    skills = TaggableManager(
        blank=True, help_text="Comma-separated, for example: budgeting, Power BI, coaching."
    )
    # Written only by `services.set_photo`, which checks, crops, re-encodes and strips the upload; kept through
    # Django's storage API (STORAGES["default"]) so an object store can replace the local folder. A FileField,
    # not an ImageField: nothing reads the dimensions back, and an ImageField would open the file to find them.
    photo = models.FileField(upload_to=photo_path, blank=True, max_length=200)

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return str(self.user)

    @property
    def photo_version(self) -> str:
        """What changes whenever the photo does (its stored name's stem), so its address can be cached for ever."""
        return (self.photo.name or "").rpartition("/")[2].partition(".")[0]

    @property
    def photo_url(self) -> str:
        """The address the photo is served from to signed-in colleagues, or "" when there is none."""
        if not self.photo:
            return ""
        return photo_url_pattern(get_script_prefix()).format(pk=self.pk, version=self.photo_version)

    @property
    def small_photo_url(self) -> str:
        """The address of the photo's small copy, for faces in lists; "" when there is no photo."""
        url = self.photo_url
        return url.removesuffix(".webp") + ".small.webp" if url else ""


@cache
def photo_url_pattern(script_prefix: str) -> str:
    """`accounts:photo` with places for the person and the version: a page of faces would otherwise spend more
    time reversing the same URL than drawing everything else. The script prefix is all that could change it."""
    return (
        reverse("accounts:photo", args=[987654321, "VERSION"])
        .replace("987654321", "{pk}")
        .replace("VERSION", "{version}")
    )
