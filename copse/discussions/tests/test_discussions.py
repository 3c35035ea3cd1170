"""Discussions as members use them: threads of each kind, replies, reactions, help requests and their answers."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Status
from copse.core.markdown import MAX_MARKDOWN_LENGTH, PREVIEWS_PER_MINUTE
from copse.discussions import services
from copse.discussions.models import Kind, Post, Reaction, Subscription, Thread
from copse.discussions.permissions import can_view_thread
from copse.testing import (
    PERSONAS,
    CommunityFactory,
    MembershipFactory,
    PersonasTestCase,
    ThreadFactory,
    UserFactory,
)


class ThreadTests(PersonasTestCase):
    def test_member_starts_a_thread_and_it_renders_markdown_safely(self) -> None:
        response = self.client_for("member").post(
            "/communities/fbp/discussions/new/",
            {
                "kind": "success",
                "title": "Year-end went well",
                "body": "We **finished** early <script>x</script>",
            },
        )
        thread = Thread.objects.get(title="Year-end went well")
        assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
        assert thread.kind == Kind.SUCCESS
        page = self.client_for("core").get(thread.get_absolute_url()).content.decode()
        assert "<strong>finished</strong>" in page
        assert "<script>x</script>" not in page and "&lt;script&gt;" in page

    def test_empty_and_over_long_posts_are_refused_and_nothing_is_written(self) -> None:
        client = self.client_for("member")
        response = client.post(
            "/communities/fbp/discussions/new/", {"kind": "idea", "title": "  ", "body": " "}
        )
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        too_long = "x" * (MAX_MARKDOWN_LENGTH + 1)
        response = client.post(
            "/communities/fbp/discussions/new/", {"kind": "idea", "title": "T", "body": too_long}
        )
        assert response.status_code == 400
        assert not Thread.objects.exists() and not Post.objects.exists()

    def test_only_leads_core_and_the_programme_team_post_announcements(self) -> None:
        data = {"kind": "announcement", "title": "Next meeting", "body": "Tuesday"}
        response = self.client_for("member").post("/communities/fbp/discussions/new/", data)
        assert response.status_code == 400
        assert "Select a valid choice." in response.content.decode()
        assert self.client_for("core").post("/communities/fbp/discussions/new/", data).status_code == 302

    def test_a_reply_moves_the_thread_to_the_top_and_records_the_first_response(self) -> None:
        older = services.start_thread(self.community, author=self.member, kind="help", title="Old", body="?")
        newer = services.start_thread(
            self.community, author=self.member, kind="discussion", title="New", body="!"
        )
        self.client_for("core").post(f"{older.get_absolute_url()}reply/", {"body": "Here is how"})
        older.refresh_from_db()
        assert older.reply_count == 1 and older.first_response_at is not None
        html = self.client_for("member").get("/communities/fbp/discussions/").content.decode()
        assert html.index(">Old<") < html.index(">New<")
        assert newer.first_response_at is None

    def test_replying_to_a_locked_thread_is_refused(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="B"
        )
        Thread.objects.filter(pk=thread.pk).update(is_locked=True)
        response = self.client_for("core").post(f"{thread.get_absolute_url()}reply/", {"body": "Too late"})
        assert response.status_code == 409  # a conflict: the thread's state, not the reply, is the reason
        assert "This thread is locked" in response.content.decode()
        assert thread.posts.count() == 1

    def test_posting_in_a_community_you_are_not_in_is_403_and_one_you_cannot_see_is_404(self) -> None:
        data = {"kind": "idea", "title": "T", "body": "B"}
        assert self.client_for("outsider").post("/communities/fbp/discussions/new/", data).status_code == 403
        assert (
            self.client_for("outsider").post("/communities/budget-circle/discussions/new/", data).status_code
            == 404
        )

    def test_retired_communities_are_read_only(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="B"
        )
        self.community.set_status(Status.RETIRED, by=self.programme_admin)
        page = self.client_for("member").get(thread.get_absolute_url()).content.decode()
        assert "Post reply" not in page
        assert (
            self.client_for("member").post(f"{thread.get_absolute_url()}reply/", {"body": "x"}).status_code
            == 403
        )

    def test_authors_edit_and_delete_their_own_posts(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="First"
        )
        post = thread.posts.get()
        client = self.client_for("member")
        client.post(f"/posts/{post.pk}/edit/", {"body": "Second"})
        post.refresh_from_db()
        assert post.body == "Second" and post.edited_at is not None
        assert "edited" in client.get(thread.get_absolute_url()).content.decode()
        assert self.client_for("core").post(f"/posts/{post.pk}/edit/", {"body": "Hijack"}).status_code == 403
        client.post(f"/posts/{post.pk}/delete/")
        post.refresh_from_db()
        assert post.is_deleted and post.body == ""
        assert (
            "This post was deleted by its author." in client.get(thread.get_absolute_url()).content.decode()
        )


class ReactionTests(PersonasTestCase):
    def test_reacting_twice_takes_the_reaction_back(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="B"
        )
        post = thread.posts.get()
        client = self.client_for("core")
        client.post(f"/posts/{post.pk}/react/", {"kind": "helpful"})
        assert Reaction.objects.filter(post=post, kind="helpful").count() == 1
        page = client.get(thread.get_absolute_url()).content.decode()
        assert (
            'aria-pressed="true">Helpful<span class="count" aria-hidden="true">1</span>'
            '<span class="visually-hidden"> (1 so far)</span>'
        ) in page
        client.post(f"/posts/{post.pk}/react/", {"kind": "helpful"})
        assert not Reaction.objects.exists()
        page = client.get(thread.get_absolute_url()).content.decode()
        assert 'aria-pressed="false">Helpful<span class="visually-hidden"> for the post by Mo Member' in page
        assert 'class="count"' not in page  # no "0" on a button nobody pressed

    def test_an_unknown_reaction_is_refused_with_a_message(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="B"
        )
        post = thread.posts.get()
        response = self.client_for("core").post(f"/posts/{post.pk}/react/", {"kind": "love"}, follow=True)
        assert "Choose helpful, thanks or +1." in response.content.decode()
        assert not Reaction.objects.exists()


class HelpRequestTests(PersonasTestCase):
    def setUp(self) -> None:
        self.thread = services.start_thread(
            self.community, author=self.member, kind="help", title="How do I forecast?", body="Any templates?"
        )
        self.answer = services.reply(self.thread, author=self.core, body="Use the shared model.")

    def test_the_asker_accepts_an_answer_and_it_is_shown_first(self) -> None:
        later = services.reply(self.thread, author=self.lead, body="Also ask Finance Systems.")
        self.client_for("member").post(f"{self.thread.get_absolute_url()}accept/{self.answer.pk}/")
        self.thread.refresh_from_db()
        assert self.thread.is_solved
        html = self.client_for("lead").get(self.thread.get_absolute_url()).content.decode()
        assert html.index(f'id="post-{self.answer.pk}"') < html.index(f'id="post-{later.pk}"')
        assert "Accepted answer" in html and "Solved" in html

    def test_someone_else_cannot_accept_an_answer_on_your_request(self) -> None:
        response = self.client_for("core").post(f"{self.thread.get_absolute_url()}accept/{self.answer.pk}/")
        assert response.status_code == 403
        self.thread.refresh_from_db()
        assert not self.thread.is_solved

    def test_the_question_cannot_be_its_own_answer(self) -> None:
        question = self.thread.posts.order_by("created_at").first()
        response = self.client_for("member").post(
            f"{self.thread.get_absolute_url()}accept/{question.pk}/", follow=True
        )
        assert "The question itself cannot be its answer." in response.content.decode()

    def test_help_page_lists_unanswered_first_and_drops_solved_requests(self) -> None:
        unanswered = services.start_thread(
            self.community, author=self.lead, kind="help", title="Nobody yet", body="?"
        )
        html = self.client_for("core").get("/help/").content.decode()
        assert html.index("Nobody yet") < html.index("How do I forecast?")
        services.accept_answer(self.thread, post=self.answer)
        html = self.client_for("core").get("/help/").content.decode()
        assert "How do I forecast?" not in html and unanswered.title in html

    def test_help_page_shows_only_the_persons_communities(self) -> None:
        assert "How do I forecast?" not in self.client_for("outsider").get("/help/").content.decode()


class VisibilityTwinTests(PersonasTestCase):
    def test_can_view_thread_agrees_with_visible_to_for_every_persona(self) -> None:
        threads = [
            services.start_thread(
                community, author=self.lead, kind="discussion", title=community.name, body="B"
            )
            for community in (self.community, self.open_community, self.private_community)
        ]
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(Thread.objects.visible_to(user))
            for thread in threads:
                fresh = Thread.objects.select_related("community").get(pk=thread.pk)
                with self.subTest(persona=name, thread=thread.title):
                    assert can_view_thread(user, fresh) == (thread in visible)


class QueryCountTests(PersonasTestCase):
    def count(self, persona: str, url: str) -> int:
        client = self.client_for(persona)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_thread_page_costs_the_same_for_2_and_200_posts_with_reactions(self) -> None:
        thread = services.start_thread(self.community, author=self.member, kind="help", title="T", body="B")
        people = [UserFactory() for _ in range(5)]
        for person in people:
            MembershipFactory(community=self.community, person=person)

        def grow(n: int) -> None:
            for i in range(n):
                post = services.reply(thread, author=people[i % 5], body=f"Reply {i}")
                services.toggle_reaction(post, person=self.member, kind="thanks")
                services.toggle_reaction(post, person=people[(i + 1) % 5], kind="helpful")

        grow(1)
        small = self.count("member", thread.get_absolute_url())
        grow(199)
        large = self.count("member", thread.get_absolute_url())
        # Eleven for the page (two of them the posts' attachments and what was saved to the library from the
        # thread), and one for how far the member had read it (no write: nothing new since).
        assert (small, large) == (12, 12)

    def test_thread_list_and_help_page_cost_the_same_for_few_and_many_threads(self) -> None:
        def grow(n: int) -> None:
            for i in range(n):
                services.start_thread(
                    self.community, author=self.member, kind="help", title=f"Q{i}", body="?"
                )

        grow(2)
        counts = (self.count("member", "/communities/fbp/discussions/"), self.count("member", "/help/"))
        grow(48)
        assert (
            self.count("member", "/communities/fbp/discussions/"),
            self.count("member", "/help/"),
        ) == counts
        assert counts == (8, 5)

    def test_thread_list_pages_by_latest_activity_without_offset(self) -> None:
        for i in range(30):
            services.start_thread(
                self.community, author=self.member, kind="idea", title=f"Idea {i:02d}", body="!"
            )
        client = self.client_for("member")
        first = client.get("/communities/fbp/discussions/").content.decode()
        assert "Idea 29" in first and "Idea 04" not in first
        cursor = first.split("after=")[1].split('"')[0]
        with CaptureQueriesContext(connection) as queries:
            second = client.get(f"/communities/fbp/discussions/?after={cursor}").content.decode()
        assert "Idea 04" in second and "Idea 29" not in second
        assert "OFFSET" not in " ".join(q["sql"] for q in queries).upper()


class FirstResponseTests(PersonasTestCase):
    def test_the_askers_own_reply_is_not_a_first_response(self) -> None:
        thread = services.start_thread(self.community, author=self.member, kind="help", title="T", body="B")
        services.reply(thread, author=self.member, body="Bump")
        thread.refresh_from_db()
        assert thread.first_response_at is None

    def test_threads_of_other_communities_are_not_listed(self) -> None:
        other = CommunityFactory(service_area=self.area)
        MembershipFactory(community=other, person=self.member)
        services.start_thread(other, author=self.member, kind="idea", title="Elsewhere", body="!")
        assert (
            "Elsewhere" not in self.client_for("member").get("/communities/fbp/discussions/").content.decode()
        )


class PreviewTests(PersonasTestCase):
    def test_preview_shows_the_rendered_post_and_posts_nothing(self) -> None:
        response = self.client_for("member").post(
            "/communities/fbp/discussions/new/",
            {"kind": "idea", "title": "Shared calendar", "body": "A *shared* calendar", "preview": "1"},
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "<em>shared</em>" in html and "It has not been posted yet." in html
        assert 'value="Shared calendar"' in html
        assert not Thread.objects.exists()

    def test_reply_preview_keeps_the_text_in_the_box(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="B"
        )
        response = self.client_for("core").post(
            f"{thread.get_absolute_url()}reply/", {"body": "Try **this**", "preview": "1"}
        )
        html = response.content.decode()
        assert "<strong>this</strong>" in html and "Try **this**</textarea>" in html
        assert thread.posts.count() == 1


class SubscriptionTests(PersonasTestCase):
    def test_posting_follows_the_thread_unless_muted(self) -> None:
        thread = services.start_thread(self.community, author=self.member, kind="idea", title="T", body="B")
        assert Subscription.objects.get(person=self.member, thread=thread).state == "following"
        self.client_for("core").post(f"{thread.get_absolute_url()}subscription/", {"state": "muted"})
        services.reply(thread, author=self.core, body="Reply")
        assert Subscription.objects.get(person=self.core, thread=thread).state == "muted"

    def test_follow_mute_and_back_to_defaults_for_a_community(self) -> None:
        client = self.client_for("member")
        response = client.post(
            "/communities/fbp/discussions/subscription/", {"state": "following"}, follow=True
        )
        assert "You are following Finance Business Partners" in response.content.decode()
        client.post("/communities/fbp/discussions/subscription/", {"state": "muted"})
        assert Subscription.objects.get(person=self.member, community=self.community).state == "muted"
        client.post("/communities/fbp/discussions/subscription/", {"state": "default"})
        assert not Subscription.objects.filter(person=self.member).exists()
        response = client.post("/communities/fbp/discussions/subscription/", {"state": "loud"}, follow=True)
        assert "Choose follow, mute or the default." in response.content.decode()


class QuoteTests(PersonasTestCase):
    def test_quote_starts_the_reply_with_the_post_quoted(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="Line one\n\nLine two"
        )
        post = thread.posts.get()
        html = self.client_for("core").get(f"{thread.get_absolute_url()}?quote={post.pk}").content.decode()
        assert "Mo Member wrote:\n\n&gt; Line one\n&gt;\n&gt; Line two\n\n</textarea>" in html

    def test_a_bad_or_foreign_quote_is_ignored(self) -> None:
        thread = services.start_thread(
            self.community, author=self.member, kind="discussion", title="T", body="B"
        )
        other = services.start_thread(
            self.open_community, author=self.lead, kind="idea", title="O", body="Secret"
        )
        other_post = other.posts.get()
        client = self.client_for("core")
        for value in ["abc", "²", str(other_post.pk), "9" * 30]:
            response = client.get(thread.get_absolute_url(), {"quote": value})
            assert response.status_code == 200
            assert "Secret" not in response.content.decode()


class PreviewLimitTests(PersonasTestCase):
    """Previewing renders Markdown, which costs; one person may preview `PREVIEWS_PER_MINUTE` times a minute."""

    url = "/communities/fbp/discussions/new/"
    data = {"kind": "idea", "title": "Shared calendar", "body": "A *shared* calendar", "preview": "1"}

    def use_up_previews(self, client: Client) -> None:
        for _ in range(PREVIEWS_PER_MINUTE):
            assert client.post(self.url, self.data).status_code == 200

    def test_past_the_limit_the_person_is_told_to_wait_and_keeps_their_text(self) -> None:
        client = self.client_for("member")
        self.use_up_previews(client)
        response = client.post(self.url, self.data)
        html = response.content.decode()
        assert response.status_code == 429
        assert f"You have previewed {PREVIEWS_PER_MINUTE} times in the last minute." in html
        assert "A *shared* calendar</textarea>" in html and "<em>shared</em>" not in html
        assert not Thread.objects.exists()

    def test_htmx_and_json_clients_get_429(self) -> None:
        client = self.client_for("member")
        self.use_up_previews(client)
        assert client.post(self.url, self.data, headers={"HX-Request": "true"}).status_code == 429
        response = client.post(self.url, self.data, headers={"Accept": "application/json"})
        assert response.status_code == 429
        assert response.json()["error"]["kind"] == "rate_limited"

    def test_the_limit_is_per_person_and_posting_still_works(self) -> None:
        member = self.client_for("member")
        self.use_up_previews(member)
        assert self.client_for("core").post(self.url, self.data).status_code == 200
        posted = member.post(self.url, {key: value for key, value in self.data.items() if key != "preview"})
        assert posted.status_code == 302

    def test_reply_previews_count_against_the_same_limit(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.member)
        client = self.client_for("core")
        for _ in range(PREVIEWS_PER_MINUTE):
            client.post(f"{thread.get_absolute_url()}reply/", {"body": "Try **this**", "preview": "1"})
        response = client.post(f"{thread.get_absolute_url()}reply/", {"body": "Try **this**", "preview": "1"})
        assert response.status_code == 429
        assert "Try **this**</textarea>" in response.content.decode()


class HelpPageEmptyStateTests(PersonasTestCase):
    def test_someone_in_no_community_is_pointed_to_finding_one(self) -> None:
        page = self.client_for("outsider").get("/help/").content.decode()
        assert "You are not in a community yet." in page
        assert '<a href="/communities/" class="button">Find a community</a>' in page
        assert "one of your communities" not in page

    def test_a_member_with_nobody_waiting_is_told_so(self) -> None:
        page = self.client_for("member").get("/help/").content.decode()
        assert "No one in your communities is waiting for help." in page
        assert "Find a community" not in page


class LifecycleReasonLabelTests(PersonasTestCase):
    def test_the_optional_reason_says_optional_once(self) -> None:
        page = self.client_for("programme_admin").get("/communities/fbp/").content.decode()
        assert "Reason (optional)</label>" in page
        assert "(optional) (optional)" not in page
