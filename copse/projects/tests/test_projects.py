from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Community
from copse.core.refusals import Refused
from copse.notifications.models import Notification
from copse.projects import services
from copse.projects.models import Project, ProjectUpdate, Status
from copse.projects.permissions import can_view_project
from copse.testing import PERSONAS, PersonasTestCase, UserFactory


def edit_fields(project: Project, **changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": project.title,
        "problem": project.problem,
        "goals": project.goals,
        "status": project.status,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "outcomes": project.outcomes,
        "team": list(project.team.all()),
    }
    return fields | changes


class ServiceTests(PersonasTestCase):
    def setUp(self) -> None:
        self.project = services.propose_project(
            self.community, by=self.member, title="Month-end close in five days", problem="It takes nine."
        )

    def test_a_proposal_is_an_idea_its_proposer_owns_and_is_on_the_team_of(self) -> None:
        self.assertEqual(self.project.status, Status.IDEA)
        self.assertEqual(self.project.owner, self.member)
        self.assertEqual(list(self.project.team.all()), [self.member])

    def test_only_members_propose(self) -> None:
        with self.assertRaises(Refused):
            services.propose_project(self.community, by=self.outsider, title="Mine")

    def test_a_lead_makes_it_active_adds_the_team_and_records_outcomes(self) -> None:
        services.edit_project(
            self.project,
            by=self.lead,
            **edit_fields(self.project, status=Status.ACTIVE, team=[self.core], outcomes="**Five days**"),
        )
        self.project.refresh_from_db()
        self.assertEqual(self.project.status, Status.ACTIVE)
        self.assertEqual(set(self.project.team.all()), {self.core, self.member})
        self.assertIn("<strong>Five days</strong>", self.project.outcomes_html)

    def test_bad_input_is_refused_and_nothing_is_written(self) -> None:
        cases = [
            ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 1)}, "ends_on"),
            ({"team": [self.outsider]}, "team"),
            ({"title": "   "}, "title"),
            ({"status": "finished"}, "status"),
        ]
        for changes, field in cases:
            with self.subTest(field=field), self.assertRaises(Refused) as refused:
                services.edit_project(self.project, by=self.lead, **edit_fields(self.project, **changes))
            self.assertEqual(refused.exception.field, field)
            fresh = Project.objects.get(pk=self.project.pk)
            self.assertEqual(
                (fresh.title, fresh.status, fresh.ends_on), ("Month-end close in five days", "idea", None)
            )
            self.assertEqual(list(fresh.team.all()), [self.member])

    def test_an_update_tells_followers_and_the_team_but_not_its_author(self) -> None:
        services.edit_project(self.project, by=self.lead, **edit_fields(self.project, team=[self.core]))
        services.follow(self.project, person=self.lead)
        with self.captureOnCommitCallbacks(execute=True):
            update = services.post_update(self.project, author=self.core, body="We *closed* in seven days.")
        self.assertIn("<em>closed</em>", update.body_html)
        told = set(Notification.objects.filter(kind="project_updates").values_list("recipient_id", flat=True))
        self.assertEqual(told, {self.lead.pk, self.member.pk})

    def test_a_follower_who_left_the_community_hears_no_more(self) -> None:
        from copse.communities.models import Membership

        services.follow(self.project, person=self.core)
        Membership.objects.filter(community=self.community, person=self.core).delete()
        with self.captureOnCommitCallbacks(execute=True):
            services.post_update(self.project, author=self.member, body="Still going.")
        self.assertFalse(Notification.objects.filter(kind="project_updates").exists())

    def test_an_empty_update_is_refused(self) -> None:
        with self.assertRaises(Refused):
            services.post_update(self.project, author=self.member, body="  ")
        self.assertFalse(ProjectUpdate.objects.exists())


class VisibilityTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for community in (cls.community, cls.open_community, cls.private_community):
            services.propose_project(community, by=cls.lead, title=f"Project of {community.name}")

    def test_can_view_project_and_visible_to_agree_for_every_persona(self) -> None:
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(Project.objects.visible_to(user).values_list("pk", flat=True))
            for project in Project.objects.select_related("community"):
                project.community = Community.objects.get(pk=project.community_id)
                with self.subTest(persona=name, project=project.title):
                    self.assertEqual(can_view_project(user, project), project.pk in visible)
        self.assertEqual(Project.objects.visible_to(self.outsider).count(), 1)  # the open community's

    def test_private_projects_are_404_for_outsiders(self) -> None:
        project = Project.objects.get(community=self.private_community)
        self.assertEqual(self.client_for("outsider").get(project.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client_for("core").get(project.get_absolute_url()).status_code, 200)


class PageTests(PersonasTestCase):
    def setUp(self) -> None:
        self.project = services.propose_project(
            self.community, by=self.member, title="Student enquiries triage"
        )

    def test_a_member_proposes_through_the_form(self) -> None:
        response = self.client_for("core").post(
            f"/projects/new/?community={self.community.slug}", {"title": "Accessible documents"}
        )
        project = Project.objects.get(title="Accessible documents")
        self.assertRedirects(response, project.get_absolute_url(), fetch_redirect_response=False)

    def test_bad_input_on_the_form_is_shown_beside_the_field_and_nothing_is_written(self) -> None:
        client = self.client_for("lead")
        url = f"/projects/{self.project.pk}/edit/"
        base = {"title": "Student enquiries triage", "status": "active", "team": [self.member.pk]}
        for changes, message in (
            (
                {"starts_on": "2026-05-01", "ends_on": "2026-04-01"},
                "The end date cannot be before the start date.",
            ),
            ({"team": [self.outsider.pk]}, "Select a valid choice."),
            ({"title": ""}, "This field is required."),
            ({"status": "finished"}, "Select a valid choice."),
        ):
            with self.subTest(changes=changes):
                response = client.post(url, base | changes)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
                self.assertEqual(Project.objects.get(pk=self.project.pk).status, "idea")

    def test_the_edit_form_keeps_the_dates(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(starts_on=date(2026, 3, 2))
        response = self.client_for("lead").get(f"/projects/{self.project.pk}/edit/")
        self.assertContains(response, 'value="2026-03-02"')

    def test_someone_outside_the_team_posting_an_update_gets_403(self) -> None:
        response = self.client_for("core").post(f"/projects/{self.project.pk}/updates/", {"body": "Hello"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ProjectUpdate.objects.exists())
        response = self.client_for("member").post(
            f"/projects/{self.project.pk}/updates/", {"body": "Started"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ProjectUpdate.objects.exists())

    def test_an_empty_update_is_shown_beside_its_field(self) -> None:
        response = self.client_for("member").post(f"/projects/{self.project.pk}/updates/", {"body": " "})
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertFalse(ProjectUpdate.objects.exists())

    def test_follow_and_unfollow(self) -> None:
        client = self.client_for("core")
        client.post(f"/projects/{self.project.pk}/follow/")
        self.assertContains(client.get(self.project.get_absolute_url()), "Unfollow")
        client.post(f"/projects/{self.project.pk}/follow/", {"follow": "no"})
        self.assertNotContains(client.get(self.project.get_absolute_url()), "Unfollow")

    def test_the_project_page_links_to_telling_a_story(self) -> None:
        response = self.client_for("member").get(self.project.get_absolute_url())
        self.assertContains(response, f"/value/stories/new/?project={self.project.pk}")
        form = self.client_for("member").get(f"/value/stories/new/?project={self.project.pk}")
        self.assertContains(form, "This story is about the project")
        self.assertEqual(
            self.client_for("outsider").get(f"/value/stories/new/?project={self.project.pk}").status_code, 404
        )


def _grow(test: PersonasTestCase, count: int) -> Project:
    people = [UserFactory() for _ in range(2)]
    from copse.testing import MembershipFactory

    for person in people:
        MembershipFactory(community=test.community, person=person)
    project = Project.objects.first()
    assert project is not None
    for index in range(count - Project.objects.count()):
        extra = services.propose_project(test.community, by=people[index % 2], title=f"Project {index}")
        services.post_update(extra, author=people[index % 2], body="Going well.")
    for person in people:
        services.follow(project, person=person)
        services.post_update(project, author=test.member, body="More.")
    project.team.add(*people)
    return project


class QueryCountTests(PersonasTestCase):
    def counts(self, rows: int) -> tuple[int, int, int]:
        services.propose_project(self.community, by=self.member, title="First")
        project = _grow(self, rows)
        client = self.client_for("member")
        numbers = []
        for url in (
            "/projects/",
            f"/communities/{self.community.slug}/projects/",
            project.get_absolute_url(),
        ):
            client.get(url)  # warm the session and caches
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(client.get(url).status_code, 200)
            numbers.append(len(queries))
        return numbers[0], numbers[1], numbers[2]

    def test_the_lists_and_the_page_take_the_same_queries_for_2_and_30_rows(self) -> None:
        small = self.counts(2)
        Project.objects.all().delete()
        large = self.counts(30)
        self.assertEqual(small, large)

    def test_pinned_counts(self) -> None:
        services.propose_project(self.community, by=self.member, title="First")
        project = _grow(self, 2)
        client = self.client_for("member")
        client.get("/projects/")
        with self.assertNumQueries(PINNED["list"]):
            client.get("/projects/")
        with self.assertNumQueries(PINNED["tab"]):
            client.get(f"/communities/{self.community.slug}/projects/")
        with self.assertNumQueries(PINNED["detail"]):
            client.get(project.get_absolute_url())


# The project page: its updates' attachments, its related resources and its indicators too.
PINNED = {"list": 8, "tab": 7, "detail": 13}


class PaginationTests(PersonasTestCase):
    def test_keyset_pages_without_offset(self) -> None:
        for index in range(27):
            services.propose_project(self.community, by=self.member, title=f"Project {index:02}")
        client = self.client_for("member")
        with CaptureQueriesContext(connection) as queries:
            first = client.get("/projects/")
        self.assertFalse(any("OFFSET" in q["sql"].upper() for q in queries.captured_queries))
        cursor = first.context["page"].next_cursor
        self.assertIsNotNone(cursor)
        self.assertEqual(len(first.context["page"].rows), 25)
        with CaptureQueriesContext(connection) as queries:
            second = client.get("/projects/", {"after": cursor})
        self.assertFalse(any("OFFSET" in q["sql"].upper() for q in queries.captured_queries))
        self.assertEqual(len(second.context["page"].rows), 2)
        self.assertIsNone(second.context["page"].next_cursor)
        seen = {p.pk for p in first.context["page"].rows} | {p.pk for p in second.context["page"].rows}
        self.assertEqual(len(seen), 27)
        again = client.get("/projects/", {"after": "nonsense|x"})
        self.assertEqual(
            [p.pk for p in again.context["page"].rows], [p.pk for p in first.context["page"].rows]
        )

    def test_filters(self) -> None:
        services.propose_project(self.community, by=self.member, title="An idea")
        client = self.client_for("member")
        self.assertContains(client.get("/projects/?status=idea&area=finance&community=fbp"), "An idea")
        self.assertNotContains(client.get("/projects/?status=active"), "An idea")
        self.assertEqual(client.get("/projects/?status=nonsense").status_code, 200)


class StoryLinkTests(PersonasTestCase):
    def test_stories_about_a_project_are_linked_both_ways_as_far_as_the_reader_may_read_them(self) -> None:
        from copse.valuecreation.models import ValueCycle
        from copse.valuecreation.services.stories import StepText, tell_story

        project = services.propose_project(self.community, by=self.member, title="Month-end close")
        story = tell_story(
            self.community,
            teller=self.member,
            title="Five days now",
            steps=[StepText(cycle=ValueCycle.objects.get(key="applied"), text="We reconcile weekly.")],
            project=project,
        )
        self.assertEqual(story.project, project)
        self.assertContains(self.client_for("member").get(project.get_absolute_url()), "Five days now")
        # Told for the leads: the core member reads the project but not the story.
        self.assertNotContains(self.client_for("core").get(project.get_absolute_url()), "Five days now")
        self.assertContains(
            self.client_for("member").get(f"/value/stories/{story.pk}/"), project.get_absolute_url()
        )

    def test_a_story_cannot_be_about_another_communitys_project(self) -> None:
        from copse.valuecreation.models import ValueCycle
        from copse.valuecreation.services.stories import StepText, tell_story

        project = services.propose_project(self.open_community, by=self.lead, title="Elsewhere")
        with self.assertRaises(Refused):
            tell_story(
                self.community,
                teller=self.member,
                title="Not here",
                steps=[StepText(cycle=ValueCycle.objects.get(key="applied"), text="Hm.")],
                project=project,
            )


class DemoTests(PersonasTestCase):
    def test_the_demo_step_writes_projects_updates_and_a_story_about_a_completed_one(self) -> None:
        from copse.projects.demo import extend_demo
        from copse.valuecreation.models import ValueStory

        summary = extend_demo(seed=1)
        self.assertIn("projects: 1 projects", summary)
        project = Project.objects.get()
        self.assertEqual(project.status, Status.COMPLETED)
        self.assertTrue(project.outcomes_html)
        self.assertGreaterEqual(project.updates.count(), 2)
        self.assertEqual(ValueStory.objects.get().project, project)
        self.assertFalse(Notification.objects.filter(kind="project_updates").exists())
