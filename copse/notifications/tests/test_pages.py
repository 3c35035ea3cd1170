"""The notifications page, opening a notification, and email preferences."""

from __future__ import annotations

from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from copse.notifications import services
from copse.notifications.context_processors import unread_notifications
from copse.notifications.kinds import KINDS
from copse.notifications.models import Notification
from copse.testing import NotificationFactory, PersonasTestCase


class NotificationListTests(PersonasTestCase):
    def test_newest_first_with_unread_in_words(self) -> None:
        older = NotificationFactory(recipient=self.member, title="Older one", actor=self.lead)
        NotificationFactory(recipient=self.member, title="Newer one")
        services.mark_read(self.member, [older.pk])
        NotificationFactory(recipient=self.core, title="Not mine")

        html = self.client_for("member").get("/notifications/").content.decode()

        assert html.index("Newer one") < html.index("Older one")
        assert "Not mine" not in html
        assert html.count("<strong>Unread</strong>") == 1
        assert "You have 1 unread notification." in html
        assert "from Leah Lead" in html
        assert "Notifications, 1 unread" in html  # the header bell

    def test_an_empty_list_says_what_happens_next(self) -> None:
        html = self.client_for("member").get("/notifications/").content.decode()

        assert "You have no notifications yet." in html
        assert "Mark all as read" not in html
        assert '<span class="visually-hidden">Notifications</span>' in html  # the bell says no count
        assert "count-badge" not in html

    def test_keyset_pagination_shows_older_notifications(self) -> None:
        NotificationFactory.create_batch(55, recipient=self.member)
        client = self.client_for("member")

        first = client.get("/notifications/")
        assert len(first.context["page"].rows) == 50
        cursor = first.context["page"].next_cursor
        second = client.get("/notifications/", {"after": cursor})
        assert len(second.context["page"].rows) == 5
        shown = {n.pk for n in first.context["page"].rows} | {n.pk for n in second.context["page"].rows}
        assert len(shown) == 55

    def test_a_bad_cursor_starts_from_the_newest(self) -> None:
        NotificationFactory(recipient=self.member, title="Only one")
        response = self.client_for("member").get("/notifications/", {"after": "nonsense|x"})
        assert response.status_code == 200
        assert "Only one" in response.content.decode()

    def test_query_count_is_the_same_for_2_and_50_notifications(self) -> None:
        client = self.client_for("member")

        def count() -> int:
            client.get("/notifications/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/notifications/").status_code == 200
            return len(queries)

        NotificationFactory.create_batch(2, recipient=self.member, actor=self.lead)
        small = count()
        NotificationFactory.create_batch(48, recipient=self.member, actor=self.core)
        large = count()
        # Session, user, the page of notifications, the header's unread count and its communities menu.
        assert (small, large) == (5, 5)

    def test_the_header_count_costs_no_query_on_pages_that_do_not_show_it(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.member
        with CaptureQueriesContext(connection) as queries:
            context = unread_notifications(request)
        assert len(queries) == 0
        NotificationFactory(recipient=self.member)
        template = engines["django"].from_string("{{ n }} {{ n }}")
        with CaptureQueriesContext(connection) as queries:
            assert template.render({"n": context["unread_notifications"]}) == "1 1"
        assert len(queries) == 1


class OpenTests(PersonasTestCase):
    def test_opening_marks_read_and_goes_to_the_page(self) -> None:
        notification = NotificationFactory(recipient=self.member, url="/communities/fbp/discussions/")

        response = self.client_for("member").get(f"/notifications/{notification.pk}/open/")

        assert response.status_code == 302
        assert response["Location"] == "/communities/fbp/discussions/"
        notification.refresh_from_db()
        assert notification.read_at is not None

    def test_opening_again_keeps_the_first_read_time(self) -> None:
        notification = NotificationFactory(recipient=self.member)
        client = self.client_for("member")
        client.get(f"/notifications/{notification.pk}/open/")
        notification.refresh_from_db()
        first = notification.read_at

        client.get(f"/notifications/{notification.pk}/open/")
        notification.refresh_from_db()
        assert notification.read_at == first

    def test_someone_elses_notification_is_404_and_stays_unread(self) -> None:
        notification = NotificationFactory(recipient=self.core)

        response = self.client_for("member").get(f"/notifications/{notification.pk}/open/")

        assert response.status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None

    def test_a_notification_pointing_off_site_never_redirects_there(self) -> None:
        notification = NotificationFactory(recipient=self.member)
        Notification.objects.filter(pk=notification.pk).update(url="//evil.example/")

        response = self.client_for("member").get(f"/notifications/{notification.pk}/open/")

        assert response["Location"] == "/notifications/"


class MarkAllReadTests(PersonasTestCase):
    def test_mark_all_as_read(self) -> None:
        NotificationFactory.create_batch(3, recipient=self.member)
        theirs = NotificationFactory(recipient=self.core)

        response = self.client_for("member").post("/notifications/read/", follow=True)

        assert "3 notifications marked as read." in response.content.decode()
        assert services.unread_count(self.member) == 0
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_get_is_not_allowed(self) -> None:
        assert self.client_for("member").get("/notifications/read/").status_code == 405


class PreferencesTests(PersonasTestCase):
    def choices(self, **changes: str) -> dict[str, str]:
        return services.deliveries_for(self.member) | changes

    def test_each_kind_is_a_fieldset_of_radio_buttons_showing_the_current_choice(self) -> None:
        services.set_deliveries(self.member, {"mentions": "weekly"})

        html = self.client_for("member").get("/me/notifications/").content.decode()

        assert html.count("<fieldset") == len(KINDS)
        assert "<legend><strong>Mentions</strong></legend>" in html
        assert "Someone mentions you with @ in a post." in html
        assert 'name="mentions" value="weekly" id="id_mentions_2" required checked' in html
        assert "Save preferences" in html

    def test_saving_preferences(self) -> None:
        response = self.client_for("member").post(
            "/me/notifications/", self.choices(mentions="off", new_threads="daily"), follow=True
        )

        assert "Your email preferences have been saved." in response.content.decode()
        deliveries = services.deliveries_for(self.member)
        assert (deliveries["mentions"], deliveries["new_threads"]) == ("off", "daily")

    def test_a_bad_value_is_400_with_a_message_and_saves_nothing(self) -> None:
        response = self.client_for("member").post("/me/notifications/", self.choices(mentions="hourly"))

        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem" in html
        assert (
            '<a href="#id_mentions_0">Choose how we email you about mentions from the options given</a>'
            in html
        )
        assert 'id="id_mentions-error"' in html
        assert services.deliveries_for(self.member)["mentions"] == "immediate"
        assert not self.member.notification_preferences.exists()

    def test_a_missing_value_is_400(self) -> None:
        data = self.choices()
        del data["decisions"]

        response = self.client_for("member").post("/me/notifications/", data)

        assert response.status_code == 400
        assert "Choose how we email you about decisions about my requests" in response.content.decode()
