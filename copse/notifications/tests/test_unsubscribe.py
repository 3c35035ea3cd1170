"""One-click unsubscribe (RFC 8058): a signed link that works without signing in."""

from __future__ import annotations

from unittest import mock

from django.core import signing
from django.test import Client

from copse.notifications import emails, services
from copse.notifications.emails import unsubscribe_token
from copse.testing import PersonasTestCase


class UnsubscribeTests(PersonasTestCase):
    def url(self, token: str) -> str:
        return f"/notifications/unsubscribe/{token}/"

    def test_get_shows_a_confirmation_page_and_changes_nothing(self) -> None:
        response = Client().get(self.url(unsubscribe_token(self.member.pk, "mentions")))

        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Stop emails about mentions</h1>" in html
        assert "Stop these emails" in html
        assert services.deliveries_for(self.member)["mentions"] == "immediate"

    def test_one_click_post_from_a_mail_client_switches_that_kind_off(self) -> None:
        # A mail provider's server: no cookies, no CSRF token, just the RFC 8058 body.
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            self.url(unsubscribe_token(self.member.pk, "mentions")),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )

        assert response.status_code == 200
        assert "We will not email you about mentions any more." in response.content.decode()
        deliveries = services.deliveries_for(self.member)
        assert deliveries["mentions"] == "off"
        assert deliveries["replies_to_me"] == "immediate"

    def test_unsubscribing_from_a_digest_switches_off_every_kind_in_it(self) -> None:
        services.set_deliveries(self.member, {"mentions": "daily"})

        Client().post(self.url(unsubscribe_token(self.member.pk, "daily")))

        deliveries = services.deliveries_for(self.member)
        assert (deliveries["mentions"], deliveries["help_requests"]) == ("off", "off")
        assert deliveries["new_threads"] == "weekly"

    def test_a_tampered_token_is_404(self) -> None:
        token = unsubscribe_token(self.member.pk, "mentions")
        forged = signing.dumps([self.core.pk, "mentions"], salt="some other salt", compress=False)
        for bad in (token[:-2] + "xx", "not-a-token", forged, token.replace(":", ".", 1)):
            for method in ("get", "post"):
                with self.subTest(token=bad, method=method):
                    assert getattr(Client(), method)(self.url(bad)).status_code == 404
        assert services.deliveries_for(self.core)["mentions"] == "immediate"

    def test_a_token_for_something_that_is_not_a_kind_is_404(self) -> None:
        token = signing.dumps([self.member.pk, "everything"], salt=emails.UNSUBSCRIBE_SALT, compress=False)
        assert Client().post(self.url(token)).status_code == 404

    def test_a_token_for_someone_who_no_longer_exists_is_404(self) -> None:
        assert Client().get(self.url(unsubscribe_token(999999, "mentions"))).status_code == 404

    def test_an_expired_token_says_so_and_changes_nothing(self) -> None:
        token = unsubscribe_token(self.member.pk, "mentions")
        with mock.patch.object(emails, "UNSUBSCRIBE_MAX_AGE", -1):
            response = Client().post(self.url(token))

        assert response.status_code == 410
        assert "This link has expired" in response.content.decode()
        assert services.deliveries_for(self.member)["mentions"] == "immediate"
