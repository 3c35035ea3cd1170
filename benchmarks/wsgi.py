"""The production WSGI application for benchmarks, with the bare views beside the site.

`/__bench/bare` goes through the full middleware stack like every page; `/__bench/bare-no-middleware` goes to a
second handler built with no middleware at all. Served by gunicorn from `run.py --server`; never deployed.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "copse.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from benchmarks.urls import BARE_NO_MIDDLEWARE  # noqa: E402

settings.ROOT_URLCONF = "benchmarks.urls"
full_stack = WSGIHandler()
with override_settings(MIDDLEWARE=[]):
    no_middleware = WSGIHandler()


def application(environ, start_response):  # type: ignore[no-untyped-def]
    handler = no_middleware if environ.get("PATH_INFO") == BARE_NO_MIDDLEWARE else full_stack
    return handler(environ, start_response)
