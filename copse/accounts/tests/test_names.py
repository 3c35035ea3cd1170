"""The HR name is authoritative; a known-as name is shown with it; deciders see who someone is."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.accounts.models import validate_known_as
from copse.communities.models import Status
from copse.core.text import LINE_MESSAGE
from copse.discussions import services as discussions
from copse.testing import (
    CommunityFactory,
    DepartmentFactory,
    JoinRequestFactory,
    PersonasTestCase,
    UserFactory,
)


def profile(**changes: str) -> dict[str, str]:
    return {"timezone": "Europe/London", **changes}


class KnownAsTests(PersonasTestCase):
    def test_a_posted_name_is_ignored_and_the_hr_name_stands(self) -> None:
        response = self.client_for("outsider").post("/me/", profile(name="Priya Admin"))

        assert response.status_code == 302
        self.outsider.refresh_from_db()
        assert (self.outsider.name, self.outsider.display_name) == ("Olu Outsider", "Olu Outsider")

    def test_the_profile_form_has_no_name_field_and_says_where_the_name_comes_from(self) -> None:
        html = self.client_for("outsider").get("/me/").content.decode()

        assert 'name="name"' not in html and 'name="known_as"' in html
        assert "Your name (Olu Outsider) and email address" in html

    def test_a_known_as_name_is_shown_with_the_hr_name(self) -> None:
        response = self.client_for("outsider").post("/me/", profile(known_as="Olly"))

        assert response.status_code == 302
        self.outsider.refresh_from_db()
        assert self.outsider.display_name == "Olly (Olu Outsider)"
        assert str(self.outsider) == "Olly (Olu Outsider)"
        html = self.client_for("member").get("/people/?q=olly").content.decode()
        assert "Olly (Olu Outsider)" in html

    def test_the_hr_name_again_shows_only_once(self) -> None:
        self.client_for("outsider").post("/me/", profile(known_as="olu  outsider"))

        self.outsider.refresh_from_db()
        assert self.outsider.display_name == "Olu Outsider"

    def test_someone_elses_name_is_refused_however_it_is_disguised(self) -> None:
        client = self.client_for("outsider")
        for disguise in ("Priya Admin", "PRIYA ADMIN", "Priya\u00a0Admin", "Priya  Admin", "Ｐriya Admin"):
            response = client.post("/me/", profile(known_as=disguise))

            assert response.status_code == 400, disguise
            assert "This is the name of someone else here." in response.content.decode()
        self.outsider.refresh_from_db()
        assert self.outsider.known_as == ""

    def test_someone_elses_known_as_name_is_refused(self) -> None:
        UserFactory(name="Daniel Hughes", known_as="Dan Hughes")

        response = self.client_for("outsider").post("/me/", profile(known_as="dan hughes"))

        assert response.status_code == 400
        assert "This is the name of someone else here." in response.content.decode()

    def test_invisible_and_bidirectional_characters_are_refused(self) -> None:
        client = self.client_for("outsider")
        for trick in ("Priya\u200b Admin", "\u202enimdA ayirP", "Olly\nPriya Admin"):
            response = client.post("/me/", profile(known_as=trick))

            assert response.status_code == 400, repr(trick)
            assert LINE_MESSAGE in response.content.decode()

    def test_brackets_are_refused_so_the_hr_name_cannot_be_imitated(self) -> None:
        response = self.client_for("outsider").post("/me/", profile(known_as="Priya (Programme team)"))

        assert response.status_code == 400
        assert "Leave out brackets" in response.content.decode()

    def test_full_width_brackets_and_look_alike_letters_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="Leave out brackets"):
            validate_known_as(self.outsider, "Priya Admin\uff08HR\uff09")
        with pytest.raises(ValidationError, match="one alphabet"):
            validate_known_as(self.outsider, "Pr\u0456ya Admin")  # a Cyrillic і
        for ignorable in ("\ufe0f", "\U000e0020", "\u180b"):
            with pytest.raises(ValidationError, match="someone else"):
                validate_known_as(self.outsider, f"Priya Admin{ignorable}")

    def test_the_rule_holds_outside_the_form_too(self) -> None:
        with pytest.raises(ValidationError, match="someone else"):
            validate_known_as(self.outsider, "priya admin")
        self.outsider.known_as = "Leah Lead"
        with pytest.raises(ValidationError, match="someone else"):
            self.outsider.full_clean()

    def test_job_title_and_skills_are_single_lines(self) -> None:
        response = self.client_for("outsider").post(
            "/me/", profile(job_title="Clerk\r\nHead of Programme", skills="budgeting, co\u202eaching")
        )

        assert response.status_code == 400
        errors = response.context["form"].errors
        assert sorted(errors) == ["job_title", "skills"]
        assert all(LINE_MESSAGE in errors[field][0] for field in errors)


class DecidersSeeWhoSomeoneIsTests(PersonasTestCase):
    """Requests, members, moderation, removal and proposals show the name with the job title and department."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        finance = DepartmentFactory(name="Financial Planning")
        cls.applicant = UserFactory(
            name="Daniel Hughes",
            known_as="Dan",
            profile={"job_title": "Management Accountant", "department": finance},
        )

    def assert_shows_applicant(self, html: str) -> None:
        assert "Dan (Daniel Hughes)" in html
        assert '<small class="person-role">Management Accountant, Financial Planning</small>' in html

    def test_the_request_queue(self) -> None:
        JoinRequestFactory(community=self.community, person=self.applicant)

        self.assert_shows_applicant(
            self.client_for("lead").get("/communities/fbp/requests/").content.decode()
        )

    def test_the_remove_member_confirmation(self) -> None:
        membership = self.community.memberships.create(person=self.applicant)

        html = (
            self.client_for("lead").get(f"/communities/fbp/members/{membership.pk}/remove/").content.decode()
        )

        self.assert_shows_applicant(html)

    def test_the_members_page(self) -> None:
        self.community.memberships.create(person=self.applicant)

        html = self.client_for("lead").get("/communities/fbp/members/").content.decode()

        assert (
            "Dan (Daniel Hughes)" in html and "Management Accountant" in html and "Financial Planning" in html
        )

    def test_the_proposals_page_and_its_query_count(self) -> None:
        def propose(n: int) -> None:
            for _ in range(n):
                CommunityFactory(status=Status.PROPOSED, proposed_by=self.applicant)

        def count() -> int:
            client.get("/communities/proposals/")
            with CaptureQueriesContext(connection) as queries:
                html = client.get("/communities/proposals/").content.decode()
            self.assert_shows_applicant(html)
            return len(queries)

        client = self.client_for("programme_admin")
        propose(2)
        small = count()
        propose(48)
        assert count() == small

    def test_the_moderation_queue_and_its_query_count(self) -> None:
        self.community.memberships.create(person=self.applicant)

        thread = discussions.start_thread(
            self.community, author=self.lead, kind="discussion", title="Month end", body="How do you cope?"
        )

        def report(n: int) -> None:
            for _ in range(n):
                post = discussions.reply(thread, author=self.applicant, body="Badly")
                discussions.flag_post(post, person=self.member, reason="Off topic")

        client = self.client_for("lead")

        def count() -> int:
            client.get("/communities/fbp/moderation/")
            with CaptureQueriesContext(connection) as queries:
                html = client.get("/communities/fbp/moderation/").content.decode()
            self.assert_shows_applicant(html)
            return len(queries)

        report(2)
        small = count()
        report(48)
        assert count() == small
