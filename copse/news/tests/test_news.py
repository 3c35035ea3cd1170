"""News: publishing, who reads what (the twins for every persona), the pages, their query counts and the feed."""

from __future__ import annotations

import re
from datetime import timedelta
from xml.etree import ElementTree

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.core.refusals import Refused
from copse.news.models import NewsAudience, NewsKind, NewsPost
from copse.news.permissions import can_view_news, get_news_for
from copse.news.services import NewsText, publish_news, update_news
from copse.news.templating import latest_news
from copse.testing import PERSONAS, PersonasTestCase

ATOM = "{http://www.w3.org/2005/Atom}"


DRAFTS_QUERIES = 5


def picture(i: int) -> dict[str, object]:
    """Every other post has a picture (its files are not needed to draw a page)."""
    if i % 2:
        return {}
    return {
        "picture": f"news/2026/01/p{i}.webp",
        "picture_alt": "A picture",
        "picture_width": 800,
        "picture_height": 600,
    }


class NewsTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        past = timezone.now() - timedelta(days=1)
        cls.public = publish_news(
            by=cls.programme_admin,
            community=None,
            text=NewsText(title="Public news", body="Hello", audience=NewsAudience.PUBLIC, publish_at=past),
        )
        cls.staff_post = publish_news(
            by=cls.programme_admin,
            community=None,
            text=NewsText(title="Staff news", body="Hi", publish_at=past),
        )
        cls.community_post = publish_news(
            by=cls.lead, community=cls.community, text=NewsText(title="FBP news", body="Hi", publish_at=past)
        )
        cls.private_post = publish_news(
            by=cls.lead,
            community=cls.private_community,
            text=NewsText(title="Circle news", body="Hi", publish_at=past),
        )
        cls.scheduled = publish_news(
            by=cls.lead,
            community=cls.community,
            text=NewsText(title="Later", body="Soon", publish_at=timezone.now() + timedelta(days=3)),
        )


class PublishingTests(NewsTestCase):
    def test_the_body_is_rendered_and_sanitised(self) -> None:
        post = publish_news(
            by=self.programme_admin,
            community=None,
            text=NewsText(title="Markup", body="**bold** <script>alert(1)</script> <b onclick=x>hi</b>"),
        )
        assert "<strong>bold</strong>" in post.body_html
        assert "<script" not in post.body_html
        assert "<b " not in post.body_html and "&lt;script&gt;" in post.body_html

    def test_bad_input_is_refused_beside_the_field_and_nothing_is_written(self) -> None:
        before = NewsPost.objects.count()
        for text, field in (
            (NewsText(title="", body="x"), "title"),
            (NewsText(title="Far", body="x", publish_at=timezone.now() + timedelta(days=400)), "publish_at"),
            (NewsText(title="Award", body="x", kind=NewsKind.RECOGNITION), "award_name"),
            (
                NewsText(title="Award", body="x", kind=NewsKind.RECOGNITION, award_name="Best"),
                "recognised_community",
            ),
        ):
            with self.subTest(field=field), self.assertRaises(Refused) as caught:
                publish_news(by=self.programme_admin, community=None, text=text)
            assert caught.exception.field == field
        with self.assertRaises(Refused) as caught:
            publish_news(
                by=self.lead,
                community=self.community,
                text=NewsText(title="x", audience=NewsAudience.PUBLIC, body=""),
            )
        assert caught.exception.field == "audience"
        assert NewsPost.objects.count() == before

    def test_only_the_programme_team_publishes_programme_news_and_leads_their_communitys(self) -> None:
        for person, community in (
            (self.lead, None),
            (self.member, self.community),
            (self.core, self.community),
            (self.lead, self.other_community()),
        ):
            with self.subTest(person=person.email), self.assertRaises(Refused) as caught:
                publish_news(by=person, community=community, text=NewsText(title="x", body=""))
            assert caught.exception.status == 403

    def other_community(self):  # type: ignore[no-untyped-def]
        from copse.testing import CommunityFactory

        return CommunityFactory(name="Elsewhere", slug="elsewhere", service_area=self.area)

    def test_recognition_names_its_award_and_who_is_recognised(self) -> None:
        post = publish_news(
            by=self.programme_admin,
            community=None,
            text=NewsText(
                title="Community of the year",
                body="",
                kind=NewsKind.RECOGNITION,
                award_name="Community of the year",
                recognised_community=self.community,
                recognised_person=self.lead,
            ),
        )
        assert (post.recognised_community, post.recognised_person) == (self.community, self.lead)
        update_news(post, by=self.programme_admin, text=NewsText(title="Plain now", body=""))
        post.refresh_from_db()
        assert post.recognised_community is None and post.award_name == ""

    def test_a_lead_edits_their_communitys_news_and_not_the_programmes(self) -> None:
        update_news(self.community_post, by=self.lead, text=NewsText(title="FBP news, edited", body=""))
        with self.assertRaises(Refused):
            update_news(self.staff_post, by=self.lead, text=NewsText(title="No", body=""))


class VisibilityTests(NewsTestCase):
    EXPECTED = {
        # who sees: public, staff, community, private, scheduled
        "anonymous": {"Public news"},
        "programme_admin": {"Public news", "Staff news", "FBP news", "Circle news", "Later"},
        "operator": {"Public news", "Staff news", "FBP news", "Circle news", "Later"},
        "lead": {"Public news", "Staff news", "FBP news", "Circle news", "Later"},
        "core": {"Public news", "Staff news", "FBP news", "Circle news"},
        "member": {"Public news", "Staff news", "FBP news"},
        "outsider": {"Public news", "Staff news", "FBP news"},
    }

    def test_visible_to_and_can_view_news_agree_for_every_persona(self) -> None:
        posts = list(NewsPost.objects.select_related("community"))
        for name in ("anonymous", *PERSONAS):
            user = AnonymousUser() if name == "anonymous" else self.persona(name)
            with self.subTest(persona=name):
                listed = set(NewsPost.objects.visible_to(user).values_list("title", flat=True))
                assert listed == self.EXPECTED[name]
                assert {p.title for p in posts if can_view_news(user, p)} == listed

    def test_get_news_for_hides_and_forbids(self) -> None:
        with self.assertRaises(Http404):
            get_news_for(self.member, self.private_post.pk)
        with self.assertRaises(Http404):
            get_news_for(self.member, self.scheduled.pk)
        with self.assertRaises(PermissionDenied):
            get_news_for(self.member, self.community_post.pk, action="edit")
        assert get_news_for(self.lead, self.scheduled.pk, action="edit") == self.scheduled

    def test_latest_news_is_the_newest_three_the_person_may_read(self) -> None:
        assert [p.title for p in latest_news(AnonymousUser())] == ["Public news"]
        assert len(latest_news(self.member)) == 3
        assert "Later" not in {p.title for p in latest_news(self.lead)}


class PageTests(NewsTestCase):
    def test_a_signed_out_visitor_reads_public_news_only(self) -> None:
        client = Client()
        response = client.get("/news/")
        assert response.status_code == 200
        assert b"Public news" in response.content and b"Staff news" not in response.content
        assert client.get(self.public.get_absolute_url()).status_code == 200
        assert client.get(self.staff_post.get_absolute_url()).status_code == 302
        assert b"Public news" in client.get("/").content

    def test_the_form_shows_bad_dates_beside_the_field_and_writes_nothing(self) -> None:
        far = (timezone.localtime() + timedelta(days=500)).strftime("%Y-%m-%dT%H:%M")
        cases = {
            "not a date": "Enter a valid date/time.",
            "2026-02-30T10:00": "Enter a valid date/time.",  # no such day
            "": "This field is required.",
            far: "Choose a date within a year from now.",
        }
        client = self.client_for("programme_admin")
        before = NewsPost.objects.count()
        for url in ("/news/new/", f"/news/{self.staff_post.pk}/edit/"):
            for value, message in cases.items():
                with self.subTest(url=url, value=value):
                    response = client.post(
                        url, {"title": "Hello", "publish_at": value, "audience": "staff", "kind": "news"}
                    )
                    assert response.status_code == 400
                    html = response.content.decode()
                    assert re.search(
                        r'<small class="error-message" id="id_publish_at-error">.*?' + re.escape(message),
                        html,
                    ), html
                    assert 'href="#id_publish_at"' in html
        assert NewsPost.objects.count() == before
        self.staff_post.refresh_from_db()
        assert self.staff_post.title == "Staff news"
        response = client.post(
            "/news/new/", {"title": "", "publish_at": "2026-01-01T10:00", "audience": "staff", "kind": "news"}
        )
        assert response.status_code == 400

    def test_a_lead_publishes_for_their_community_only(self) -> None:
        client = self.client_for("lead")
        response = client.post(
            f"/news/new/?community={self.community.slug}",
            {
                "title": "Our news",
                "body": "Hi",
                "publish_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            },
        )
        assert response.status_code == 302
        assert NewsPost.objects.filter(title="Our news", community=self.community).exists()
        member = self.client_for("member")
        assert member.get(f"/news/new/?community={self.community.slug}").status_code == 403
        assert member.get("/news/new/").status_code == 403

    def test_the_drafts_show_scheduled_posts_to_their_editors(self) -> None:
        assert b"Later" in self.client_for("lead").get("/news/drafts/").content
        assert b"Later" not in self.client_for("member").get("/news/drafts/").content

    def test_the_list_pages_by_keyset(self) -> None:
        now = timezone.now()
        for i in range(25):
            NewsPost.objects.create(title=f"Bulk {i:02}", publish_at=now - timedelta(days=2, minutes=i))
        client = self.client_for("member")
        first = client.get("/news/")
        assert first.status_code == 200
        page = first.context["page"]
        assert len(page.rows) == 20 and page.next_cursor
        second = client.get("/news/", {"after": page.next_cursor})
        titles = [p.title for p in second.context["page"].rows]
        assert not {p.title for p in page.rows} & set(titles)
        assert client.get("/news/", {"after": "garbage|x"}).status_code == 200

    def _pin(self, url: str, count: int) -> None:
        client = self.client_for("member")
        client.get(url)  # warm the session and caches
        with self.assertNumQueries(count):
            assert client.get(url).status_code == 200

    def test_query_counts_do_not_grow_with_the_posts(self) -> None:
        counts: dict[str, set[int]] = {}
        for total in (2, 30):
            NewsPost.objects.filter(title__startswith="Many").delete()
            for i in range(total):
                NewsPost.objects.create(
                    title=f"Many {i}",
                    community=self.community if i % 2 else None,
                    kind=NewsKind.RECOGNITION if i % 3 == 0 else NewsKind.NEWS,
                    recognised_community=self.community if i % 3 == 0 else None,
                    recognised_person=self.lead if i % 3 == 0 else None,
                    publish_at=timezone.now() - timedelta(hours=i + 1),
                    **picture(i),
                )
            client = self.client_for("member")
            for url in ("/news/", f"/news/{self.public.pk}/", "/"):
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                counts.setdefault(url, set()).add(len(queries))
        for url, seen in counts.items():
            assert len(seen) == 1, (url, seen)
        # The same for 2 and 30 posts, and small: the news part of the home page is one query of its own.
        assert counts == {"/news/": {6}, f"/news/{self.public.pk}/": {5}, "/": {10}}, counts
        for url, seen in counts.items():
            self._pin(url, next(iter(seen)))

    def test_the_drafts_page_takes_the_same_queries_for_2_and_20_drafts(self) -> None:
        counts: dict[str, set[int]] = {}
        for total in (2, 20):
            NewsPost.objects.scheduled().delete()
            for i in range(total):
                NewsPost.objects.create(
                    title=f"Draft {i}",
                    community=self.community if i % 2 else None,
                    kind=NewsKind.RECOGNITION if i % 3 == 0 else NewsKind.NEWS,
                    recognised_community=self.community if i % 3 == 0 else None,
                    recognised_person=self.lead if i % 3 == 0 else None,
                    author=self.lead,
                    publish_at=timezone.now() + timedelta(days=i + 1),
                    **picture(i),
                )
            for persona in ("lead", "programme_admin"):
                client = self.client_for(persona)
                client.get("/news/drafts/")
                with CaptureQueriesContext(connection) as queries:
                    response = client.get("/news/drafts/")
                assert response.status_code == 200
                assert response.content.count(b'class="card news-item') == (
                    total if persona == "programme_admin" else total // 2
                )
                counts.setdefault(persona, set()).add(len(queries))
        assert counts == {"lead": {DRAFTS_QUERIES}, "programme_admin": {DRAFTS_QUERIES}}, counts
        client = self.client_for("lead")
        client.get("/news/drafts/")
        with self.assertNumQueries(DRAFTS_QUERIES):
            client.get("/news/drafts/")

    def test_the_home_pages_news_costs_one_query(self) -> None:
        with self.assertNumQueries(1):
            latest_news(self.member)


class FeedTests(NewsTestCase):
    def test_the_feed_is_atom_of_public_published_posts_with_escaped_titles(self) -> None:
        publish_news(
            by=self.programme_admin,
            community=None,
            text=NewsText(title="Fish & <chips>", body="", audience=NewsAudience.PUBLIC),
        )
        response = Client().get("/news/feed.atom")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        assert b"&lt;chips&gt;" in response.content
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        titles = {entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")}  # type: ignore[union-attr]
        assert titles == {"Public news", "Fish & <chips>"}
