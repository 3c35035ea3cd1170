"""The members page and the people directory: search, filters, totals, pages, who sees the role controls, and
what each costs in queries whatever the number of people."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copse.communities.models import Community, Membership, Role, Status, Visibility
from copse.communities.permissions import can_see_members_area
from copse.testing import (
    PERSONAS,
    CommunityFactory,
    DepartmentFactory,
    JobFamilyFactory,
    MembershipFactory,
    PersonasTestCase,
    ServiceAreaFactory,
    UserFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
MEMBERS = "/communities/fbp/members/"


def names_in(html: str) -> list[str]:
    """The people listed, in order, by the links to their profiles."""
    return re.findall(r'<a href="/people/\d+/">([^<]+)</a>', html)


def next_link(html: str) -> str | None:
    found = re.search(r'<a href="(\?[^"]*after=[^"]+)" rel="next">', html)
    return found.group(1).replace("&amp;", "&") if found else None


class MembersSearchTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tess = UserFactory(name="Tess Timetabler", profile={"job_title": "Timetabling Officer"})
        cls.dan = UserFactory(name="Daniel Hughes", known_as="Dan")
        MembershipFactory(community=cls.community, person=cls.tess)
        MembershipFactory(community=cls.community, person=cls.dan, role=Role.CORE)

    def page(self, query: str = "", persona: str = "member") -> str:
        response = self.client_for(persona).get(MEMBERS + query)
        assert response.status_code == 200
        return response.content.decode()

    def test_everyone_is_listed_leads_first_then_core_then_wider_members_with_the_totals(self) -> None:
        html = self.page()
        assert names_in(html) == [
            "Leah Lead",
            "Cora Core",
            "Dan (Daniel Hughes)",
            "Mo Member",
            "Tess Timetabler",
        ]
        assert "5 members</strong>: 1 lead, 2 core, 2 wider" in html
        assert 'class="badge badge-brand">Lead<' in html and "Wider member</span>" in html

    def test_search_finds_part_of_a_name_a_known_as_name_or_a_job_title(self) -> None:
        assert names_in(self.page("?q=leah")) == ["Leah Lead"]
        assert names_in(self.page("?q=dan")) == ["Dan (Daniel Hughes)"]
        assert names_in(self.page("?q=timetabling")) == ["Tess Timetabler"]
        assert "1 member matches." in self.page("?q=timetabling")

    def test_each_role_filter_keeps_that_role(self) -> None:
        assert names_in(self.page("?role=lead")) == ["Leah Lead"]
        assert names_in(self.page("?role=core")) == ["Cora Core", "Dan (Daniel Hughes)"]
        assert names_in(self.page("?role=member")) == ["Mo Member", "Tess Timetabler"]
        assert "2 members match." in self.page("?role=core")

    def test_search_and_role_together(self) -> None:
        assert names_in(self.page("?q=o&role=core")) == ["Cora Core"]
        assert names_in(self.page("?q=Tess&role=core")) == []
        assert "No members match." in self.page("?q=Tess&role=core")

    def test_an_unknown_role_is_ignored_with_a_message_beside_the_field(self) -> None:
        html = self.page("?role=boss")
        assert "Choose a role from the list. Showing every role." in html
        assert len(names_in(html)) == 5

    def test_an_over_long_or_odd_search_is_ignored_not_an_error(self) -> None:
        assert len(names_in(self.page("?q=" + "x" * 101))) == 5
        assert len(names_in(self.page("?q=%E2%80%AE"))) == 5  # a right-to-left override alone

    def test_htmx_gets_only_the_results(self) -> None:
        response = self.client_for("member").get(MEMBERS + "?role=core", **HTMX)
        html = response.content.decode()
        assert "<h1>" not in html and names_in(html) == ["Cora Core", "Dan (Daniel Hughes)"]


class MembersPagesTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(60):
            MembershipFactory(community=cls.community, person=UserFactory(name=f"Wide Member {n:02d}"))

    def test_fifty_a_page_then_the_rest_without_offset_and_the_last_page_has_no_next_link(self) -> None:
        client = self.client_for("member")
        first = client.get(MEMBERS).content.decode()
        names = names_in(first)
        assert len(names) == 50 and names[:3] == ["Leah Lead", "Cora Core", "Mo Member"]
        assert names[-1] == "Wide Member 46"
        assert "63 members</strong>: 1 lead, 1 core, 61 wider" in first
        link = next_link(first)
        assert link is not None
        with CaptureQueriesContext(connection) as queries:
            second = client.get(MEMBERS + link).content.decode()
        assert names_in(second) == [f"Wide Member {n:02d}" for n in range(47, 60)]
        assert "OFFSET" not in " ".join(q["sql"] for q in queries).upper()
        assert next_link(second) is None and "Back to the start" in second

    def test_the_next_page_keeps_the_filters(self) -> None:
        client = self.client_for("member")
        first = client.get(MEMBERS, {"q": "wide", "role": "member"}).content.decode()
        link = next_link(first)
        assert link is not None and "q=wide" in link and "role=member" in link
        second = client.get(MEMBERS + link).content.decode()
        assert names_in(second) == [f"Wide Member {n:02d}" for n in range(50, 60)]

    def test_a_bad_cursor_starts_from_the_beginning(self) -> None:
        client = self.client_for("member")
        for cursor in ["nonsense", "|", "2zzz|abc", "x|99999999999999999999999", "a|²"]:
            html = client.get(MEMBERS, {"after": cursor}).content.decode()
            assert names_in(html)[0] == "Leah Lead", cursor


class RoleControlsTests(PersonasTestCase):
    def test_only_leads_and_the_programme_team_see_the_role_controls(self) -> None:
        shown = {
            persona: "Change role" in self.client_for(persona).get(MEMBERS).content.decode()
            for persona in PERSONAS
            if persona != "outsider"  # 403: the members of an on-request community are for members
        }
        assert shown == {
            "programme_admin": True,
            "lead": True,
            "core": False,
            "member": False,
            "operator": True,
        }

    def test_the_controls_post_to_the_role_and_remove_addresses(self) -> None:
        html = self.client_for("lead").get(MEMBERS).content.decode()
        membership = Membership.objects.get(community=self.community, person=self.member)
        assert f'action="{reverse("communities:change_role", args=["fbp", membership.pk])}"' in html
        assert f'href="{reverse("communities:remove_member", args=["fbp", membership.pk])}"' in html
        assert f'href="{self.member.get_absolute_url()}"' in html

    def test_with_htmx_the_row_and_the_totals_change_in_place(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        response = self.client_for("lead").post(f"{MEMBERS}{membership.pk}/role/", {"role": "core"}, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'<li id="member-{membership.pk}">' in html and "Core member</span>" in html
        assert 'id="member-totals" hx-swap-oob="true"' in html and "1 lead, 2 core, 0 wider" in html
        assert "Mo Member is now core member." in html
        membership.refresh_from_db()
        assert membership.role == Role.CORE

    def test_without_javascript_the_lead_goes_back_to_the_page_with_the_message(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        response = self.client_for("lead").post(
            f"{MEMBERS}{membership.pk}/role/", {"role": "lead"}, follow=True
        )
        assert response.redirect_chain[-1][0] == MEMBERS
        assert "Mo Member is now lead." in response.content.decode()

    def test_the_only_lead_keeps_the_role_and_htmx_gets_the_row_back_with_the_reason(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.lead)
        response = self.client_for("lead").post(f"{MEMBERS}{membership.pk}/role/", {"role": "member"}, **HTMX)
        html = response.content.decode()
        assert response.status_code == 409
        assert "Leah Lead is the only lead. Make someone else a lead first." in html
        assert '<option value="lead" selected>' in html
        membership.refresh_from_db()
        assert membership.role == Role.LEAD

    def test_an_unknown_role_is_refused_and_nothing_changes(self) -> None:
        membership = Membership.objects.get(community=self.community, person=self.member)
        response = self.client_for("lead").post(f"{MEMBERS}{membership.pk}/role/", {"role": "boss"}, **HTMX)
        assert response.status_code == 400
        membership.refresh_from_db()
        assert membership.role == Role.MEMBER

    def test_a_lead_who_steps_down_is_sent_to_the_page_without_controls(self) -> None:
        MembershipFactory(community=self.community, person=UserFactory(), role=Role.LEAD)
        membership = Membership.objects.get(community=self.community, person=self.lead)
        response = self.client_for("lead").post(f"{MEMBERS}{membership.pk}/role/", {"role": "core"}, **HTMX)
        assert response.headers["HX-Redirect"] == MEMBERS
        assert "Change role" not in self.client_for("lead").get(MEMBERS).content.decode()


class PeopleDirectoryFilterTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.finance = DepartmentFactory(name="Finance Office")
        cls.library = DepartmentFactory(name="Library Services")
        cls.professional = JobFamilyFactory(name="Professional services")
        cls.estates = ServiceAreaFactory(name="Estates", slug="estates")
        cls.fay = UserFactory(
            name="Fay Finance",
            profile={"department": cls.finance, "job_family": cls.professional, "service_area": cls.area},
        )
        cls.lil = UserFactory(
            name="Lil Library", profile={"department": cls.library, "service_area": cls.estates}
        )
        MembershipFactory(community=cls.community, person=cls.fay)
        MembershipFactory(community=cls.private_community, person=cls.lil)

    def people(self, query: dict[str, str], persona: str = "member") -> str:
        response = self.client_for(persona).get("/people/", query)
        assert response.status_code == 200, query
        return response.content.decode()

    def test_the_directory_says_how_many_people_there_are(self) -> None:
        html = self.people({})
        assert "8 people</strong>" in html  # six personas and two colleagues
        assert 'class="avatar avatar-sm' in html

    def test_each_filter(self) -> None:
        assert names_in(self.people({"department": str(self.finance.pk)})) == ["Fay Finance"]
        assert names_in(self.people({"job_family": str(self.professional.pk)})) == ["Fay Finance"]
        assert names_in(self.people({"area": "estates"})) == ["Lil Library"]
        fbp = names_in(self.people({"community": "fbp"}))
        assert fbp == ["Cora Core", "Fay Finance", "Leah Lead", "Mo Member"]
        assert "1 person</strong> matches your search" in self.people({"area": "estates"})

    def test_filters_together_and_with_words(self) -> None:
        both = {"department": str(self.finance.pk), "community": "fbp"}
        assert names_in(self.people(both)) == ["Fay Finance"]
        assert names_in(self.people(both | {"q": "Lil"})) == []
        assert names_in(self.people({"q": "fay", "area": "finance"})) == ["Fay Finance"]
        assert "No one matches." in self.people({"department": str(self.library.pk), "community": "fbp"})

    def test_bad_values_are_ignored_with_a_message_never_an_error(self) -> None:
        for query, message in [
            ({"department": "999999"}, "We could not find that department."),
            ({"department": "abc"}, "We could not find that department."),
            ({"department": "99999999999999999999999"}, "We could not find that department."),
            ({"job_family": "-1"}, "We could not find that job family."),
            ({"area": "nowhere"}, "We could not find that service area."),
            ({"community": "no-such-community"}, "We could not find that community."),
        ]:
            html = self.people(query)
            assert message in html, query
            assert "8 people</strong>" in html, query  # the bad filter is dropped, the list is everyone

    def test_a_bad_filter_is_dropped_while_the_good_ones_still_apply(self) -> None:
        html = self.people({"department": "abc", "area": "estates"})
        assert names_in(html) == ["Lil Library"]

    def test_communities_whose_members_are_hidden_cannot_be_used_as_a_filter(self) -> None:
        # The outsider may not see who is in an on-request community, nor anything of a private one.
        for slug in ("fbp", "budget-circle"):
            html = self.people({"community": slug}, persona="outsider")
            assert "We could not find that community." in html and "8 people</strong>" in html
        assert names_in(self.people({"community": "spreadsheets"}, persona="outsider")) == ["Leah Lead"]
        assert names_in(self.people({"community": "budget-circle"}, persona="core")) == [
            "Cora Core",
            "Leah Lead",
            "Lil Library",
        ]
        html = self.people({}, persona="outsider")
        assert 'value="spreadsheets"' in html and 'value="fbp"' not in html and "Budget Holders" not in html

    def test_the_next_page_keeps_the_filters(self) -> None:
        for n in range(55):
            UserFactory(name=f"Fin {n:02d}", profile={"department": self.finance})
        client = self.client_for("member")
        first = client.get("/people/", {"department": str(self.finance.pk)}).content.decode()
        assert "56 people</strong> match" in first
        link = next_link(first)
        assert link is not None and f"department={self.finance.pk}" in link
        second = client.get("/people/" + link).content.decode()
        assert names_in(second) == [f"Fin {n:02d}" for n in range(49, 55)]
        assert next_link(second) is None

    def test_htmx_gets_only_the_results(self) -> None:
        response = self.client_for("member").get("/people/", {"area": "estates"}, **HTMX)
        html = response.content.decode()
        assert "<h1>" not in html and names_in(html) == ["Lil Library"]


class ProfileWordingTests(PersonasTestCase):
    def test_the_profile_calls_them_skills_as_the_search_does(self) -> None:
        self.member.person.skills.add("budgeting", "Power BI")
        html = self.client_for("lead").get(f"/people/{self.member.pk}/").content.decode()
        assert (
            "<dt>Skills</dt>" in html and "budgeting" in html and "Power BI" in html and ">Tags<" not in html
        )
        assert "Name, job title or skill" in self.client_for("lead").get("/people/").content.decode()


class MembersVisibleToTests(PersonasTestCase):
    def test_the_queryset_agrees_with_the_predicate_for_every_persona_and_community(self) -> None:
        CommunityFactory(status=Status.PROPOSED, visibility=Visibility.OPEN, proposed_by=self.outsider)
        CommunityFactory(status=Status.RETIRED, visibility=Visibility.OPEN)
        CommunityFactory(status=Status.DORMANT, visibility=Visibility.PRIVATE)
        inactive = UserFactory(is_active=False)
        MembershipFactory(community=self.community, person=inactive)
        for persona in (*PERSONAS, "inactive"):
            user = inactive if persona == "inactive" else self.persona(persona)
            listed = set(Community.objects.members_visible_to(user))
            for community in Community.objects.all():
                with self.subTest(persona=persona, community=community.slug):
                    assert (community in listed) == can_see_members_area(user, community)


class DirectoryQueryCountTests(PersonasTestCase):
    """The members page and the people directory cost the same queries for 2 people as for 200."""

    def count(self, persona: str, url: str) -> int:
        client = self.client_for(persona)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(queries)

    def grow(self, n: int) -> None:
        department = DepartmentFactory(name=f"Department {Membership.objects.count()}")
        for _ in range(n):
            person = UserFactory(profile={"job_title": "Accountant", "department": department})
            MembershipFactory(community=self.community, person=person)

    def assert_pinned(self, persona: str, url: str, expected: int) -> None:
        self.grow(2)
        small = self.count(persona, url)
        self.grow(198)
        large = self.count(persona, url)
        assert (small, large) == (expected, expected), f"{url}: {small} queries for 2 people, {large} for 200"

    def test_members_page_for_a_lead(self) -> None:
        self.assert_pinned("lead", MEMBERS, 7)

    def test_members_page_searched_and_filtered(self) -> None:
        self.assert_pinned("member", MEMBERS + "?q=a&role=member", 8)

    def test_people_directory(self) -> None:
        self.assert_pinned("member", "/people/", 10)

    def test_people_directory_with_every_filter(self) -> None:
        self.assert_pinned("member", "/people/?q=a&department=1&job_family=1&area=finance&community=fbp", 10)
