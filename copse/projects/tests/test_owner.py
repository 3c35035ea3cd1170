"""Handing a project to another owner: the current owner, the community's leads and the programme team choose
among the community's members on the edit page; the rest of the team is not offered the choice."""

from __future__ import annotations

from django.test import Client

from copse.communities.models import Community
from copse.core.refusals import Refused
from copse.projects import services
from copse.projects.models import Project
from copse.projects.permissions import can_change_owner
from copse.testing import PERSONAS, PersonasTestCase

from .test_projects import edit_fields


class OwnerServiceTests(PersonasTestCase):
    def setUp(self) -> None:
        self.project = services.propose_project(self.community, by=self.member, title="Faster month-end")

    def test_a_new_owner_joins_the_team_and_the_old_one_stays_on_it(self) -> None:
        services.edit_project(self.project, by=self.lead, **edit_fields(self.project, owner=self.core))
        self.project.refresh_from_db()
        assert self.project.owner == self.core
        assert set(self.project.team.all()) == {self.member, self.core}

    def test_the_old_owner_leaves_the_team_when_taken_off_it(self) -> None:
        services.edit_project(
            self.project, by=self.member, **edit_fields(self.project, owner=self.core, team=[])
        )
        self.project.refresh_from_db()
        assert self.project.owner == self.core
        assert list(self.project.team.all()) == [self.core]

    def test_an_owner_from_outside_the_community_is_refused_and_nothing_changes(self) -> None:
        with self.assertRaises(Refused) as refused:
            services.edit_project(
                self.project, by=self.lead, **edit_fields(self.project, owner=self.outsider, title="Changed")
            )
        assert refused.exception.field == "team"
        fresh = Project.objects.get(pk=self.project.pk)
        assert (fresh.owner, fresh.title) == (self.member, "Faster month-end")
        assert list(fresh.team.all()) == [self.member]

    def test_who_may_change_the_owner(self) -> None:
        services.edit_project(self.project, by=self.lead, **edit_fields(self.project, team=[self.core]))
        expected = {
            "programme_admin": True,
            "operator": True,
            "lead": True,
            "member": True,  # the owner
            "core": False,  # on the team, not the owner
            "outsider": False,
        }
        for name in PERSONAS:
            user = self.persona(name)
            viewed = Project.objects.get(pk=self.project.pk)
            viewed.community = Community.objects.with_viewer_state(user).get(pk=viewed.community_id)
            with self.subTest(persona=name):
                assert can_change_owner(user, viewed) is expected[name]


class OwnerPageTests(PersonasTestCase):
    def setUp(self) -> None:
        self.project = services.propose_project(self.community, by=self.member, title="Faster month-end")
        services.edit_project(self.project, by=self.lead, **edit_fields(self.project, team=[self.core]))
        self.url = f"/projects/{self.project.pk}/edit/"

    def post(self, client: Client, **changes: object) -> int:
        data: dict[str, object] = {
            "title": "Faster month-end",
            "status": "active",
            "team": [self.member.pk, self.core.pk],
        }
        return client.post(self.url, data | changes).status_code

    def test_the_owner_a_lead_and_the_programme_team_are_offered_the_owner(self) -> None:
        for persona in ("member", "lead", "programme_admin"):
            with self.subTest(persona=persona):
                response = self.client_for(persona).get(self.url)
                html = response.content.decode()
                assert '<label for="id_owner">Owner</label>' in html
                assert f'<option value="{self.member.pk}" selected>Mo Member</option>' in html
                assert f'<option value="{self.outsider.pk}"' not in html  # only the community's members

    def test_the_owner_hands_the_project_to_a_colleague_who_joins_the_team(self) -> None:
        assert self.post(self.client_for("member"), owner=self.lead.pk) == 302
        self.project.refresh_from_db()
        assert self.project.owner == self.lead
        assert set(self.project.team.all()) == {self.member, self.core, self.lead}
        assert "Leah Lead" in self.client_for("member").get(self.project.get_absolute_url()).content.decode()

    def test_a_team_member_who_is_not_the_owner_is_not_offered_the_choice(self) -> None:
        client = self.client_for("core")
        html = client.get(self.url).content.decode()
        assert 'name="owner"' not in html
        assert self.post(client, owner=self.core.pk, title="Renamed by the team") == 302
        self.project.refresh_from_db()
        assert self.project.owner == self.member  # the team's other edits are saved, the owner stays
        assert self.project.title == "Renamed by the team"

    def test_an_owner_who_is_not_a_member_or_none_is_refused_beside_the_field(self) -> None:
        client = self.client_for("lead")
        for owner, message in ((self.outsider.pk, "Select a valid choice."), ("", "This field is required.")):
            with self.subTest(owner=owner):
                response = client.post(
                    self.url, {"title": "Faster month-end", "status": "active", "owner": owner}
                )
                assert response.status_code == 400
                assert 'id="id_owner-error"' in response.content.decode()
                self.assertContains(response, message, status_code=400)
        assert Project.objects.get(pk=self.project.pk).owner == self.member
