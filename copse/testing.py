"""Test personas and factories shared by every app's tests.

`PersonasTestCase` creates, once per class, a service area with three communities (on request, open, private) and
the six personas: the programme admin, a lead, a core member, a (wider) member, an outsider and the operator.
Tests read as sentences about them: `test_outsider_gets_404_for_private_community`.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import factory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from copse.accounts.models import Department, JobFamily, Person, ServiceArea, User
from copse.communities.models import (
    Community,
    CommunityLink,
    JoinRequest,
    LogEntry,
    Membership,
    Role,
    Status,
    Visibility,
)
from copse.core import demo_files
from copse.core.attachments import AttachmentData
from copse.core.markdown import render_markdown
from copse.events.models import CalendarToken, Event, Material, Registration, Speaker
from copse.notifications.models import Notification, Preference
from copse.valuecreation.models import IndicatorDefinition, ValueCycle
from copse.valuecreation.shipped import ship

PASSWORD = "copse-test-password"


@cache
def password_hash() -> str:
    """Hash the shared test password once: hashing it per user would make every test slow."""
    return make_password(PASSWORD)


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Department {n}")


class JobFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobFamily
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Job family {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.LazyFunction(password_hash)

    @factory.post_generation
    def profile(self, create: bool, extracted: dict[str, Any] | None, **kwargs: Any) -> None:
        if create:
            Person.objects.create(user=self, **(extracted or {}))


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    service_area = factory.SubFactory(ServiceAreaFactory)
    purpose = "Sharing what works and what does not."
    visibility = Visibility.ON_REQUEST
    status = Status.ACTIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    person = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    community = factory.SubFactory(CommunityFactory)
    person = factory.SubFactory(UserFactory)
    message = "I would like to learn from colleagues doing similar work."


# Events (copse.events)


def _next_week() -> Any:
    # Whole seconds: calendar files have no smaller unit.
    return (timezone.now() + timedelta(days=7)).replace(microsecond=0)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """A community's event a week from now, for an hour, open to its members."""

    class Meta:
        model = Event

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Event {n}")
    starts_at = factory.LazyFunction(_next_week)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(UserFactory)
    status = Registration.Status.GOING


class SpeakerFactory(factory.django.DjangoModelFactory[Speaker]):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")


class MaterialFactory(factory.django.DjangoModelFactory[Material]):
    class Meta:
        model = Material

    event = factory.SubFactory(EventFactory)
    title = "Recording"
    url = factory.Sequence(lambda n: f"https://media.example.org/recordings/{n}")


class CalendarTokenFactory(factory.django.DjangoModelFactory[CalendarToken]):
    """A person's secret calendar key (the default makes a new random one)."""

    class Meta:
        model = CalendarToken

    person = factory.SubFactory(UserFactory)


# Photos (copse.accounts.photos)


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (64, 48), colour: tuple[int, ...] = (30, 120, 90), **save: Any
) -> bytes:
    """A picture drawn with Pillow, as the bytes of a file in `fmt` (JPEG, PNG, WEBP, GIF...): a plain colour
    with a white square in its top-left quarter, so a crop or a turn can be seen."""
    from PIL import Image, ImageDraw

    mode = "RGBA" if len(colour) == 4 else "RGB"
    image = Image.new(mode, size, colour)
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill="white")
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


class OwnMediaMixin:
    """For a TestCase: uploads go to an empty folder of each test's own, removed afterwards (rolling back the
    database does not take files away)."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        folder = tempfile.mkdtemp(prefix="copse-media-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)  # type: ignore[attr-defined]
        self.enterContext(override_settings(MEDIA_ROOT=folder))  # type: ignore[attr-defined]


def give_photo(user: User, fmt: str = "PNG") -> Person:
    """Give someone a photo through the real service (a small drawn one)."""
    from copse.accounts.services import set_photo

    person, _ = Person.objects.get_or_create(user=user)
    return set_photo(person, upload=io.BytesIO(image_bytes(fmt)))


# Attachments (copse.core.attachments)


def attached(name: str, data: bytes) -> AttachmentData:
    """A file as someone attaches it to a post or an update: its name and content."""
    return AttachmentData(name, io.BytesIO(data))


def pdf_file(name: str = "Meeting notes.pdf") -> AttachmentData:
    """A small, valid PDF to attach."""
    return attached(name, demo_files.pdf(name.rpartition(".")[0] or name, ["Actions agreed.", "Next steps."]))


def image_file(name: str = "Chart.png", fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> AttachmentData:
    """A small drawn picture to attach, as a `fmt` file."""
    return attached(name, image_bytes(fmt, size))


def stored_files() -> list[str]:
    """Every file in the media folder (of the test, with `OwnMediaMixin`), as paths within it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def ship_framework() -> None:
    """The value creation framework as its migration ships it: tests that empty the database (the browser tests)
    take it with them, and every test after them would find no cycles."""
    ship(ValueCycle, IndicatorDefinition)


def sign_in(page: Any, email: str, *, check: Callable[[Any], None] | None = None) -> None:
    """Sign in through the real form in a Playwright page; `check` (such as axe) looks at the form first."""
    page.goto("/accounts/login/")
    if check is not None:
        check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def signed_in(browser: Any, live_server: Any, email: str, *, javascript: bool = True) -> Any:
    """A new Playwright page on the live server, signed in as `email`, with JavaScript on or off."""
    page = browser.new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    sign_in(page, email)
    return page


PERSONAS = ("programme_admin", "lead", "core", "member", "outsider", "operator")


class PersonasTestCase(TestCase):
    """Base test case with the six personas and three communities they relate to."""

    area: ClassVar[ServiceArea]
    community: ClassVar[Community]  # on request; lead, core and member belong
    open_community: ClassVar[Community]  # open; only the lead belongs
    private_community: ClassVar[Community]  # private; lead and core belong
    programme_admin: ClassVar[User]
    lead: ClassVar[User]
    core: ClassVar[User]
    member: ClassVar[User]
    outsider: ClassVar[User]
    operator: ClassVar[User]

    @classmethod
    def setUpTestData(cls) -> None:
        ship_framework()
        cls.area = ServiceAreaFactory(name="Finance", slug="finance")
        cls.programme_admin = UserFactory(
            email="admin@example.org", name="Priya Admin", is_programme_team=True
        )
        cls.lead = UserFactory(email="lead@example.org", name="Leah Lead")
        cls.core = UserFactory(email="core@example.org", name="Cora Core")
        cls.member = UserFactory(email="member@example.org", name="Mo Member")
        cls.outsider = UserFactory(email="outsider@example.org", name="Olu Outsider")
        cls.operator = UserFactory(
            email="operator@example.org", name="Oscar Operator", is_staff=True, is_superuser=True
        )
        cls.community = CommunityFactory(name="Finance Business Partners", slug="fbp", service_area=cls.area)
        cls.open_community = CommunityFactory(
            name="Spreadsheet Skills", slug="spreadsheets", service_area=cls.area, visibility=Visibility.OPEN
        )
        cls.private_community = CommunityFactory(
            name="Budget Holders Circle",
            slug="budget-circle",
            service_area=cls.area,
            visibility=Visibility.PRIVATE,
        )
        MembershipFactory(community=cls.community, person=cls.lead, role=Role.LEAD)
        MembershipFactory(community=cls.community, person=cls.core, role=Role.CORE)
        MembershipFactory(community=cls.community, person=cls.member, role=Role.MEMBER)
        MembershipFactory(community=cls.open_community, person=cls.lead, role=Role.LEAD)
        MembershipFactory(community=cls.private_community, person=cls.lead, role=Role.LEAD)
        MembershipFactory(community=cls.private_community, person=cls.core, role=Role.CORE)

    def persona(self, name: str) -> User:
        return getattr(self, name)

    def client_for(self, name: str | None) -> Client:
        """A client signed in as the persona (None: signed out)."""
        client = Client()
        if name is not None:
            client.force_login(self.persona(name))
        return client


# Discussions: threads, posts, reactions and flags, written as rows (call the services to test a workflow; these
# do not move a thread's counters).


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post by the same author (`opening__body=` to choose its text)."""

    class Meta:
        model = "discussions.Thread"
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    kind = "discussion"
    title = factory.Sequence(lambda n: f"Thread {n}")

    @factory.post_generation
    def opening(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            PostFactory(thread=self, author=self.author, **kwargs)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "discussions.Post"

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Post number {n}.")
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))


class ReactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "discussions.Reaction"

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(UserFactory)
    kind = "helpful"


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "discussions.Flag"

    post = factory.SubFactory(PostFactory)
    flagged_by = factory.SubFactory(UserFactory)
    reason = "Unkind to a colleague."


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """Someone following (or muting) a thread; pass `thread=None, community=…` for a community's discussions."""

    class Meta:
        model = "discussions.Subscription"

    person = factory.SubFactory(UserFactory)
    thread = factory.SubFactory(ThreadFactory)
    community = None
    state = "following"


class ModerationActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "discussions.ModerationAction"

    thread = factory.SubFactory(ThreadFactory)
    community = factory.LazyAttribute(lambda o: o.thread.community)
    actor = factory.SubFactory(UserFactory)
    action = "lock"


# Communities and notifications (CommunityFactory, MembershipFactory and JoinRequestFactory are above, for the
# personas).


class CommunityLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityLink

    community = factory.SubFactory(CommunityFactory)
    label = factory.Sequence(lambda n: f"Link {n}")
    url = factory.Sequence(lambda n: f"https://example.org/sites/link-{n}")
    position = factory.Sequence(lambda n: n)


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    community = factory.SubFactory(CommunityFactory)
    actor = factory.SubFactory(UserFactory)
    action = LogEntry.Action.EDITED


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "replies_to_me"
    title = factory.Sequence(lambda n: f"Someone replied to your discussion {n}")
    url = "/communities/fbp/"


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference
        django_get_or_create = ("person", "kind")

    person = factory.SubFactory(UserFactory)
    kind = "replies_to_me"
    delivery = "off"
