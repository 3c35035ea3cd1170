"""Who may see and do what: the predicates, their queryset twin, and the fetch-and-authorise helper."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from copse.communities.models import Community, Role, Status, Visibility
from copse.communities.permissions import can_manage_community, can_view_community, get_community_for
from copse.testing import PERSONAS, CommunityFactory, MembershipFactory, PersonasTestCase, UserFactory

ACTIONS = ("view", "view_members", "manage", "lifecycle")


class VisibilityMatrixTests(PersonasTestCase):
    """Every visibility × status, with memberships and proposals that make the interesting cells differ."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        proposers = {
            Visibility.OPEN: cls.outsider,
            Visibility.ON_REQUEST: cls.member,
            Visibility.PRIVATE: cls.outsider,
        }
        cls.matrix = {}
        for visibility in Visibility:
            for status in Status:
                proposed = status in {Status.PROPOSED, Status.DECLINED}
                cls.matrix[visibility, status] = CommunityFactory(
                    name=f"{visibility.label.split(':')[0]} {status.label}",
                    slug=f"{visibility}-{status}".replace("_", "-"),
                    service_area=cls.area,
                    visibility=visibility,
                    status=status,
                    proposed_by=proposers[visibility] if proposed else None,
                )
        MembershipFactory(community=cls.matrix[Visibility.PRIVATE, Status.DORMANT], person=cls.member)
        MembershipFactory(
            community=cls.matrix[Visibility.PRIVATE, Status.RETIRED], person=cls.core, role=Role.CORE
        )
        MembershipFactory(community=cls.matrix[Visibility.PRIVATE, Status.DECLINED], person=cls.core)
        # Someone who left a private community no longer sees it.
        MembershipFactory(
            community=cls.matrix[Visibility.PRIVATE, Status.ACTIVE],
            person=cls.outsider,
            left_at=timezone.now(),
        )

    def _fresh(self, visibility, status):
        """A new instance: the predicate caches the viewer's role on the instance it is given."""
        return Community.objects.get(pk=self.matrix[visibility, status].pk)

    def test_can_view_community_agrees_with_visible_to_for_every_persona(self):
        for name in PERSONAS:
            user = self.persona(name)
            visible = list(Community.objects.visible_to(user))
            self.assertEqual(len(visible), len(set(visible)), f"{name} sees a community twice")
            # Fresh instances per persona: the predicate caches the viewer's role on the instance.
            for community in Community.objects.all():
                with self.subTest(persona=name, community=community.name):
                    self.assertEqual(can_view_community(user, community), community in visible)

    def test_get_community_for_gives_404_exactly_where_visible_to_hides(self):
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(Community.objects.visible_to(user).values_list("slug", flat=True))
            for slug in Community.objects.values_list("slug", flat=True):
                with self.subTest(persona=name, community=slug):
                    if slug in visible:
                        self.assertEqual(get_community_for(user, slug).slug, slug)
                    else:
                        with self.assertRaises(Http404):
                            get_community_for(user, slug)

    def test_outsider_sees_communities_that_are_not_private_and_their_own_proposals(self):
        expected = {"fbp", "spreadsheets"}
        expected |= {
            f"{visibility}-{status}".replace("_", "-")
            for visibility in (Visibility.OPEN, Visibility.ON_REQUEST)
            for status in (Status.ACTIVE, Status.DORMANT, Status.RETIRED)
        }
        expected |= {"open-proposed", "open-declined", "private-proposed", "private-declined"}

        self.assertEqual(
            set(Community.objects.visible_to(self.outsider).values_list("slug", flat=True)), expected
        )

    def test_members_see_the_private_communities_they_belong_to_whatever_their_status(self):
        self.assertTrue(can_view_community(self.member, self._fresh(Visibility.PRIVATE, Status.DORMANT)))
        self.assertTrue(can_view_community(self.core, self._fresh(Visibility.PRIVATE, Status.RETIRED)))
        self.assertTrue(can_view_community(self.core, self._fresh(Visibility.PRIVATE, Status.DECLINED)))
        self.assertFalse(can_view_community(self.member, self._fresh(Visibility.PRIVATE, Status.RETIRED)))

    def test_predicate_answers_for_the_person_asked_even_when_someone_else_was_asked_first(self):
        private_retired = self._fresh(Visibility.PRIVATE, Status.RETIRED)

        self.assertTrue(can_view_community(self.core, private_retired))
        self.assertFalse(can_view_community(self.member, private_retired))
        self.assertFalse(can_view_community(self.outsider, private_retired))

    def test_programme_team_and_operator_see_every_community(self):
        for name in ("programme_admin", "operator"):
            with self.subTest(persona=name):
                self.assertEqual(
                    Community.objects.visible_to(self.persona(name)).count(), Community.objects.count()
                )


class AccessHelperTests(PersonasTestCase):
    def test_outsider_gets_404_for_private_community(self):
        with self.assertRaises(Http404):
            get_community_for(self.outsider, "budget-circle")

    def test_outsider_gets_404_for_private_community_whatever_the_action(self):
        for action in ACTIONS:
            with self.subTest(action=action), self.assertRaises(Http404):
                get_community_for(self.outsider, "budget-circle", action)

    def test_unknown_slug_is_404(self):
        with self.assertRaises(Http404):
            get_community_for(self.programme_admin, "no-such-community")

    def test_outsider_cannot_manage_on_request_community(self):
        with self.assertRaises(PermissionDenied):
            get_community_for(self.outsider, "fbp", "manage")

    def test_member_and_core_cannot_manage_their_community(self):
        for name in ("member", "core"):
            with self.subTest(persona=name), self.assertRaises(PermissionDenied):
                get_community_for(self.persona(name), "fbp", "manage")

    def test_lead_manages_their_community(self):
        self.assertEqual(get_community_for(self.lead, "fbp", "manage"), self.community)

    def test_member_can_see_members_of_on_request_community(self):
        self.assertEqual(get_community_for(self.member, "fbp", "view_members"), self.community)

    def test_outsider_cannot_see_members_of_on_request_community(self):
        with self.assertRaises(PermissionDenied):
            get_community_for(self.outsider, "fbp", "view_members")

    def test_outsider_can_see_members_of_open_community(self):
        self.assertEqual(
            get_community_for(self.outsider, "spreadsheets", "view_members"), self.open_community
        )

    def test_programme_admin_manages_every_active_community(self):
        CommunityFactory(name="Not Mine", slug="not-mine", visibility=Visibility.PRIVATE)
        active = Community.objects.filter(status=Status.ACTIVE)
        self.assertEqual(active.count(), 4)
        for community in active:
            with self.subTest(community=community.slug):
                self.assertEqual(get_community_for(self.programme_admin, community.slug, "manage"), community)

    def test_programme_admin_changes_the_lifecycle(self):
        self.assertEqual(get_community_for(self.programme_admin, "fbp", "lifecycle"), self.community)

    def test_lead_cannot_change_the_lifecycle(self):
        with self.assertRaises(PermissionDenied):
            get_community_for(self.lead, "fbp", "lifecycle")

    def test_nobody_can_manage_a_retired_community_not_even_its_lead(self):
        Community.objects.filter(pk=self.community.pk).update(status=Status.RETIRED)

        for name in PERSONAS:
            with self.subTest(persona=name):
                self.assertFalse(
                    can_manage_community(self.persona(name), Community.objects.get(pk=self.community.pk))
                )
                with self.assertRaises(PermissionDenied):
                    get_community_for(self.persona(name), "fbp", "manage")

    def test_retired_community_stays_readable(self):
        Community.objects.filter(pk=self.community.pk).update(status=Status.RETIRED)

        self.assertEqual(get_community_for(self.outsider, "fbp"), self.community)
        self.assertEqual(get_community_for(self.member, "fbp", "view_members"), self.community)

    def test_deactivated_user_sees_nothing(self):
        leaver = self.lead
        leaver.is_active = False
        leaver.save(update_fields=["is_active"])

        self.assertFalse(Community.objects.visible_to(leaver).exists())
        for community in Community.objects.all():
            with self.subTest(community=community.slug):
                self.assertFalse(can_view_community(leaver, community))
        for action in ACTIONS:
            with self.subTest(action=action), self.assertRaises(Http404):
                get_community_for(leaver, "fbp", action)

    def test_deactivated_lead_cannot_manage_their_community(self):
        leaver = self.lead
        leaver.is_active = False
        leaver.save(update_fields=["is_active"])

        self.assertFalse(can_manage_community(leaver, Community.objects.get(pk=self.community.pk)))

    def test_deactivated_programme_admin_sees_nothing(self):
        self.programme_admin.is_active = False
        self.programme_admin.save(update_fields=["is_active"])

        self.assertFalse(Community.objects.visible_to(self.programme_admin).exists())
        with self.assertRaises(Http404):
            get_community_for(self.programme_admin, "fbp", "lifecycle")

    def test_anonymous_user_sees_nothing(self):
        anonymous = AnonymousUser()

        self.assertFalse(Community.objects.visible_to(anonymous).exists())
        for community in Community.objects.all():
            with self.subTest(community=community.slug):
                self.assertFalse(can_view_community(anonymous, community))
                self.assertFalse(can_manage_community(anonymous, community))
        with self.assertRaises(Http404):
            get_community_for(anonymous, "spreadsheets")

    def test_proposal_is_visible_to_its_proposer_and_the_programme_team_only(self):
        CommunityFactory(
            name="Data Analytics",
            slug="data-analytics",
            visibility=Visibility.OPEN,
            status=Status.PROPOSED,
            proposed_by=self.outsider,
        )
        can_see = {"outsider", "programme_admin", "operator"}

        for name in PERSONAS:
            user = self.persona(name)
            with self.subTest(persona=name):
                proposal = Community.objects.get(slug="data-analytics")
                self.assertEqual(can_view_community(user, proposal), name in can_see)
                self.assertEqual(
                    Community.objects.visible_to(user).filter(pk=proposal.pk).exists(), name in can_see
                )

    def test_proposer_cannot_manage_or_see_members_of_their_proposal(self):
        CommunityFactory(
            slug="data-analytics",
            visibility=Visibility.OPEN,
            status=Status.PROPOSED,
            proposed_by=self.outsider,
        )

        self.assertEqual(get_community_for(self.outsider, "data-analytics").slug, "data-analytics")
        for action in ("view_members", "manage", "lifecycle"):
            with self.subTest(action=action), self.assertRaises(PermissionDenied):
                get_community_for(self.outsider, "data-analytics", action)


class MemberCountTests(PersonasTestCase):
    def test_with_member_counts_counts_leads_and_core_apart_from_wider_members_and_skips_leavers(self):
        left = timezone.now()
        MembershipFactory(community=self.community, person=UserFactory(), role=Role.MEMBER, left_at=left)
        MembershipFactory(community=self.community, person=UserFactory(), role=Role.CORE, left_at=left)
        MembershipFactory(community=self.community, person=UserFactory(), role=Role.LEAD, left_at=left)
        MembershipFactory(community=self.open_community, person=self.member, role=Role.MEMBER)
        MembershipFactory(community=self.open_community, person=self.outsider, role=Role.MEMBER, left_at=left)
        empty = CommunityFactory(name="Empty", slug="empty")

        counts = {c.slug: (c.core_count, c.wider_count) for c in Community.objects.with_member_counts()}

        self.assertEqual(
            counts,
            {"fbp": (2, 1), "spreadsheets": (1, 1), "budget-circle": (2, 0), empty.slug: (0, 0)},
        )
