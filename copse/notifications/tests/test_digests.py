"""`send_digests`: one email per person per period, grouped by kind, never twice, resumed after a crash."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from copse.notifications import services
from copse.notifications.models import DigestRun, Notification
from copse.testing import NotificationFactory, PersonasTestCase, UserFactory

# A Wednesday afternoon in London.
NOW = datetime(2026, 4, 22, 15, 30, tzinfo=ZoneInfo("Europe/London"))


@override_settings(COPSE_BASE_URL="https://copse.example.org")
class DigestTests(PersonasTestCase):
    def help_request(self, person, title="Sam asked for help with VAT", **kwargs) -> None:
        NotificationFactory(recipient=person, kind="help_requests", title=title, **kwargs)

    def test_periods_start_today_or_on_monday(self) -> None:
        assert services.period_start("daily", NOW) == date(2026, 4, 22)
        assert services.period_start("weekly", NOW) == date(2026, 4, 20)

    def test_each_person_gets_one_digest_grouped_by_kind(self) -> None:
        services.set_deliveries(self.member, {"replies_to_me": "daily"})
        self.help_request(self.member, "Sam asked for help with VAT")
        self.help_request(self.member, "Ali asked for help with budgets", actor=self.core)
        NotificationFactory(recipient=self.member, kind="replies_to_me", title="Cora Core replied to you")
        self.help_request(self.core)

        counts = services.send_digests("daily", now=NOW)

        assert (counts.sent, counts.notifications, counts.resumed) == (2, 4, 0)
        [email] = [m for m in mail.outbox if m.to == ["member@example.org"]]
        assert email.subject == "Your daily summary from Copse: 3 new notifications"
        body = email.body
        # Grouped in the order the kinds are listed: replies first, then help requests.
        assert (
            body.index("Replies to me") < body.index("Cora Core replied to you") < body.index("Help requests")
        )
        assert body.index("Help requests") < body.index("Sam asked for help with VAT")
        assert "Ali asked for help with budgets (Cora Core)" in body
        [(html, _)] = email.alternatives
        assert "<h2" in html and "Help requests" in html
        assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert email.extra_headers["List-Unsubscribe"].startswith(
            "<https://copse.example.org/notifications/unsubscribe/"
        )
        assert Notification.objects.filter(digest__isnull=True).count() == 0
        assert set(DigestRun.objects.values_list("person", "period", "period_start")) == {
            (self.member.pk, "daily", date(2026, 4, 22)),
            (self.core.pk, "daily", date(2026, 4, 22)),
        }
        assert not DigestRun.objects.filter(sent_at__isnull=True).exists()

    def test_only_unread_unemailed_notifications_of_that_periods_kinds_are_included(self) -> None:
        self.help_request(self.member, "Included")
        self.help_request(self.member, "Already read", read_at=NOW)
        self.help_request(self.member, "Already emailed", emailed_at=NOW)
        NotificationFactory(recipient=self.member, kind="new_threads", title="Weekly, not daily")
        NotificationFactory(recipient=self.member, kind="replies_to_me", title="Sent straight away")
        services.set_deliveries(self.core, {"help_requests": "off"})
        self.help_request(self.core, "Switched off")

        services.send_digests("daily", now=NOW)

        [email] = mail.outbox
        assert "Included" in email.body
        for title in ("Already read", "Already emailed", "Weekly, not daily", "Sent straight away"):
            assert title not in email.body
        assert email.subject.endswith(": 1 new notification")

    def test_running_again_in_the_same_period_sends_nothing(self) -> None:
        self.help_request(self.member)
        services.send_digests("daily", now=NOW)
        self.help_request(self.member, "Arrived after today's digest")

        counts = services.send_digests("daily", now=NOW)

        assert counts.sent == 0
        assert len(mail.outbox) == 1
        # It waits for tomorrow's digest.
        services.send_digests("daily", now=NOW.replace(day=23))
        assert len(mail.outbox) == 2
        assert "Arrived after today's digest" in mail.outbox[1].body

    def test_a_run_resumes_where_a_crashed_one_stopped(self) -> None:
        for person in (self.member, self.core, self.lead):
            self.help_request(person, f"Help request for {person.name}")
        start = services.period_start("daily", NOW)
        # The crashed run had sent the member's digest, and written (but not sent) the core member's.
        DigestRun.objects.create(person=self.member, period="daily", period_start=start, sent_at=NOW)
        interrupted = DigestRun.objects.create(person=self.core, period="daily", period_start=start)
        Notification.objects.filter(recipient=self.core).update(digest=interrupted)

        counts = services.send_digests("daily", now=NOW)

        assert (counts.sent, counts.resumed) == (2, 1)
        assert sorted(m.to[0] for m in mail.outbox) == ["core@example.org", "lead@example.org"]
        assert not DigestRun.objects.filter(sent_at__isnull=True).exists()
        assert services.send_digests("daily", now=NOW).sent == 0

    def test_an_interrupted_digest_whose_notifications_were_all_read_is_closed_without_an_email(self) -> None:
        start = services.period_start("daily", NOW)
        run = DigestRun.objects.create(person=self.core, period="daily", period_start=start)
        self.help_request(self.core, read_at=NOW, digest=run)

        assert services.send_digests("daily", now=NOW).sent == 0
        run.refresh_from_db()
        assert run.sent_at is not None
        assert mail.outbox == []

    def test_inactive_people_get_no_digest(self) -> None:
        self.help_request(UserFactory(is_active=False))

        assert services.send_digests("daily", now=NOW).sent == 0

    def test_queries_are_a_fixed_number_per_batch_of_people(self) -> None:
        def queries_for(people: int) -> int:
            Notification.objects.all().delete()
            DigestRun.objects.all().delete()
            for person in UserFactory.create_batch(people):
                self.help_request(person)
                self.help_request(person)
            with CaptureQueriesContext(connection) as queries:
                counts = services.send_digests("daily", now=NOW, batch_size=10)
            assert counts.sent == people
            return len(queries)

        one_batch, three_batches = queries_for(10), queries_for(30)
        per_batch = (three_batches - one_batch) // 2
        assert three_batches == one_batch + 2 * per_batch
        # Choose people, write their runs and attach notifications (in a savepoint), fetch, mark sent.
        assert per_batch == 7, per_batch
        assert one_batch == 2 + per_batch  # plus looking for interrupted runs, and finding no more people

    def test_the_command_prints_counts_and_is_safe_to_rerun(self) -> None:
        self.help_request(self.member)
        out = io.StringIO()
        call_command("send_digests", "--period", "daily", stdout=out, stderr=io.StringIO())
        call_command("send_digests", "--period", "daily", stdout=out, stderr=io.StringIO())

        assert out.getvalue().splitlines() == [
            "Sent 1 daily digest with 1 notification.",
            "Sent 0 daily digests with 0 notifications.",
        ]
        assert len(mail.outbox) == 1

    def test_weekly_digests_carry_weekly_kinds(self) -> None:
        NotificationFactory(recipient=self.member, kind="new_threads", title="Year-end tips")

        out = io.StringIO()
        call_command("send_digests", "--period", "weekly", stdout=out)

        [email] = mail.outbox
        assert email.subject == "Your weekly summary from Copse: 1 new notification"
        assert "New discussions" in email.body
