"""Loaded by pytest before Django (`-p copse.pytest_plugin` in pyproject): the environment the test suite runs in.

Tests run the real settings module; only what a test server needs differs: a fixed key, tasks run in-process
(still only after commit), cookies that plain-http test servers can set, and a folder of its own for uploads.
"""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("SECRET_KEY", "copse-test-suite-only")
os.environ.setdefault("COPSE_SECURE_COOKIES", "false")
os.environ.setdefault("COPSE_STATIC_FROM_SOURCE", "true")
os.environ.setdefault("COPSE_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault(
    "COPSE_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test")
)
# Uploaded photos go to a folder of this run's own, removed at the end.
if not os.environ.get("COPSE_MEDIA_ROOT"):
    os.environ["COPSE_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="copse-test-media-")
    atexit.register(shutil.rmtree, os.environ["COPSE_MEDIA_ROOT"], ignore_errors=True)
# Browser tests run a live server in a thread next to the test's database connection.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
