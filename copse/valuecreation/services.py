"""Changes to the framework as the programme uses it."""

from __future__ import annotations

from django.db import transaction

from copse.accounts.models import User
from copse.core.refusals import Refused
from copse.core.text import has_forbidden_characters

from .models import ValueCycle


@transaction.atomic
def update_cycle(
    cycle: ValueCycle, *, by: User, name: str, description: str, question: str, is_enabled: bool
) -> ValueCycle:
    """The programme team rewords a cycle or switches it on or off. At least one cycle stays on: a story is told
    in steps, one per cycle, and reports are grouped by them. The cycles are locked while this is checked, so two
    people switching off the last two at the same moment cannot both succeed."""
    for value, field in ((name, "name"), (question, "question")):
        if has_forbidden_characters(value):
            raise Refused("Use one line of ordinary text.", field=field)
    enabled = set(ValueCycle.objects.select_for_update().filter(is_enabled=True).values_list("pk", flat=True))
    if not is_enabled and enabled <= {cycle.pk}:
        raise Refused(
            "At least one cycle must stay switched on: stories are told and reports grouped by cycle.",
            field="is_enabled",
        )
    cycle.name, cycle.description, cycle.question, cycle.is_enabled = name, description, question, is_enabled
    cycle.save(update_fields=["name", "description", "question", "is_enabled", "updated_at"])
    return cycle
