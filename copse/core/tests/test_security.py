"""Security defaults every page shares: CSP with nonces, CSRF, rate-limited sign-in, closed sign-up."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.test import Client

from copse.accounts.models import User
from copse.testing import PASSWORD, PersonasTestCase


class SecurityHeaderTests(PersonasTestCase):
    def test_pages_carry_a_nonce_based_csp_without_unsafe_inline_scripts(self) -> None:
        response = self.client_for("member").get("/communities/")
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]+)", policy)
        assert script_src is not None
        assert "'nonce-" in script_src.group(1)
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        nonce = re.search(r"'nonce-([^']+)'", script_src.group(1)).group(1)  # type: ignore[union-attr]
        html = response.content.decode()
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts and all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in scripts)
        assert " onclick=" not in html and " onload=" not in html

    def test_other_security_headers(self) -> None:
        response = self.client_for("member").get("/")
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"

    def test_posts_without_a_csrf_token_are_refused(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.outsider)
        response = client.post("/communities/fbp/join/", {"message": "Hello"})
        assert response.status_code == 403
        assert not self.outsider.join_requests.exists()

    def test_htmx_requests_carry_the_csrf_token_from_the_body(self) -> None:
        html = self.client_for("member").get("/").content.decode()
        assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'>", html)


class SignInTests(PersonasTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_staff_sign_in_with_email_and_password(self) -> None:
        response = Client().post("/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
        assert response.status_code == 302

    def test_repeated_failed_sign_ins_are_rate_limited(self) -> None:
        client = Client()
        pages = [
            client.post(
                "/accounts/login/", {"login": "member@example.org", "password": "wrong"}
            ).content.decode()
            for _ in range(6)
        ]
        assert all("are not correct" in page for page in pages[:5])
        assert "Too many failed login attempts. Try again later." in pages[5]
        # Even the right password is refused while the limit lasts: no session is started.
        response = client.post("/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
        assert response.status_code == 200
        assert "Too many failed login attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_self_sign_up_is_closed(self) -> None:
        response = Client().post(
            "/accounts/signup/",
            {"email": "stranger@example.com", "password1": "x-Long-pass-1", "password2": "x-Long-pass-1"},
        )
        assert response.status_code == 200
        assert "closed" in response.content.decode().lower()
        assert not User.objects.filter(email="stranger@example.com").exists()

    def test_deactivated_staff_cannot_sign_in(self) -> None:
        self.member.is_active = False
        self.member.save(update_fields=["is_active"])
        client = Client()
        response = client.post("/accounts/login/", {"login": "member@example.org", "password": PASSWORD})
        assert response["Location"] == "/accounts/inactive/"
        assert "_auth_user_id" not in client.session

    def test_people_cannot_change_the_email_address_hr_matches_them_by(self) -> None:
        client = self.client_for("member")
        response = client.post("/accounts/email/", {"email": "other@example.com", "action_add": ""})
        assert response["Location"] == "/me/"
        assert self.member.emailaddress_set.count() == 0
