"""A production configuration passes Django's deployment checks, and a broken one refuses to start."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE_PY = Path(__file__).resolve().parents[3] / "manage.py"
# Everything settings.py reads; each test starts from none of them, as a fresh server would.
SETTINGS_PREFIXES = ("COPSE_", "SECURE_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "DJANGO_")
SETTINGS_NAMES = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DEFAULT_FROM_EMAIL"}


def manage(*args: str, env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_NAMES and not name.startswith(SETTINGS_PREFIXES)
    }
    clean.update(env, COPSE_VAR_DIR=str(var_dir))
    return subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, str(MANAGE_PY), *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def production_env() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "copse.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "COPSE_STATIC_FROM_SOURCE": "true",
    }


def test_production_settings_pass_the_deployment_checks(production_env, tmp_path) -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env, var_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_warn_when_https_is_not_enforced(production_env, tmp_path) -> None:
    del production_env["SECURE_SSL_REDIRECT"], production_env["SECURE_HSTS_SECONDS"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env, var_dir=tmp_path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W004" in output  # HSTS
    assert "security.W008" in output  # SSL redirect


def test_a_malformed_debug_value_stops_start_up(tmp_path) -> None:
    result = manage("check", env={"DEBUG": "maybe", "SECRET_KEY": "x" * 50}, var_dir=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_a_missing_secret_key_stops_start_up_when_debug_is_off(tmp_path) -> None:
    result = manage("check", env={}, var_dir=tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
