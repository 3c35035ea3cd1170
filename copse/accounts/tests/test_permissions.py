"""Looking up colleagues: the predicate and the queryset agree, and someone who has left is a 404."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from copse.accounts.models import User
from copse.accounts.permissions import can_view_person, get_person_for
from copse.testing import PERSONAS, PersonasTestCase, UserFactory


class PersonAccessTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.leaver = UserFactory(name="Lee Leaver", is_active=False)

    def viewers(self) -> list:
        return [AnonymousUser(), UserFactory(is_active=False), *(self.persona(name) for name in PERSONAS)]

    def test_the_predicate_and_the_queryset_agree_for_every_viewer_and_colleague(self) -> None:
        people = list(User.objects.all())
        for viewer in self.viewers():
            visible = set(User.objects.visible_to(viewer).values_list("pk", flat=True))
            for person in people:
                with self.subTest(viewer=str(viewer), person=str(person)):
                    assert can_view_person(viewer, person) == (person.pk in visible)

    def test_a_colleague_who_has_left_is_not_found(self) -> None:
        with self.assertRaises(Http404):
            get_person_for(self.member, self.leaver.pk)
        assert self.client_for("member").get(f"/people/{self.leaver.pk}/").status_code == 404

    def test_staff_find_a_colleague_with_their_profile_in_one_query(self) -> None:
        with self.assertNumQueries(1):
            person = get_person_for(self.member, self.lead.pk)
            assert person.person.department is None
