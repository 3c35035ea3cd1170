"""The demo's faces: a few people with a drawn photo, the same ones each time, written through the service."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.test import TestCase

from copse.accounts.demo import COLLEAGUES_WITH_PHOTOS, extend_demo
from copse.accounts.models import Person
from copse.communities.demo import build_demo
from copse.testing import OwnMediaMixin

STAFF = 200


class DemoFacesTests(OwnMediaMixin, TestCase):
    def with_photos(self) -> list[str]:
        return list(
            Person.objects.exclude(photo="").order_by("user__email").values_list("user__email", flat=True)
        )

    def test_a_handful_of_people_get_a_photo_and_the_same_ones_each_time(self) -> None:
        build_demo(seed=7, staff=STAFF)
        summary = extend_demo(seed=7)
        first = self.with_photos()

        assert summary == f"Gave {2 + COLLEAGUES_WITH_PHOTOS} people a photo."
        assert len(first) == 2 + COLLEAGUES_WITH_PHOTOS < STAFF
        assert {"admin@example.org", "lead@example.org"} <= set(first)
        assert not {"member@example.org", "newcomer@example.org"} & set(first)  # left to try adding one
        assert all(default_storage.exists(p.photo.name) for p in Person.objects.exclude(photo=""))

        Person.objects.update(photo="")
        extend_demo(seed=7)
        assert self.with_photos() == first
