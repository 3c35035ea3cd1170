"""Mentions in discussions: who a name names among the people who may be mentioned, who is told (once), and the
`@` suggestions endpoint (who may ask, what it answers to bad input, what it costs)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Membership, Role
from copse.discussions import services
from copse.discussions.mentions import (
    MAX_SUGGESTIONS,
    SUGGESTIONS_PER_MINUTE,
    render_post,
    resolver_for,
    suggestions,
)
from copse.discussions.models import Thread
from copse.notifications.models import Notification
from copse.testing import PERSONAS, MembershipFactory, PersonasTestCase, UserFactory


def told(kind: str = "mentions") -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


class ResolvingTests(PersonasTestCase):
    """Who `@...` names in the on-request community (lead, core and member belong; the outsider does not)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.priya = UserFactory(email="priya.sharma@example.org", name="Priya Sharma")
        cls.dan = UserFactory(email="d.hughes@example.org", name="Daniel Hughes", known_as="Dan Hughes")
        cls.john = UserFactory(email="john.smith@example.org", name="John Smith")
        cls.other_john = UserFactory(email="john.smith2@example.org", name="John Smith")
        cls.leaver = UserFactory(email="leaver@example.org", name="Lee Leaver", is_active=False)
        for person in (cls.priya, cls.dan, cls.john, cls.other_john, cls.leaver):
            MembershipFactory(community=cls.community, person=person)

    def mentioned(self, text: str) -> set[int]:
        return set(render_post(text, self.community).mentioned)

    def test_a_full_name_names_the_member(self) -> None:
        assert self.mentioned("Thanks @Priya Sharma!") == {self.priya.pk}

    def test_a_known_as_name_and_the_hr_name_both_name_the_member(self) -> None:
        assert self.mentioned("@Dan Hughes") == {self.dan.pk}
        assert self.mentioned("@Daniel Hughes") == {self.dan.pk}

    def test_the_link_reads_as_copse_shows_the_person_and_goes_to_their_profile(self) -> None:
        html = render_post("@dan hughes", self.community).html
        assert f'href="/people/{self.dan.pk}/"' in html
        assert ">@Dan Hughes (Daniel Hughes)</a>" in html

    def test_the_part_of_the_email_before_the_at_still_works(self) -> None:
        assert self.mentioned("@priya.sharma and @core") == {self.priya.pk, self.core.pk}

    def test_two_people_of_the_same_name_are_named_by_neither_but_each_by_the_id_form(self) -> None:
        assert self.mentioned("@John Smith") == set()
        assert self.mentioned(f"@[John Smith](#user-{self.other_john.pk})") == {self.other_john.pk}

    def test_someone_who_cannot_read_the_discussions_cannot_be_mentioned_in_any_form(self) -> None:
        outsider = self.outsider
        for text in ("@Olu Outsider", "@outsider", f"@[Olu Outsider](#user-{outsider.pk})"):
            with self.subTest(text=text):
                assert self.mentioned(text) == set()
                assert "/people/" not in render_post(text, self.community).html

    def test_a_deactivated_member_cannot_be_mentioned(self) -> None:
        assert self.mentioned("@Lee Leaver") == set()

    def test_in_an_open_community_anyone_who_may_read_it_may_be_mentioned(self) -> None:
        assert render_post("@Olu Outsider", self.open_community).mentioned == {self.outsider.pk}

    def test_in_a_private_community_only_its_members_and_the_programme_team(self) -> None:
        text = "@Leah Lead @Mo Member @Priya Admin"
        assert render_post(text, self.private_community).mentioned == {self.lead.pk, self.programme_admin.pk}

    def test_a_name_is_compared_as_names_are_everywhere_ignoring_case_and_invisible_characters(self) -> None:
        assert self.mentioned("@PRIYA SHARMA") == {self.priya.pk}
        assert self.mentioned("@Priya Shar\u200bma") == set()  # a zero-width space splits no name in two

    def test_resolving_every_mention_of_a_post_is_one_query(self) -> None:
        resolve = resolver_for(self.community)
        refs = {
            ("name", "priya sharma"),
            ("name", "dan hughes"),
            ("handle", "core"),
            ("id", str(self.john.pk)),
        }
        with self.assertNumQueries(1):
            found = resolve(refs)
        assert {ref: target.person_id for ref, target in found.items() if target} == {
            ("name", "priya sharma"): self.priya.pk,
            ("name", "dan hughes"): self.dan.pk,
            ("handle", "core"): self.core.pk,
            ("id", str(self.john.pk)): self.john.pk,
        }


class TellingTests(PersonasTestCase):
    def start(self, body: str) -> Thread:
        with self.captureOnCommitCallbacks(execute=True):
            return services.start_thread(
                self.community, author=self.member, kind="idea", title="T", body=body
            )

    def test_someone_mentioned_twice_in_several_ways_is_told_once(self) -> None:
        self.start(f"@Cora Core, and again @core, and @[Cora](#user-{self.core.pk})")
        assert told() == ["core@example.org"]
        assert "core@example.org" not in told("new_threads")

    def test_the_writer_is_not_told_of_their_own_mention(self) -> None:
        self.start("As @Mo Member said")
        assert told() == []

    def test_a_reply_tells_the_people_it_mentions_by_name(self) -> None:
        thread = self.start("Anyone?")
        with self.captureOnCommitCallbacks(execute=True):
            services.reply(thread, author=self.core, body="@Leah Lead knows")
        assert told() == ["lead@example.org"]

    def test_an_edit_tells_only_the_people_it_newly_mentions(self) -> None:
        thread = self.start("Hello @Cora Core")
        opening = thread.posts.get()
        opening.thread.community = self.community
        with self.captureOnCommitCallbacks(execute=True):
            services.edit_post(opening, body="Hello @Cora Core and @Leah Lead")
        with self.captureOnCommitCallbacks(execute=True):
            services.edit_post(opening, body="Hello @Cora Core and @Leah Lead, again")
        assert told() == ["core@example.org", "lead@example.org"]

    def test_someone_who_left_before_the_news_went_out_is_not_told(self) -> None:
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            services.start_thread(
                self.community, author=self.member, kind="idea", title="T", body="@Cora Core"
            )
        Membership.objects.filter(community=self.community, person=self.core).delete()
        for callback in callbacks:
            callback()
        assert told() == []


class SuggestionTests(PersonasTestCase):
    url = "/communities/fbp/discussions/mentions/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.priya = UserFactory(
            email="priya.sharma@example.org", name="Priya Sharma", profile={"job_title": "Finance Partner"}
        )
        cls.pri = UserFactory(email="p.r@example.org", name="Daniel Pri", known_as="Pri Daniels")
        cls.namesake = UserFactory(email="leah.lead2@example.org", name="Leah Lead")
        for person in (cls.priya, cls.pri, cls.namesake):
            MembershipFactory(community=cls.community, person=person)

    def setUp(self) -> None:
        cache.clear()

    def ask(self, query: str, persona: str = "member", url: str | None = None) -> tuple[int, str]:
        response = self.client_for(persona).get(url or self.url, {"q": query})
        return response.status_code, response.content.decode()

    def test_people_whose_name_known_as_name_or_email_starts_with_the_words_by_name(self) -> None:
        found = suggestions(self.community, "PRI", viewer=self.member)
        assert [s.person for s in found] == [self.pri, self.programme_admin, self.priya]
        assert [s.mention for s in found] == ["@Pri Daniels", "@Priya Admin", "@Priya Sharma"]

    def test_a_later_name_finds_the_person_too(self) -> None:
        found = suggestions(self.community, "sharma", viewer=self.member)
        assert [s.mention for s in found] == ["@Priya Sharma"]
        assert [s.person for s in suggestions(self.community, "daniels", viewer=self.member)] == [self.pri]
        assert (
            suggestions(self.community, "harma", viewer=self.member) == []
        )  # the middle of a name is not a match

    def test_namesakes_are_suggested_with_the_id_form_so_the_mention_names_one_of_them(self) -> None:
        found = suggestions(self.community, "leah", viewer=self.member)
        assert sorted(s.mention for s in found) == [
            f"@[Leah Lead](#user-{self.lead.pk})",
            f"@[Leah Lead](#user-{self.namesake.pk})",
        ]
        for suggestion in found:
            assert render_post(suggestion.mention, self.community).mentioned == {suggestion.person.pk}

    def test_the_writer_and_people_who_may_not_be_mentioned_are_not_suggested(self) -> None:
        assert suggestions(self.community, "mo", viewer=self.member) == []
        assert suggestions(self.community, "olu", viewer=self.member) == []
        assert suggestions(self.community, "outsider", viewer=self.member) == []

    def test_the_endpoint_answers_options_with_face_name_and_job_title(self) -> None:
        status, html = self.ask("priya s")
        assert status == 200
        assert 'role="option"' in html
        assert 'data-mention="@Priya Sharma"' in html
        assert "Finance Partner" in html
        assert 'class="avatar avatar-xs' in html

    def test_at_most_eight_people_are_suggested(self) -> None:
        for number in range(MAX_SUGGESTIONS + 4):
            MembershipFactory(community=self.community, person=UserFactory(name=f"Sam Many {number}"))
        status, html = self.ask("sam")
        assert status == 200
        assert html.count('role="option"') == MAX_SUGGESTIONS

    def test_who_may_ask_for_suggestions_in_each_community(self) -> None:
        private = "/communities/budget-circle/discussions/mentions/"
        open_ = "/communities/spreadsheets/discussions/mentions/"
        expected = {
            # persona: (on request, private, open)
            "programme_admin": (200, 200, 200),
            "lead": (200, 200, 200),
            "core": (200, 200, 403),
            "member": (200, 404, 403),
            "outsider": (403, 404, 403),
            "operator": (200, 200, 200),
        }
        for persona in PERSONAS:
            for url, status in zip((self.url, private, open_), expected[persona], strict=True):
                with self.subTest(persona=persona, url=url):
                    assert self.ask("le", persona, url)[0] == status
        response = self.client_for(None).get(self.url, {"q": "le"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_an_outsider_learns_nothing_about_a_private_community(self) -> None:
        status, html = self.ask("leah", "outsider", "/communities/budget-circle/discussions/mentions/")
        assert status == 404
        assert "Leah Lead" not in html

    def test_bad_input_is_an_empty_list_or_a_400_never_an_error(self) -> None:
        cases = {
            "": 200,
            "   ": 200,
            "@": 200,
            "%": 200,
            "_": 200,
            "pri\x00": 400,
            "pri\x1b[31m": 400,
            "pri\u202e": 400,
            "p" * 101: 400,
            "p" * 100: 200,
        }
        for query, expected in cases.items():
            with self.subTest(query=query[:20]):
                status, html = self.ask(query)
                assert status == expected
                assert 'role="option"' not in html

    def test_too_many_requests_are_refused_for_a_while(self) -> None:
        client = self.client_for("member")
        for _ in range(SUGGESTIONS_PER_MINUTE):
            assert client.get(self.url, {"q": "pri"}).status_code == 200
        response = client.get(self.url, {"q": "pri"}, headers={"Accept": "application/json"})
        assert response.status_code == 429
        assert response.json()["error"]["kind"] == "rate_limited"
        assert client.get(self.url, {"q": "pri"}).status_code == 429
        assert self.client_for("core").get(self.url, {"q": "pri"}).status_code == 200

    def test_the_endpoint_costs_the_same_queries_for_2_and_200_members(self) -> None:
        def queries() -> int:
            cache.clear()
            client = self.client_for("member")
            with CaptureQueriesContext(connection) as captured:
                assert client.get(self.url, {"q": "s"}).status_code == 200
            return len(captured)

        few = queries()
        for number in range(200):
            MembershipFactory(
                community=self.community,
                person=UserFactory(name=f"Sam Person {number}", profile={"job_title": "Analyst"}),
                role=Role.MEMBER,
            )
        many = queries()
        assert few == many
        # The session, the person and their time zone, the community with the viewer's role; the rate limit in the
        # database cache (6: read, count, then a write in a savepoint); the suggestions, in one query; the session
        # saved (3).
        assert many == 14


class EditorFieldTests(PersonasTestCase):
    def test_the_reply_box_offers_suggestions_and_says_how_to_write_beneath_it(self) -> None:
        thread = services.start_thread(self.community, author=self.lead, kind="idea", title="T", body="B")
        html = self.client_for("member").get(thread.get_absolute_url()).content.decode()
        assert 'data-mentions-url="/communities/fbp/discussions/mentions/"' in html
        assert 'aria-describedby="id_body-markdown-help"' in html
        assert '<small class="hint editor-help" id="id_body-markdown-help">' in html
        assert "Mention someone with @ and their name." in html

    def test_an_error_is_linked_beside_the_help(self) -> None:
        thread = services.start_thread(self.community, author=self.lead, kind="idea", title="T", body="B")
        response = self.client_for("member").post(f"{thread.get_absolute_url()}reply/", {"body": " "})
        assert response.status_code == 400
        assert 'aria-describedby="id_body-error id_body-markdown-help"' in response.content.decode()

    def test_the_preview_links_mentions_as_the_post_will(self) -> None:
        thread = services.start_thread(self.community, author=self.lead, kind="idea", title="T", body="B")
        response = self.client_for("member").post(
            f"{thread.get_absolute_url()}reply/", {"body": "Over to @Cora Core", "preview": "1"}
        )
        assert response.status_code == 200
        assert f'<a class="mention" href="/people/{self.core.pk}/"' in response.content.decode()
        assert thread.posts.count() == 1
