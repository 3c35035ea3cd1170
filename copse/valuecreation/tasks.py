"""Value creation's background work, for the worker (`manage.py db_worker`) or a scheduler that enqueues it."""

from __future__ import annotations

from django_tasks import task

from .services.platform import DEFAULT_MONTHS, compute_platform_indicators
from .services.surveys import close_due_surveys


@task()
def compute_value_indicators(months: int = DEFAULT_MONTHS) -> dict[str, int]:
    """The platform indicators for the last `months` calendar months (see `services.platform`)."""
    done = compute_platform_indicators(months=months)
    return {
        "created": done.created,
        "updated": done.updated,
        "unchanged": done.unchanged,
        "removed": done.removed,
    }


@task()
def close_value_surveys() -> dict[str, int]:
    """Record the answers of surveys whose last day has passed."""
    closed = close_due_surveys()
    return {"surveys": closed.surveys, "observations": closed.observations}
