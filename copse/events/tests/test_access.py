"""Who may see an event: the predicate, the queryset and the people-side twin agree on the full grid, and
`get_event_for` answers 404 or 403 for each action."""

from __future__ import annotations

from itertools import product

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import TestCase

from copse.communities.models import Role, Status, Visibility
from copse.events.models import Audience, Event
from copse.events.permissions import can_register, can_view_event, get_event_for, viewers_of
from copse.testing import CommunityFactory, EventFactory, MembershipFactory, PersonasTestCase, UserFactory

ROLES = ("anonymous", "programme_team", "operator", "lead", "core", "member", "outsider", "proposer")


def build_grid(audiences: tuple[str, ...]) -> tuple[dict, list]:
    """The people of every role and, for each community visibility × status, its events for `audiences` (and
    one programme-wide event); an event's title says where it is."""
    people = {
        "programme_team": UserFactory(is_programme_team=True),
        "operator": UserFactory(is_staff=True, is_superuser=True),
        "lead": UserFactory(),
        "core": UserFactory(),
        "member": UserFactory(),
        "outsider": UserFactory(),
        "proposer": UserFactory(),
    }
    events = [EventFactory(community=None, title="programme-wide", audience=Audience.ALL_STAFF)]
    for visibility, status in product(Visibility.values, Status.values):
        community = CommunityFactory(visibility=visibility, status=status, proposed_by=people["proposer"])
        for role in (Role.LEAD, Role.CORE, Role.MEMBER):
            MembershipFactory(community=community, person=people[role], role=role)
        for audience in audiences:
            title = f"{visibility} {status}" + (f" {audience}" if len(audiences) > 1 else "")
            events.append(EventFactory(community=community, audience=audience, title=title))
    return people, events


class EventVisibilityGridTests(TestCase):
    """Community visibility (and programme-wide) × community status × role."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people, cls.events = build_grid((Audience.COMMUNITY,))

    def test_the_predicate_the_queryset_and_the_viewers_agree(self) -> None:
        viewers = {event.pk: set(viewers_of(event).values_list("pk", flat=True)) for event in self.events}
        for role in ROLES:
            person = self.people.get(role) or AnonymousUser()
            visible = set(Event.objects.visible_to(person).values_list("pk", flat=True))
            for event in self.events:
                with self.subTest(role=role, event=event.title):
                    may_see = can_view_event(person, event)
                    assert may_see == (event.pk in visible)
                    assert may_see == (person.pk in viewers[event.pk])

    def test_the_grid_says_what_the_design_says(self) -> None:
        def seen_by(role: str) -> set[str]:
            return set(Event.objects.visible_to(self.people[role]).values_list("title", flat=True))

        everything = {event.title for event in self.events}
        for role in ("programme_team", "operator", "lead", "core", "member"):
            assert seen_by(role) == everything, role
        running = {f"{v} {s}" for v in ("open", "on_request") for s in ("active", "dormant", "retired")}
        assert seen_by("outsider") == running | {"programme-wide"}
        unapproved = {f"{v} {s}" for v in Visibility.values for s in ("proposed", "declined")}
        assert seen_by("proposer") == running | unapproved | {"programme-wide"}
        assert not Event.objects.visible_to(AnonymousUser()).exists()


class AudienceGridTests(TestCase):
    """Who may take a place: `can_register` and its queryset twin `Event.objects.open_to` agree for every audience
    × community visibility and status × role."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.people, cls.events = build_grid(tuple(Audience.values))

    def test_the_predicate_and_the_queryset_agree(self) -> None:
        for role in ROLES:
            person = self.people.get(role) or AnonymousUser()
            open_to = set(Event.objects.open_to(person).values_list("pk", flat=True))
            for event in self.events:
                with self.subTest(role=role, event=event.title):
                    assert can_register(person, event) == (event.pk in open_to)

    def test_core_only_events_are_for_leads_and_core_members(self) -> None:
        core_only = {event.pk for event in self.events if event.audience == Audience.CORE}
        for role, expected in (("lead", True), ("core", True), ("member", False), ("outsider", False)):
            open_to = set(Event.objects.open_to(self.people[role]).values_list("pk", flat=True))
            assert bool(core_only & open_to) == expected, role


class GetEventForTests(PersonasTestCase):
    def test_each_action_answers_404_when_hidden_and_403_when_not_allowed(self) -> None:
        members_only = EventFactory(community=self.community)
        private = EventFactory(community=self.private_community)
        core_only = EventFactory(community=self.community, audience=Audience.CORE)
        expected = {
            # (persona, event, action): the answer
            ("member", members_only, "view"): "ok",
            ("member", members_only, "register"): "ok",
            ("member", members_only, "manage"): 403,
            ("member", core_only, "register"): 403,
            ("core", core_only, "register"): "ok",
            ("core", core_only, "manage"): 403,
            ("lead", core_only, "manage"): "ok",
            ("outsider", members_only, "view"): "ok",
            ("outsider", members_only, "register"): 403,
            ("outsider", private, "view"): 404,
            ("outsider", private, "manage"): 404,
            ("programme_admin", private, "manage"): "ok",
        }
        for (persona, event, action), answer in expected.items():
            with self.subTest(persona=persona, event=event.title, action=action):
                user = self.persona(persona)
                if answer == "ok":
                    assert get_event_for(user, event.pk, action) == event
                else:
                    error = Http404 if answer == 404 else PermissionDenied
                    with self.assertRaises(error):
                        get_event_for(user, event.pk, action)
        with self.assertRaises(Http404):
            get_event_for(self.member, 999_999)
