"""Profiles and the people directory."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.accounts.models import Person
from copse.communities.models import LogEntry
from copse.testing import DepartmentFactory, PersonasTestCase, UserFactory


class ProfileTests(PersonasTestCase):
    def test_person_edits_their_own_profile(self) -> None:
        department = DepartmentFactory(name="Finance Office")
        response = self.client_for("member").post(
            "/me/",
            {
                "known_as": "Mo",
                "job_title": "Management Accountant",
                "department": department.pk,
                "skills": "budgeting, Power BI",
                "bio": "I look after faculty budgets.",
                "timezone": "Europe/London",
            },
        )
        assert response.status_code == 302
        person = Person.objects.get(user=self.member)
        assert person.job_title == "Management Accountant"
        assert person.department == department
        assert sorted(person.skills.names()) == ["Power BI", "budgeting"]
        self.member.refresh_from_db()
        assert (self.member.known_as, self.member.display_name) == ("Mo", "Mo (Mo Member)")

    def test_bad_input_is_shown_beside_the_fields_and_nothing_is_saved(self) -> None:
        response = self.client_for("member").post(
            "/me/", {"known_as": "", "job_title": "x" * 151, "timezone": "Mars/Olympus_Mons", "bio": ""}
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in html
        assert "Select a valid choice." in html
        assert "Ensure this value has at most 150 characters" in html
        assert Person.objects.get(user=self.member).job_title == ""
        self.member.refresh_from_db()
        assert self.member.name == "Mo Member"


class PeopleDirectoryTests(PersonasTestCase):
    def test_people_are_listed_fifty_at_a_time_with_a_cursor(self) -> None:
        for n in range(60):
            UserFactory(name=f"Zed Person {n:02d}")
        client = self.client_for("member")
        first = client.get("/people/").content.decode()
        assert "Next 50 people" in first
        assert "Zed Person 43" in first and "Zed Person 44" not in first
        cursor = first.split("after=")[1].split('"')[0].replace("&amp;", "&")
        with CaptureQueriesContext(connection) as queries:
            second = client.get(f"/people/?after={cursor}").content.decode()
        assert "Zed Person 44" in second and "Zed Person 59" in second and "Zed Person 43" not in second
        assert "OFFSET" not in " ".join(q["sql"] for q in queries).upper()

    def test_search_by_job_title(self) -> None:
        UserFactory(name="Tess Timetabler", profile={"job_title": "Timetabling Officer"})
        html = self.client_for("member").get("/people/?q=timetabling").content.decode()
        main = html[html.index("<main") :]  # the header's account menu names the viewer
        assert "Tess Timetabler" in main and "Mo Member" not in main

    def test_deactivated_staff_are_not_listed_and_their_page_is_404(self) -> None:
        leaver = UserFactory(name="Lee Leaver", is_active=False)
        assert "Lee Leaver" not in self.client_for("member").get("/people/?q=Lee").content.decode()
        assert self.client_for("member").get(f"/people/{leaver.pk}/").status_code == 404

    def test_a_profile_never_reveals_a_private_community_to_outsiders(self) -> None:
        page = self.client_for("outsider").get(f"/people/{self.core.pk}/").content.decode()
        assert "Finance Business Partners" in page
        assert "Budget Holders Circle" not in page
        page = self.client_for("lead").get(f"/people/{self.core.pk}/").content.decode()
        assert "Budget Holders Circle" in page


class ProfileSkillTests(PersonasTestCase):
    def test_a_skill_over_100_characters_is_refused_beside_the_field(self) -> None:
        response = self.client_for("member").post("/me/", {"skills": "x" * 101, "timezone": "Europe/London"})
        assert response.status_code == 400
        assert "Each skill must be 100 characters or fewer." in response.content.decode()
        assert not Person.objects.get(user=self.member).skills.exists()


class TimezoneTests(PersonasTestCase):
    def test_times_are_shown_in_the_zone_the_person_chose(self) -> None:
        LogEntry.objects.create(
            community=self.community,
            actor=self.lead,
            action=LogEntry.Action.EDITED,
            created_at=datetime(2026, 7, 1, 12, 0, tzinfo=UTC),
        )
        client = self.client_for("lead")
        page = client.get("/communities/fbp/requests/").content.decode()
        assert "Times are London time." in page and "1:00pm" in page  # BST
        client.post("/me/", {"timezone": "America/New_York"})
        page = client.get("/communities/fbp/requests/").content.decode()
        assert "Times are New York time." in page and "8:00am" in page
