"""Changes to the framework as the programme uses it."""

from __future__ import annotations

from django.db import transaction

from copse.core.refusals import Refused
from copse.core.text import paragraphs, single_line

from ..models import DESCRIPTION_MAX, NAME_MAX, QUESTION_MAX, ValueCycle


@transaction.atomic
def update_cycle(
    cycle: ValueCycle, *, name: str, description: str, question: str, is_enabled: bool
) -> ValueCycle:
    """The programme team rewords a cycle or switches it on or off. At least one cycle stays on: a story is told
    in steps, one per cycle, and reports are grouped by them. The cycles are locked while this is checked, so two
    people switching off the last two at the same moment cannot both succeed."""
    name = single_line(name, field="name", label="the name", max_length=NAME_MAX, required=True)
    description = paragraphs(
        description, field="description", label="what it means", max_length=DESCRIPTION_MAX, required=True
    )
    question = single_line(
        question, field="question", label="the reflective question", max_length=QUESTION_MAX, required=True
    )
    enabled = set(ValueCycle.objects.select_for_update().filter(is_enabled=True).values_list("pk", flat=True))
    if not is_enabled and enabled <= {cycle.pk}:
        raise Refused(
            "At least one cycle must stay switched on: stories are told and reports grouped by cycle.",
            field="is_enabled",
        )
    cycle.name, cycle.description, cycle.question, cycle.is_enabled = name, description, question, is_enabled
    cycle.save(update_fields=["name", "description", "question", "is_enabled", "updated_at"])
    return cycle
