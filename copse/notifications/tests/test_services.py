"""`notify` and friends: the service other apps call to tell people things."""

from __future__ import annotations

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from copse.notifications import services
from copse.notifications.emails import read_unsubscribe_token
from copse.notifications.models import Notification, Preference
from copse.testing import NotificationFactory, PersonasTestCase, UserFactory


def notify(recipients, kind="replies_to_me", **kwargs) -> int:
    return services.notify(
        recipient_ids=[p.pk for p in recipients],
        kind=kind,
        title=kwargs.pop("title", "Leah Lead replied to Year-end tips"),
        url=kwargs.pop("url", "/communities/fbp/discussions/1/"),
        **kwargs,
    )


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class NotifyTests(PersonasTestCase):
    def test_notify_writes_one_unread_notification_for_each_recipient(self) -> None:
        created = notify([self.member, self.core], actor_id=self.lead.pk)

        assert created == 2
        rows = Notification.objects.order_by("recipient__email")
        assert [(n.recipient, n.kind, n.actor, n.read_at) for n in rows] == [
            (self.core, "replies_to_me", self.lead, None),
            (self.member, "replies_to_me", self.lead, None),
        ]
        assert rows[0].title == "Leah Lead replied to Year-end tips"
        assert rows[0].url == "/communities/fbp/discussions/1/"

    def test_the_actor_and_inactive_people_are_not_notified(self) -> None:
        leaver = UserFactory(is_active=False)

        assert notify([self.member, self.lead, leaver, self.member], actor_id=self.lead.pk) == 1
        assert list(Notification.objects.values_list("recipient", flat=True)) == [self.member.pk]

    def test_no_recipients_writes_nothing_and_queues_nothing(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            assert notify([]) == 0
        assert callbacks == []

    def test_an_unknown_kind_is_refused(self) -> None:
        with self.assertRaisesMessage(ValueError, "'replies' is not a kind of notification."):
            notify([self.member], kind="replies")
        assert not Notification.objects.exists()

    def test_a_url_off_this_site_is_refused(self) -> None:
        for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example"):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                notify([self.member], url=url)
        assert not Notification.objects.exists()

    def test_a_long_title_is_shortened_to_fit(self) -> None:
        notify([self.member], title="Very long " * 60)

        title = Notification.objects.get().title
        assert len(title) == 300
        assert title.endswith("…")

    def test_notify_costs_the_same_queries_for_2_and_200_recipients(self) -> None:
        few = [self.member, self.core]
        many = UserFactory.create_batch(200)
        with CaptureQueriesContext(connection) as small:
            notify(few)
        with CaptureQueriesContext(connection) as large:
            notify(many)

        assert Notification.objects.count() == 202
        # A savepoint, one INSERT ... SELECT ... RETURNING, its release.
        assert (len(small), len(large)) == (3, 3), [q["sql"][:80] for q in large]

    def test_one_task_is_queued_per_call_and_only_after_commit(self) -> None:
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            notify([self.member, self.core])
            assert mail.outbox == [], "no email before the transaction commits"

        assert len(callbacks) == 1
        assert sorted(m.to[0] for m in mail.outbox) == ["core@example.org", "member@example.org"]

    def test_immediate_emails_honour_each_persons_preference(self) -> None:
        services.set_deliveries(self.core, {"replies_to_me": "daily"})
        services.set_deliveries(self.lead, {"replies_to_me": "off"})
        services.set_deliveries(self.outsider, {"new_threads": "immediate"})

        with self.captureOnCommitCallbacks(execute=True):
            notify([self.member, self.core, self.lead])
        with self.captureOnCommitCallbacks(execute=True):
            notify([self.member, self.outsider], kind="new_threads", title="A new discussion")

        # The member keeps the defaults: replies straight away, new discussions weekly.
        assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
            ("member@example.org", "Leah Lead replied to Year-end tips"),
            ("outsider@example.org", "A new discussion"),
        ]
        # Everyone still has the notification in their list.
        assert Notification.objects.count() == 5
        assert set(
            Notification.objects.filter(emailed_at__isnull=False).values_list("recipient", flat=True)
        ) == {
            self.member.pk,
            self.outsider.pk,
        }

    def test_the_email_has_html_and_text_parts_and_one_click_unsubscribe(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            notify([self.member], title="Leah Lead replied to <Budgets & forecasts>", actor_id=self.lead.pk)

        [email] = mail.outbox
        notification = Notification.objects.get()
        open_url = f"https://copse.example.org/notifications/{notification.pk}/open/"
        assert "Leah Lead replied to <Budgets & forecasts>" in email.body
        assert open_url in email.body
        [(html, mimetype)] = email.alternatives
        assert mimetype == "text/html"
        assert "Leah Lead replied to &lt;Budgets &amp; forecasts&gt;" in html
        assert f'href="{open_url}"' in html
        unsubscribe = email.extra_headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<https://copse.example.org/notifications/unsubscribe/")
        assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        token = unsubscribe.removeprefix("<https://copse.example.org/notifications/unsubscribe/").rstrip("/>")
        assert read_unsubscribe_token(token) == (self.member.pk, "replies_to_me")
        assert unsubscribe[1:-1] in email.body
        assert "https://copse.example.org/me/notifications/" in email.body

    def test_a_read_notification_is_not_emailed(self) -> None:
        with self.captureOnCommitCallbacks() as callbacks:
            notify([self.member])
        services.mark_read(self.member)
        for callback in callbacks:
            callback()
        assert mail.outbox == []

    def test_a_rolled_back_transaction_queues_no_email(self) -> None:
        class RolledBack(Exception):
            pass

        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            self.assertRaises(RolledBack),
            transaction.atomic(),
        ):
            notify([self.member])
            raise RolledBack
        assert callbacks == []
        assert mail.outbox == []


class ReadingTests(PersonasTestCase):
    def test_unread_count_counts_only_the_persons_unread_notifications(self) -> None:
        NotificationFactory.create_batch(3, recipient=self.member)
        NotificationFactory(recipient=self.core)
        services.mark_read(self.member, [Notification.objects.filter(recipient=self.member).first().pk])

        assert services.unread_count(self.member) == 2

    def test_mark_read_ignores_other_peoples_notifications(self) -> None:
        theirs = NotificationFactory(recipient=self.core)

        assert services.mark_read(self.member, [theirs.pk]) == 0
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_mark_all_read(self) -> None:
        NotificationFactory.create_batch(3, recipient=self.member)

        assert services.mark_read(self.member) == 3
        assert services.unread_count(self.member) == 0

    def test_deliveries_are_the_defaults_until_the_person_chooses(self) -> None:
        services.set_deliveries(self.member, {"new_threads": "off"})
        services.set_deliveries(self.member, {"new_threads": "daily", "mentions": "weekly"})

        deliveries = services.deliveries_for(self.member)
        assert deliveries["new_threads"] == "daily"
        assert deliveries["mentions"] == "weekly"
        assert deliveries["replies_to_me"] == "immediate"
        assert deliveries["help_requests"] == "daily"
        assert Preference.objects.filter(person=self.member).count() == 2

    def test_an_unknown_delivery_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            services.set_deliveries(self.member, {"mentions": "hourly"})
        assert not Preference.objects.exists()
