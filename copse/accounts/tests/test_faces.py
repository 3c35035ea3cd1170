"""Faces where people are listed: the avatar tag shows a photo without a query of its own, and lists that show
faces select what it needs, so their query counts stay the same for 2 people as for 200."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from copse.accounts.models import Person, User
from copse.core.ui import ProfileNotFetched
from copse.testing import JoinRequestFactory, NotificationFactory, PersonasTestCase, UserFactory

PHOTO = re.compile(r'<img class="avatar avatar-\w+" src="/people/(\d+)/photo/[\w-]+(?:\.small)?\.webp"')


def with_photos(users: list[User]) -> None:
    """Give people photos by name alone: faces in lists read only the name, never the file, so these tests
    need no files (the service and the views are tested with real ones)."""
    for pk in Person.objects.filter(user__in=users).values_list("pk", flat=True):
        Person.objects.filter(pk=pk).update(photo=f"faces/{pk}/v{pk}.webp")


def faces_in(html: str) -> int:
    """Photos in the page's main content (the header shows the viewer's own face too)."""
    return len(PHOTO.findall(html[html.index("<main") :]))


class AvatarTagTests(PersonasTestCase):
    def render(self, person: object) -> str:
        return engines["jinja2"].from_string('{{ avatar(person, "md") }}').render({"person": person})

    def test_a_photo_when_the_profile_was_selected_without_a_query(self) -> None:
        with_photos([self.member])
        member = User.objects.select_related("person").get(pk=self.member.pk)
        with self.assertNumQueries(0):
            html = self.render(member)
        assert html == (  # at 48 px, the small copy
            f'<img class="avatar avatar-md" src="/people/{member.pk}/photo/v{member.pk}.small.webp" alt="" '
            'width="48" height="48" loading="lazy" decoding="async">'
        )
        large = engines["jinja2"].from_string('{{ avatar(person, "lg") }}').render({"person": member})
        assert f'src="/people/{member.pk}/photo/v{member.pk}.webp"' in large  # at 72 px, the photo itself

    def test_initials_without_a_photo(self) -> None:
        member = User.objects.select_related("person").get(pk=self.member.pk)
        assert (
            self.render(member)
            == f'<span class="avatar avatar-md avatar-c{member.pk % 12}" aria-hidden="true">MM</span>'
        )

    def test_a_profile_that_was_not_selected_is_a_bug_it_warns_about_and_never_a_query(self) -> None:
        with_photos([self.member])
        member = User.objects.get(pk=self.member.pk)
        with self.assertNumQueries(0), pytest.warns(ProfileNotFetched, match="select_related"):
            html = self.render(member)
        assert "MM" in html

    def test_someone_with_no_profile_row_has_initials_and_no_warning(self) -> None:
        Person.objects.filter(user=self.member).delete()
        member = User.objects.select_related("person").get(pk=self.member.pk)
        assert "MM" in self.render(member)

    def test_someone_who_has_left_keeps_their_initials(self) -> None:
        with_photos([self.member])
        User.objects.filter(pk=self.member.pk).update(is_active=False)
        member = User.objects.select_related("person").get(pk=self.member.pk)
        assert "MM" in self.render(member)

    def test_someone_unknown_has_a_blank_face(self) -> None:
        assert "avatar-gone" in self.render(None)


class FaceQueryCountTests(PersonasTestCase):
    """Lists with faces, everyone on them with a photo: as many queries for 2 people as for 200."""

    def count(self, persona: str, url: str) -> tuple[int, str]:
        client = self.client_for(persona)
        client.get(url)  # warm the session and any per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries), response.content.decode()

    def assert_pinned(self, persona: str, url: str, add, expected: int, faces: tuple[int, int]) -> None:
        """`add(n)` adds n people to the list, each with a photo; `faces` is how many the page then shows."""
        with_photos(add(2))
        small, small_html = self.count(persona, url)
        with_photos(add(198))
        large, large_html = self.count(persona, url)
        assert (small, large) == (expected, expected), f"{url}: {small} queries for 2 people, {large} for 200"
        assert (faces_in(small_html), faces_in(large_html)) == faces

    def test_people_directory(self) -> None:
        def add(n: int) -> list[User]:
            return UserFactory.create_batch(n, profile={"job_title": "Accountant"})

        with_photos(list(User.objects.all()))  # the personas too
        # 6 personas and 2 more; then the first page of 50.
        self.assert_pinned(
            "member", "/people/", add, 10, faces=(8, 50)
        )  # with the total and four filter lists

    def test_join_requests_with_the_person_include(self) -> None:
        def add(n: int) -> list[User]:
            return [JoinRequestFactory(community=self.community).person for _ in range(n)]

        self.assert_pinned("lead", f"/communities/{self.community.slug}/requests/", add, 8, faces=(2, 200))

    def test_notifications_show_who_caused_them(self) -> None:
        def add(n: int) -> list[User]:
            actors = UserFactory.create_batch(n)
            for actor in actors:
                NotificationFactory(recipient=self.member, actor=actor)
            return actors

        # Newest 50 a page.
        self.assert_pinned("member", "/notifications/", add, 5, faces=(2, 50))
