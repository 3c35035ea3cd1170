"""The home page as a dashboard and the community page as a hub, as each persona sees them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from copse.communities.models import JoinRequest
from copse.communities.queries import my_requests, suggested_communities
from copse.communities.tabs import tabs_for
from copse.events.models import Event
from copse.testing import (
    CommunityFactory,
    EventFactory,
    JoinRequestFactory,
    PersonasTestCase,
    ThreadFactory,
    UserFactory,
)


class HomePageTests(PersonasTestCase):
    def home(self, persona: str, query: str = "") -> str:
        response = self.client_for(persona).get(f"/{query}")
        assert response.status_code == 200
        return response.content.decode()

    def test_a_member_sees_what_is_new_in_words_with_a_link(self) -> None:
        thread = ThreadFactory(community=self.community, author=self.core, title="Month-end close tips")
        html = self.home("member")
        assert "Cora Core" in html and "started a discussion" in html
        assert f'href="/communities/fbp/discussions/{thread.pk}/">“Month-end close tips”</a>' in html
        assert "New in your communities" in html

    def test_a_member_of_communities_is_never_told_to_find_one(self) -> None:
        html = self.home("member")
        assert "not in a community yet" not in html and "Communities for you" not in html

    def test_someone_in_no_community_sees_communities_to_join_instead_of_a_feed(self) -> None:
        self.outsider.person.service_area = self.area
        self.outsider.person.save()
        html = self.home("outsider")
        assert "Communities for you" in html and "New in your communities" not in html
        assert "Finance Business Partners" in html and "Spreadsheet Skills" in html
        assert "Budget Holders Circle" not in html  # private

    def test_suggestions_are_of_my_service_area_first_then_open_ones(self) -> None:
        elsewhere = CommunityFactory(name="Open elsewhere", visibility="open")
        CommunityFactory(name="Closed elsewhere")
        self.outsider.person.service_area = self.area
        self.outsider.person.save()
        names = [c.name for c in suggested_communities(self.outsider)]
        assert names == ["Finance Business Partners", "Spreadsheet Skills", elsewhere.name]

    def test_older_activity_is_a_keyset_link_and_its_page_offers_the_newest(self) -> None:
        for n in range(20):
            ThreadFactory(community=self.community, author=self.core, title=f"Thread {n:02d}")
        html = self.home("member")
        assert "Thread 19" in html and "Older activity" in html
        cursor = html.split('href="?after=')[1].split('"')[0]
        older = self.home("member", f"?after={cursor}")
        assert "Thread 19" not in older and "Thread 00" in older and "Newest activity" in older

    def test_waiting_for_you_is_a_panel_of_links_for_leads(self) -> None:
        JoinRequestFactory(community=self.community, person=self.outsider)
        html = self.home("lead")
        assert (
            'href="/communities/fbp/requests/">1 person has asked to join Finance Business Partners</a>'
            in html
        )
        assert "Waiting for you" not in self.home("member")

    def test_my_requests_show_while_pending_and_for_thirty_days_after_the_decision(self) -> None:
        now = timezone.now()
        pending = JoinRequestFactory(person=self.outsider)
        recent = JoinRequestFactory(person=self.outsider, status=JoinRequest.Status.APPROVED, decided_at=now)
        JoinRequestFactory(
            person=self.outsider, status=JoinRequest.Status.DECLINED, decided_at=now - timedelta(days=31)
        )
        JoinRequestFactory(person=self.outsider, status=JoinRequest.Status.WITHDRAWN, decided_at=now)
        assert set(my_requests(self.outsider)) == {pending, recent}
        html = self.home("outsider")
        assert "Your requests to join" in html and "Waiting for a decision" in html and "Approved" in html
        assert "Your requests to join" not in self.home("member")


class HubTests(PersonasTestCase):
    def page(self, persona: str, url: str = "/communities/fbp/") -> str:
        response = self.client_for(persona).get(url)
        assert response.status_code == 200
        return response.content.decode()

    def test_tabs_follow_access(self) -> None:
        def keys(persona: str, community) -> list[str]:
            from copse.communities.permissions import get_community_for

            user = self.persona(persona)
            return [tab.key for tab in tabs_for(user, get_community_for(user, community.slug))]

        everything = ["overview", "discussions", "events", "projects", "library", "value", "members"]
        assert keys("member", self.community) == everything
        assert keys("programme_admin", self.community) == everything
        assert keys("outsider", self.community) == ["overview", "events"]
        assert keys("outsider", self.open_community) == everything

    def test_every_page_of_the_hub_marks_its_own_tab(self) -> None:
        for url, label in [
            ("/communities/fbp/", "Overview"),
            ("/communities/fbp/discussions/", "Discussions"),
            ("/communities/fbp/events/", "Events"),
            ("/communities/fbp/projects/", "Projects"),
            ("/communities/fbp/value/", "Value"),
            ("/communities/fbp/members/", "Members"),
        ]:
            html = self.page("member", url)
            assert 'aria-label="Finance Business Partners sections"' in html, url
            assert f'aria-current="page">{label}</a>' in html, url

    def test_overview_shows_leads_latest_threads_next_event_and_counts(self) -> None:
        self.lead.person.job_title = "Head of Finance Partnering"
        self.lead.person.save()
        ThreadFactory(community=self.community, author=self.core, title="Month-end close tips")
        EventFactory(community=self.community, title="Budget clinic")
        html = self.page("member")
        assert "Leah Lead" in html and "Head of Finance Partnering" in html
        assert "Month-end close tips" in html and "Budget clinic" in html
        assert '<dl class="stats">' in html

    def test_outsider_is_asked_to_join_and_a_member_may_leave_quietly(self) -> None:
        outsider = self.page("outsider")
        assert '<a class="button" href="#ask-to-join">Ask to join</a>' in outsider
        assert "Leave community" not in outsider
        assert "Members share successes, challenges and questions here." in outsider
        member = self.page("member")
        assert '<button type="submit" class="quiet small">Leave community</button>' in member
        open_page = self.page("outsider", "/communities/spreadsheets/")
        assert '<button type="submit">Join community</button>' in open_page

    def test_the_events_tab_lists_upcoming_and_recent_events(self) -> None:
        EventFactory(community=self.community, title="Next clinic")
        cancelled = EventFactory(community=self.community, title="Called off")
        cancelled.cancel(reason="Snow")
        past = timezone.now() - timedelta(days=10)
        EventFactory(
            community=self.community, title="Last clinic", starts_at=past, ends_at=past + timedelta(hours=1)
        )
        EventFactory(community=self.open_community, title="Somewhere else")
        html = self.page("outsider", "/communities/fbp/events/")
        assert "Next clinic" in html and "Last clinic" in html and "Somewhere else" not in html
        assert "Cancelled" in html
        assert Event.objects.filter(title="Called off", status="cancelled").exists()

    def test_the_events_tab_offers_leads_to_schedule_one(self) -> None:
        assert "Schedule an event" in self.page("lead", "/communities/fbp/events/")
        assert "Schedule an event" not in self.page("member", "/communities/fbp/events/")

    def test_a_deactivated_leads_face_is_not_on_the_hub(self) -> None:
        gone = UserFactory(name="Gone Lead", is_active=False)
        from copse.testing import MembershipFactory

        MembershipFactory(community=self.community, person=gone, role="lead")
        assert "Gone Lead" not in self.page("member")
