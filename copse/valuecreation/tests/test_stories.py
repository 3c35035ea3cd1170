"""Value-creation stories: telling one in steps, from a thread, post or event, on a colleague's behalf; who may read,
edit, confirm and review it; the review queue; the follow-up reminders; and the demo's stories."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from itertools import product
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.core.refusals import Refused
from copse.discussions.services import reply, start_thread
from copse.notifications.models import Notification
from copse.testing import PERSONAS, EventFactory, PersonasTestCase
from copse.valuecreation.demo_stories import STORIES, demo
from copse.valuecreation.models import Audience, StoryStatus, StoryStep, Valence, ValueCycle, ValueStory
from copse.valuecreation.permissions import can_view_story
from copse.valuecreation.services import stories as services
from copse.valuecreation.services.stories import NO_STEP, StepText
from copse.valuecreation.services.story_followups import send_due_followups


def cycle(key: str) -> ValueCycle:
    return ValueCycle.objects.get(key=key)


def steps(**texts: str) -> list[StepText]:
    return [StepText(cycle=cycle(key), text=text) for key, text in texts.items()]


class StoryCase(PersonasTestCase):
    def tell(self, teller: Any = None, **changes: Any) -> ValueStory:
        values: dict[str, Any] = {
            "teller": teller or self.member,
            "title": "A quicker month-end",
            "steps": steps(immediate="Cora showed me her reconciliation checklist."),
        }
        values.update(changes)
        community = values.pop("community", self.community)
        return services.tell_story(community, **values)

    def post_form(self, client: Any, url: str, **data: str) -> Any:
        form = {
            "community": self.community.slug,
            "title": "A quicker month-end",
            "step-immediate-text": "",
            "step-immediate-valence": "positive",
            "step-applied-text": "We now reconcile suspense accounts weekly.",
            "step-applied-valence": "positive",
            "step-applied-evidence": "https://intranet.example.org/finance/checklist",
            "audience": "leads",
            "confirm": "1",  # past the "check your answers" step
        }
        for key in ("potential", "realised", "transformative"):
            form[f"step-{key}-valence"] = "positive"
        form.update(data)
        return client.post(url, form)


class TellStoryTests(StoryCase):
    def test_a_member_tells_a_story_whose_cycles_are_its_steps(self) -> None:
        story = self.tell(
            steps=[
                StepText(cycle=cycle("applied"), text="We changed the close.", valence=Valence.POSITIVE),
                StepText(
                    cycle=cycle("immediate"), text="A tip.", evidence="https://example.org/a\n\nhttp://b.org"
                ),
                StepText(cycle=cycle("realised"), text="   "),
            ]
        )
        assert story.status == StoryStatus.TOLD and story.confirmed_at is not None
        assert [s.cycle.key for s in story.steps.all()] == ["immediate", "applied"]
        assert story.steps.get(cycle__key="immediate").evidence == "https://example.org/a\nhttp://b.org"

    def test_a_story_with_no_step_is_refused_and_nothing_is_written(self) -> None:
        with pytest.raises(Refused) as refused:
            self.tell(steps=steps(immediate="", applied="  \n "))
        assert refused.value.message == NO_STEP
        assert not ValueStory.objects.exists()

    def test_a_follow_up_date_in_the_past_or_without_hopes_is_refused(self) -> None:
        yesterday = timezone.localdate() - timedelta(days=1)
        with pytest.raises(Refused) as refused:
            self.tell(hopes="Share the checklist with Estates.", follow_up_on=yesterday)
        assert refused.value.field == "follow_up_on"
        with pytest.raises(Refused) as refused:
            self.tell(hopes="Share the checklist with Estates.")
        assert refused.value.field == "follow_up_on"
        with pytest.raises(Refused) as refused:
            self.tell(follow_up_on=timezone.localdate() + timedelta(days=30))
        assert refused.value.field == "hopes"
        assert not ValueStory.objects.exists()

    def test_a_step_of_a_switched_off_cycle_is_refused(self) -> None:
        with pytest.raises(Refused) as refused:
            self.tell(steps=steps(strategic="The director backed us."))
        assert refused.value.field == "step-strategic-text"

    def test_evidence_that_is_not_a_web_address_is_refused_beside_its_step(self) -> None:
        with pytest.raises(Refused) as refused:
            self.tell(steps=[StepText(cycle=cycle("applied"), text="x", evidence="see the shared drive")])
        assert refused.value.field == "step-applied-evidence"

    def test_someone_who_is_not_a_member_cannot_tell_a_story_in_the_community(self) -> None:
        with pytest.raises(Refused):
            self.tell(teller=self.outsider)

    def test_the_leads_are_told_of_a_new_story(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            story = self.tell()
        told = Notification.objects.get(kind="story_reviews")
        assert told.recipient == self.lead and story.title in told.title
        assert told.url == f"/communities/{self.community.slug}/value/stories/"

    def test_a_story_may_start_from_a_thread_of_its_community_only(self) -> None:
        thread = start_thread(self.community, author=self.member, kind="success", title="Won", body="We won")
        story = self.tell(thread=thread)
        assert story.thread == thread
        elsewhere = start_thread(self.open_community, author=self.lead, kind="idea", title="Idea", body="x")
        with pytest.raises(Refused):
            self.tell(thread=elsewhere)

    def test_a_story_may_be_told_as_of_an_earlier_day(self) -> None:
        then = timezone.now() - timedelta(days=400)
        story = self.tell(now=then, hopes="Try it in Estates.", follow_up_on=then.date() + timedelta(days=60))
        story.refresh_from_db()
        assert story.created_at == then and story.confirmed_at == then


class OnBehalfTests(StoryCase):
    def test_a_lead_writes_a_story_on_behalf_which_counts_nowhere_until_confirmed(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            story = self.tell(written_by=self.lead)
        assert story.status == StoryStatus.AWAITING_TELLER and story.on_behalf
        assert list(Notification.objects.values_list("recipient", "kind")) == [(self.member.pk, "my_stories")]
        assert not ValueStory.objects.counted().exists()
        assert set(ValueStory.objects.filter(pk=story.pk).visible_to(self.core)) == set()
        assert not can_view_story(self.programme_admin, story)

        with self.captureOnCommitCallbacks(execute=True):
            services.confirm_story(story, by=self.member)
        story.refresh_from_db()
        assert story.status == StoryStatus.TOLD and story.confirmed_at is not None
        assert Notification.objects.filter(kind="story_reviews", recipient=self.lead).count() == 1

    def test_a_member_cannot_write_a_story_on_someone_elses_behalf(self) -> None:
        with pytest.raises(Refused) as refused:
            self.tell(teller=self.core, written_by=self.member)
        assert refused.value.status == 403

    def test_the_teller_confirms_by_editing_and_the_writer_may_then_not_edit(self) -> None:
        story = self.tell(written_by=self.lead)
        services.edit_story(
            story, by=self.lead, title="Better", steps=steps(applied="x"), audience="leads", may_quote=False
        )
        services.edit_story(
            story,
            by=self.member,
            title="In my words",
            steps=steps(applied="y"),
            audience="community",
            may_quote=True,
        )
        story.refresh_from_db()
        assert story.status == StoryStatus.TOLD and story.title == "In my words"
        with pytest.raises(Refused) as refused:
            services.edit_story(
                story, by=self.lead, title="Mine", steps=steps(applied="z"), audience="leads", may_quote=False
            )
        assert refused.value.status == 403

    def test_the_on_behalf_page_asks_whose_story_it_is(self) -> None:
        client = self.client_for("lead")
        page = client.get("/value/stories/new/?on_behalf=1")
        assert "Whose story is it?" in page.content.decode()
        response = self.post_form(client, "/value/stories/new/?on_behalf=1", teller="MEMBER@example.org")
        story = ValueStory.objects.get()
        assert response.status_code == 302 and story.teller == self.member and story.written_by == self.lead
        assert self.client_for("member").get("/value/stories/new/?on_behalf=1").status_code == 403


class EditAndReviewTests(StoryCase):
    def test_editing_changes_the_steps_and_so_the_cycles(self) -> None:
        story = self.tell()
        services.edit_story(
            story,
            by=self.member,
            title="Still quicker",
            steps=steps(potential="A checklist.", realised="Close in 4 days, not 6."),
            audience=Audience.ORGANISATION,
            may_quote=True,
        )
        assert sorted(story.steps.values_list("cycle__key", flat=True)) == ["potential", "realised"]

    def test_a_step_may_not_move_onto_a_cycle_the_story_already_has(self) -> None:
        story = self.tell(steps=steps(immediate="A tip.", applied="We used it."))
        step = story.steps.get(cycle__key="immediate")
        with pytest.raises(Refused) as refused:
            services.change_step_cycle(step, by=self.lead, cycle=cycle("applied"))
        assert refused.value.field == "cycle"
        services.change_step_cycle(step, by=self.lead, cycle=cycle("potential"))
        assert sorted(story.steps.values_list("cycle__key", flat=True)) == ["applied", "potential"]
        with pytest.raises(Refused):
            services.change_step_cycle(step, by=self.lead, cycle=cycle("strategic"))
        with pytest.raises(Refused):
            services.change_step_cycle(step, by=self.member, cycle=cycle("realised"))

    def test_ready_then_highlighted_returned_and_answered(self) -> None:
        story = self.tell()
        with pytest.raises(Refused):
            services.set_highlight(story, by=self.lead, highlight=True)
        services.mark_ready(story, by=self.lead)
        services.set_highlight(story, by=self.lead, highlight=True)
        assert list(ValueStory.objects.counted()) == [story]
        with pytest.raises(Refused) as refused:
            services.edit_story(
                story, by=self.member, title="x", steps=steps(applied="y"), audience="leads", may_quote=False
            )
        assert refused.value.status == 409
        with self.captureOnCommitCallbacks(execute=True):
            services.return_story(story, by=self.lead, question="Which team saved the two days?")
        story.refresh_from_db()
        assert story.status == StoryStatus.RETURNED and not story.is_highlight
        assert Notification.objects.filter(kind="my_stories", recipient=self.member).count() == 1
        with self.captureOnCommitCallbacks(execute=True):
            services.edit_story(
                story,
                by=self.member,
                title="x",
                steps=steps(applied="Accounts payable."),
                audience="leads",
                may_quote=False,
            )
        story.refresh_from_db()
        assert story.status == StoryStatus.TOLD
        assert Notification.objects.filter(kind="story_reviews", recipient=self.lead).count() == 2

    def test_a_question_is_needed_to_return_a_story(self) -> None:
        story = self.tell()
        with pytest.raises(Refused) as refused:
            services.return_story(story, by=self.lead, question="  ")
        assert refused.value.field == "question"


class ConsentTests(StoryCase):
    def test_the_teller_withdraws_consent_to_quote_once_the_story_is_ready(self) -> None:
        story = self.tell(audience=Audience.ORGANISATION, may_quote=True)
        services.mark_ready(story, by=self.lead)
        services.set_highlight(story, by=self.lead, highlight=True)
        client = self.client_for("member")
        page = client.get(f"/value/stories/{story.pk}/").content.decode()
        assert "Change who may read it" in page
        response = client.post(f"/value/stories/{story.pk}/consent/", {"audience": "leads"})
        assert response.status_code == 302
        story.refresh_from_db()
        assert (story.audience, story.may_quote, story.status) == (Audience.LEADS, False, StoryStatus.READY)
        # The organisation no longer reads it, and a report no longer quotes it.
        assert not ValueStory.objects.visible_to(self.outsider).filter(pk=story.pk).exists()
        report = self.client_for("lead").get(f"/communities/{self.community.slug}/value/report/").content
        assert b"Cora showed me her reconciliation checklist." not in report

    def test_only_the_teller_changes_who_may_read_it(self) -> None:
        story = self.tell(audience=Audience.COMMUNITY)
        with pytest.raises(Refused) as refused:
            services.change_consent(story, by=self.lead, audience=Audience.ORGANISATION, may_quote=True)
        assert refused.value.kind == "forbidden"
        assert (
            self.client_for("lead")
            .post(f"/value/stories/{story.pk}/consent/", {"audience": "leads"})
            .status_code
            == 403
        )
        story.refresh_from_db()
        assert story.audience == Audience.COMMUNITY

    def test_a_private_communitys_stories_are_not_read_across_the_organisation(self) -> None:
        with pytest.raises(Refused) as refused:
            self.tell(teller=self.core, community=self.private_community, audience=Audience.ORGANISATION)
        assert refused.value.field == "audience"
        assert not ValueStory.objects.exists()
        story = self.tell(teller=self.core, community=self.private_community, audience=Audience.COMMUNITY)
        with pytest.raises(Refused):
            services.change_consent(story, by=self.core, audience=Audience.ORGANISATION, may_quote=False)


class VisibilityTwinTests(StoryCase):
    def test_can_view_story_agrees_with_visible_to_for_every_persona(self) -> None:
        stories = []
        for audience, status, on_behalf in product(Audience.values, StoryStatus.values, (False, True)):
            story = self.tell(written_by=self.lead if on_behalf else None, audience=audience)
            ValueStory.objects.filter(pk=story.pk).update(status=status)
            stories.append(story)
        private = self.tell(teller=self.core, community=self.private_community, audience=Audience.COMMUNITY)
        stories.append(private)
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(ValueStory.objects.visible_to(user).values_list("pk", flat=True))
            for story in ValueStory.objects.all():
                with self.subTest(persona=name, story=story.pk):
                    assert can_view_story(user, story) == (story.pk in visible)
        # The outsider reads only what the teller shared with the whole organisation, once confirmed.
        outsider_sees = ValueStory.objects.visible_to(self.outsider)
        assert all(
            s.audience == Audience.ORGANISATION and s.status != StoryStatus.AWAITING_TELLER
            for s in outsider_sees
        )


class PageTests(StoryCase):
    def test_the_value_tab_leads_members_to_tell_and_leads_to_review(self) -> None:
        self.tell()
        self.tell(teller=self.core, title="Two told")
        lead = self.client_for("lead").get(f"/communities/{self.community.slug}/value/").content.decode()
        assert "Stories to review" in lead and "2 stories wait for you to review." in lead
        assert f"/communities/{self.community.slug}/value/report/" in lead
        member = self.client_for("member").get(f"/communities/{self.community.slug}/value/").content.decode()
        assert f"/value/stories/new/?community={self.community.slug}" in member
        assert "Stories to review" not in member
        # The programme team reviews but belongs to no community here, so it is not asked to tell a story.
        team = self.client_for("programme_admin").get(f"/communities/{self.community.slug}/value/").content
        assert b"Stories to review" in team and b"Tell a story" not in team

    def test_the_answers_are_checked_and_shown_back_before_the_story_is_told(self) -> None:
        client = self.client_for("member")
        data = {f"step-{c.key}-valence": "positive" for c in ValueCycle.objects.enabled()} | {
            "community": self.community.slug,
            "title": "A quicker month-end",
            "step-applied-text": "We now reconcile suspense accounts weekly.",
            "step-applied-valence": "negative",
            "audience": "community",
        }
        page = client.post("/value/stories/new/", data)
        html = page.content.decode()
        assert page.status_code == 200 and "<h1>Check your story</h1>" in html
        assert (
            "We now reconcile suspense accounts weekly." in html and "Negative: it made things worse" in html
        )
        assert 'name="step-applied-text" value="We now reconcile suspense accounts weekly."' in html
        assert not ValueStory.objects.exists()
        back = client.post("/value/stories/new/", data | {"change": "1"}).content.decode()
        assert "<h1>Tell a story</h1>" in back and "We now reconcile suspense accounts weekly." in back
        assert not ValueStory.objects.exists()
        told = client.post("/value/stories/new/", data | {"confirm": "1"})
        assert told.status_code == 302 and ValueStory.objects.get().steps.get().valence == "negative"

    def test_a_story_with_no_step_is_refused_before_the_check(self) -> None:
        data = {f"step-{c.key}-valence": "positive" for c in ValueCycle.objects.enabled()}
        data |= {"community": self.community.slug, "title": "Nothing yet", "audience": "leads"}
        page = self.client_for("member").post("/value/stories/new/", data)
        html = page.content.decode()
        assert page.status_code == 400 and "There is a problem" in html
        assert "<h1>Check your story</h1>" not in html and not ValueStory.objects.exists()

    def test_a_member_tells_a_story_in_the_form_and_reads_it(self) -> None:
        client = self.client_for("member")
        page = client.get(f"/value/stories/new/?community={self.community.slug}")
        html = page.content.decode()
        assert page.status_code == 200
        for c in ValueCycle.objects.enabled():
            assert c.question in html
        assert "Strategic value" not in html
        response = self.post_form(client, "/value/stories/new/")
        story = ValueStory.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/value/stories/{story.pk}/"
        story_page = client.get(response["Location"]).content.decode()
        assert "We now reconcile suspense accounts weekly." in story_page
        assert "Positive: it made things better" in story_page
        assert "https://intranet.example.org/finance/checklist" in story_page
        assert "&lt;p&gt;" not in story_page

    def test_the_form_refuses_a_story_with_no_step_with_a_message(self) -> None:
        response = self.post_form(
            self.client_for("member"), "/value/stories/new/", **{"step-applied-text": ""}
        )
        assert response.status_code == 400
        assert NO_STEP in response.content.decode()
        assert not ValueStory.objects.exists()

    def test_the_form_refuses_a_past_follow_up_beside_its_field(self) -> None:
        response = self.post_form(
            self.client_for("member"),
            "/value/stories/new/",
            hopes="Take it to Estates.",
            follow_up_on=str(date(2020, 1, 1)),
        )
        assert response.status_code == 400
        assert "The follow-up date must be in the future." in response.content.decode()

    def test_preselecting_a_community_names_none_the_person_cannot_see(self) -> None:
        page = self.client_for("member").get(f"/value/stories/new/?community={self.private_community.slug}")
        assert page.status_code == 200
        assert self.private_community.name not in page.content.decode()

    def test_a_thread_the_teller_cannot_see_is_a_404(self) -> None:
        circle = start_thread(
            self.private_community, author=self.core, kind="discussion", title="Budgets", body="x"
        )
        assert self.client_for("member").get(f"/value/stories/new/?thread={circle.pk}").status_code == 404
        assert self.client_for("member").get("/value/stories/new/?thread=999999").status_code == 404
        assert self.client_for("member").get("/value/stories/new/?thread=abc").status_code == 404

    def test_a_story_from_a_post_links_to_its_thread_and_back(self) -> None:
        thread = start_thread(
            self.community, author=self.lead, kind="help", title="VAT on catering", body="?"
        )
        answer = reply(thread, author=self.core, body="Zero-rated if…")
        client = self.client_for("member")
        thread_page = client.get(thread.get_absolute_url()).content.decode()
        assert f"/value/stories/new/?thread={thread.pk}" in thread_page
        assert f"/value/stories/new/?post={answer.pk}" in thread_page
        self.post_form(client, f"/value/stories/new/?post={answer.pk}")
        story = ValueStory.objects.get()
        assert story.post == answer and story.thread == thread
        assert thread.get_absolute_url() in client.get(f"/value/stories/{story.pk}/").content.decode()

    def test_the_event_page_offers_a_story_to_members(self) -> None:
        event = EventFactory(community=self.community)
        assert (
            f"?event={event.pk}" in self.client_for("member").get(event.get_absolute_url()).content.decode()
        )
        assert (
            f"?event={event.pk}"
            not in self.client_for("outsider").get(event.get_absolute_url()).content.decode()
        )

    def test_editing_a_confirmed_story_someone_else_wrote_is_refused(self) -> None:
        story = self.tell(written_by=self.lead)
        services.confirm_story(story, by=self.member)
        assert self.client_for("lead").get(f"/value/stories/{story.pk}/edit/").status_code == 403
        assert self.client_for("member").get(f"/value/stories/{story.pk}/edit/").status_code == 200

    def test_the_teller_answers_a_question_by_changing_the_story_on_its_page(self) -> None:
        story = self.tell()
        services.return_story(story, by=self.lead, question="Which team saved the two days?")
        client = self.client_for("member")
        page = client.get(f"/value/stories/{story.pk}/edit/").content.decode()
        assert "Which team saved the two days?" in page
        assert "Cora showed me her reconciliation checklist." in page
        response = self.post_form(
            client, f"/value/stories/{story.pk}/edit/", title="Accounts payable saved them"
        )
        assert response.status_code == 302
        story.refresh_from_db()
        assert story.status == StoryStatus.TOLD and story.title == "Accounts payable saved them"
        assert list(story.steps.values_list("cycle__key", flat=True)) == ["applied"]

    def test_the_teller_confirms_a_story_written_for_them_on_its_page(self) -> None:
        story = self.tell(written_by=self.lead)
        client = self.client_for("member")
        assert "Confirm my story" in client.get(f"/value/stories/{story.pk}/").content.decode()
        assert client.post(f"/value/stories/{story.pk}/confirm/").status_code == 302
        story.refresh_from_db()
        assert story.status == StoryStatus.TOLD
        assert client.post(f"/value/stories/{story.pk}/confirm/").status_code == 403

    def test_the_lead_reviews_from_the_queue(self) -> None:
        story = self.tell(steps=steps(immediate="A tip.", applied="Used."), audience=Audience.COMMUNITY)
        client = self.client_for("lead")
        step = story.steps.get(cycle__key="immediate")
        moved = client.post(
            f"/value/stories/{story.pk}/review/",
            {"action": "cycle", "step": str(step.pk), "cycle": str(cycle("applied").pk)},
            follow=True,
        )
        assert "already has a step for Applied value" in moved.content.decode()
        client.post(f"/value/stories/{story.pk}/review/", {"action": "ready"})
        client.post(f"/value/stories/{story.pk}/review/", {"action": "highlight"})
        story.refresh_from_db()
        assert story.status == StoryStatus.READY and story.is_highlight and story.reviewed_by == self.lead
        assert (
            self.client_for("core")
            .post(f"/value/stories/{story.pk}/review/", {"action": "ready"})
            .status_code
            == 403
        )

    def test_the_review_queue_costs_the_same_for_two_and_many_stories(self) -> None:
        client = self.client_for("lead")
        url = f"/communities/{self.community.slug}/value/stories/"

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        self.tell(steps=steps(immediate="One.", applied="Two."))
        services.mark_ready(self.tell(teller=self.core), by=self.lead)
        count()  # the first page of a session costs more (the session, the header's counts)
        few = count()
        for n in range(8):
            story = self.tell(
                teller=self.core if n % 2 else self.member, steps=steps(potential=f"{n}", realised="x")
            )
            if n % 3 == 0:
                services.return_story(story, by=self.lead, question="Which team?")
        many = count()
        assert few == many
        with self.assertNumQueries(few):
            client.get(url)


class FollowUpTests(StoryCase):
    def test_the_teller_is_reminded_once_when_the_follow_up_date_comes(self) -> None:
        then = timezone.now() - timedelta(days=90)
        story = self.tell(
            now=then, hopes="Share the checklist with Estates.", follow_up_on=then.date() + timedelta(days=30)
        )
        self.tell(hopes="Later.", follow_up_on=timezone.localdate() + timedelta(days=30))
        out = StringIO()
        call_command("send_story_followups", stdout=out)
        assert "Reminded 1 person" in out.getvalue()
        reminder = Notification.objects.get(kind="my_stories")
        assert reminder.recipient == self.member and reminder.url == f"/value/stories/new/?follows={story.pk}"
        assert send_due_followups() == 0
        assert Notification.objects.filter(kind="my_stories").count() == 1

    def test_the_follow_up_story_follows_the_old_one_and_shows_as_what_happened_next(self) -> None:
        then = timezone.now() - timedelta(days=90)
        old = self.tell(
            now=then, hopes="Share it with Estates.", follow_up_on=then.date() + timedelta(days=30)
        )
        client = self.client_for("member")
        page = client.get(f"/value/stories/new/?follows={old.pk}").content.decode()
        assert "Share it with Estates." in page
        self.post_form(client, f"/value/stories/new/?follows={old.pk}", title="Estates took it up")
        new = ValueStory.objects.exclude(pk=old.pk).get()
        assert new.follows == old
        assert "Estates took it up" in client.get(f"/value/stories/{old.pk}/").content.decode()
        assert self.client_for("core").get(f"/value/stories/new/?follows={old.pk}").status_code == 404
        assert send_due_followups() == 0  # it has been followed up


class DemoTests(PersonasTestCase):
    def test_the_demo_tells_its_stories_through_the_services(self) -> None:
        summary = demo(seed=7)
        assert summary.startswith("value stories:")
        stories = ValueStory.objects.all()
        assert stories.count() >= STORIES
        assert not StoryStep.objects.filter(cycle__is_enabled=False).exists()
        assert stories.filter(status=StoryStatus.READY).exists()
        assert all(s.steps.exists() for s in stories)
        oldest = min(s.created_at for s in stories)
        assert (timezone.now() - oldest).days > 180
