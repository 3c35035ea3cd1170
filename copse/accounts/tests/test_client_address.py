"""Sign-in limits count per person's address behind the load balancer, and a forged header changes nothing."""

from __future__ import annotations

import ipaddress

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from copse.accounts.middleware import forwarded_client_address
from copse.settings import env_networks
from copse.testing import PASSWORD, PersonasTestCase

BALANCER = "10.0.0.7"
BALANCERS = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("2001:db8:1::/48")]
LOCKED_OUT = "Too many failed login attempts"


def failed_sign_ins(client: Client, count: int, **headers: str) -> list[str]:
    """Wrong passwords for as many different addresses, so only the per-address limit can be reached."""
    return [
        client.post(
            "/accounts/login/", {"login": f"nobody{n}@example.org", "password": "wrong"}, **headers
        ).content.decode()
        for n in range(count)
    ]


class ForwardedAddressTests(PersonasTestCase):
    def setUp(self) -> None:
        cache.clear()

    @override_settings(COPSE_TRUSTED_PROXIES=BALANCERS)
    def test_behind_a_trusted_balancer_one_persons_failures_do_not_lock_out_another(self) -> None:
        balancer = Client(REMOTE_ADDR=BALANCER)
        pages = failed_sign_ins(balancer, 11, HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert LOCKED_OUT not in pages[9] and LOCKED_OUT in pages[10]

        response = balancer.post(
            "/accounts/login/",
            {"login": "member@example.org", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )

        assert response.status_code == 302
        assert "_auth_user_id" in balancer.session

    @override_settings(COPSE_TRUSTED_PROXIES=BALANCERS)
    def test_behind_a_trusted_balancer_the_person_cannot_escape_their_limit_with_a_forged_header(
        self,
    ) -> None:
        balancer = Client(REMOTE_ADDR=BALANCER)
        failed_sign_ins(balancer, 10, HTTP_X_FORWARDED_FOR="203.0.113.5")

        # The person writes their own X-Forwarded-For; the balancer appends the address they came from.
        response = balancer.post(
            "/accounts/login/",
            {"login": "member@example.org", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5",
        )

        assert LOCKED_OUT in response.content.decode()
        assert "_auth_user_id" not in balancer.session

    def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(self) -> None:
        client = Client(REMOTE_ADDR="203.0.113.5")
        failed_sign_ins(client, 10)

        pages = [
            client.post(
                "/accounts/login/",
                {"login": "member@example.org", "password": PASSWORD},
                HTTP_X_FORWARDED_FOR=forged,
            ).content.decode()
            for forged in ("198.51.100.1", "198.51.100.2, 198.51.100.3", BALANCER)
        ]

        assert all(LOCKED_OUT in page for page in pages)
        assert "_auth_user_id" not in client.session

    @override_settings(COPSE_TRUSTED_PROXIES=BALANCERS)
    def test_a_header_from_someone_who_is_not_a_trusted_proxy_is_ignored(self) -> None:
        client = Client(REMOTE_ADDR="203.0.113.5")
        failed_sign_ins(client, 10, HTTP_X_FORWARDED_FOR="198.51.100.1")

        response = client.post(
            "/accounts/login/",
            {"login": "member@example.org", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="198.51.100.2",
        )

        assert LOCKED_OUT in response.content.decode()


class TestForwardedClientAddress:
    @pytest.mark.parametrize(
        ("remote_addr", "forwarded_for", "expected"),
        [
            ("10.0.0.7", "203.0.113.5", "203.0.113.5"),
            # Left of the first untrusted address is whatever the client wrote.
            ("10.0.0.7", "1.1.1.1, 203.0.113.5", "203.0.113.5"),
            # Two of our proxies in a row.
            ("10.0.0.7", "203.0.113.5, 10.0.0.9", "203.0.113.5"),
            ("10.0.0.7", "203.0.113.5:51234", "203.0.113.5"),
            ("[2001:db8:1::2]:443", "[2001:db8:9::5]:5000", "2001:db8:9::5"),
            ("10.0.0.7", "2001:db8:9::5", "2001:db8:9::5"),
            # Nothing to go on: keep REMOTE_ADDR.
            ("10.0.0.7", "", None),
            ("203.0.113.5", "198.51.100.1", None),
            ("not an address", "198.51.100.1", None),
            # Garbage written by our proxy: the last address we can vouch for.
            ("10.0.0.7", "203.0.113.5, unknown", "10.0.0.7"),
            ("10.0.0.7", "10.0.0.8", "10.0.0.8"),
        ],
    )
    def test_the_right_most_untrusted_address_is_the_persons(
        self, remote_addr: str, forwarded_for: str, expected: str | None
    ) -> None:
        assert forwarded_client_address(remote_addr, forwarded_for, BALANCERS) == expected


class TestTrustedProxiesSetting:
    def test_addresses_and_networks_are_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COPSE_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16,2001:db8::/32")
        assert [str(n) for n in env_networks("COPSE_TRUSTED_PROXIES")] == [
            "10.0.0.5/32",
            "10.1.0.0/16",
            "2001:db8::/32",
        ]

    def test_empty_by_default(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("COPSE_TRUSTED_PROXIES", raising=False)
        assert env_networks("COPSE_TRUSTED_PROXIES") == []

    def test_a_malformed_value_fails_loudly(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COPSE_TRUSTED_PROXIES", "10.0.0.5,load-balancer")
        with pytest.raises(ImproperlyConfigured, match="not 'load-balancer'"):
            env_networks("COPSE_TRUSTED_PROXIES")
