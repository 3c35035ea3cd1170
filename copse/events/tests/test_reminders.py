"""Event reminders: once per event, only to the people going, within the configured window."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Visibility
from copse.events.models import Event, Registration
from copse.events.reminders import Reminded, send_due_reminders
from copse.notifications.models import Notification
from copse.testing import CommunityFactory, MembershipFactory, UserFactory


def make_event(*, starts_in: timedelta = timedelta(hours=3), **kwargs: Any) -> Event:
    start = timezone.now() + starts_in
    defaults: dict[str, Any] = {
        "title": "Year-end webinar",
        "community": CommunityFactory(),
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
    }
    return Event.objects.create(**(defaults | kwargs))


def register(event: Event, status: str = Registration.Status.GOING, *, count: int = 1) -> list[User]:
    people: list[User] = UserFactory.create_batch(count)
    Registration.objects.bulk_create([Registration(event=event, person=p, status=status) for p in people])
    return people


class RemindersTests(TestCase):
    def test_the_people_going_are_reminded_once_by_notification_and_email(self) -> None:
        event = make_event()
        going = register(event, count=2)
        register(event, Registration.Status.WAITLIST)
        register(event, Registration.Status.CANCELLED)

        with self.captureOnCommitCallbacks(execute=True):
            assert send_due_reminders() == Reminded(events=1, people=2)
        with self.captureOnCommitCallbacks(execute=True):
            assert send_due_reminders() == Reminded(events=0, people=0)

        notifications = Notification.objects.filter(kind="event_reminders")
        assert sorted(n.recipient_id for n in notifications) == sorted(p.pk for p in going)
        assert {n.url for n in notifications} == {event.get_absolute_url()}
        assert sorted(address for email in mail.outbox for address in email.to) == sorted(
            p.email for p in going
        )
        event.refresh_from_db()
        assert event.reminder_sent_at is not None

    def test_the_title_gives_the_start_in_the_events_time_zone(self) -> None:
        now = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
        start = datetime(2026, 7, 1, 13, 30, tzinfo=UTC)
        event = make_event(starts_at=start, ends_at=start + timedelta(hours=1))
        register(event)

        send_due_reminders(now=now)

        assert (
            Notification.objects.get().title
            == "Reminder: “Year-end webinar” starts Wednesday 1 July 2026, 2:30pm (London time)"
        )

    def test_no_reminder_for_cancelled_started_already_reminded_or_later_events(self) -> None:
        cancelled = make_event(status=Event.Status.CANCELLED, cancel_reason="The speaker is ill.")
        started = make_event(starts_in=timedelta(minutes=-10))
        reminded = make_event(reminder_sent_at=timezone.now() - timedelta(hours=1))
        later = make_event(starts_in=timedelta(hours=25))
        for event in (cancelled, started, reminded, later):
            register(event)

        assert send_due_reminders() == Reminded(events=0, people=0)
        assert not Notification.objects.exists()

    def test_the_setting_sets_how_long_before_the_start_people_are_reminded(self) -> None:
        event = make_event(starts_in=timedelta(hours=30))
        register(event)

        assert send_due_reminders() == Reminded(events=0, people=0)
        with override_settings(COPSE_EVENT_REMINDER_HOURS=48):
            assert send_due_reminders() == Reminded(events=1, people=1)

    def test_people_who_left_a_private_community_are_not_reminded(self) -> None:
        community = CommunityFactory(visibility=Visibility.PRIVATE)
        event = make_event(community=community)
        stayed, left = register(event, count=2)
        MembershipFactory(community=community, person=stayed)
        MembershipFactory(community=community, person=left, left_at=timezone.now())

        assert send_due_reminders() == Reminded(events=1, people=1)
        assert Notification.objects.get().recipient == stayed

    def test_queries_do_not_grow_with_the_number_of_people_going(self) -> None:
        counts = []
        for going in (2, 40):
            register(make_event(), count=going)
            with CaptureQueriesContext(connection) as queries:
                assert send_due_reminders() == Reminded(events=1, people=going)
            counts.append(len(queries))

        # The events due; then for each its claim, the people going and one insert, inside two savepoints.
        assert counts == [8, 8]

    def test_the_command_says_how_many_events_and_people(self) -> None:
        register(make_event(), count=3)
        out = io.StringIO()

        call_command("send_event_reminders", stdout=out)

        assert out.getvalue() == "Reminded 3 people about 1 event.\n"


class ConcurrentRemindersTests(TransactionTestCase):
    def test_runs_at_the_same_time_remind_each_person_once(self) -> None:
        event = make_event()
        register(event, count=5)
        runs = 4
        barrier = threading.Barrier(runs)
        results: list[Reminded] = []
        errors: list[BaseException] = []

        def run() -> None:
            barrier.wait()
            try:
                results.append(send_due_reminders())
            except BaseException as exc:  # the assertion below reports it
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert sorted(r.events for r in results) == [0, 0, 0, 1]
        assert Notification.objects.filter(kind="event_reminders").count() == 5
        assert len(mail.outbox) == 5
