"""Account emails (password reset) are queued by the request and sent by a background task."""

from __future__ import annotations

from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django_tasks import default_task_backend

from copse.accounts import tasks
from copse.testing import PersonasTestCase

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class PasswordResetEmailTests(PersonasTestCase):
    def setUp(self) -> None:
        cache.clear()

    def ask_for_a_reset(self, email: str) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = Client().post("/accounts/password/reset/", {"email": email})
        assert response.status_code == 302

    @override_settings(TASKS=QUEUED)
    def test_the_request_queues_the_email_and_sends_nothing_itself(self) -> None:
        self.ask_for_a_reset("member@example.org")

        assert mail.outbox == []
        [queued] = default_task_backend.results  # type: ignore[attr-defined]
        assert queued.task.func is tasks.send_account_email.func
        [message] = queued.args
        assert message["to"] == ["member@example.org"]
        assert "/accounts/password/reset/key/" in message["body"]

    @override_settings(TASKS=QUEUED)
    def test_the_task_sends_the_queued_email(self) -> None:
        self.ask_for_a_reset("Member@Example.org")
        [queued] = default_task_backend.results  # type: ignore[attr-defined]

        sent = tasks.send_account_email.call(*queued.args)

        assert sent == 1
        [email] = mail.outbox
        assert email.to == ["member@example.org"]
        assert "Password Reset" in email.subject
        link = next(word for word in email.body.split() if "/accounts/password/reset/key/" in word)
        response = Client().get(link.removeprefix("http://testserver"), follow=True)
        assert response.status_code == 200
        assert 'name="password1"' in response.content.decode()  # the link works: a new password may be set

    def test_with_the_worker_running_the_person_gets_the_email(self) -> None:
        self.ask_for_a_reset("member@example.org")

        [email] = mail.outbox
        assert email.to == ["member@example.org"]
        assert "/accounts/password/reset/key/" in email.body
