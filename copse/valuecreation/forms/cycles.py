from __future__ import annotations

from typing import Any

from django import forms

from copse.core.forms import AccessibleFormMixin
from copse.core.text import SingleLineField

from ..models import DESCRIPTION_MAX, NAME_MAX, QUESTION_MAX, ValueCycle


class CycleForm(AccessibleFormMixin, forms.Form):
    """The programme team's wording of one cycle, and whether the programme looks at it."""

    name = SingleLineField(label="Name", max_length=NAME_MAX)
    description = forms.CharField(
        label="What it means",
        max_length=DESCRIPTION_MAX,
        help_text="In plain words, for people who have never heard of the framework.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    question = SingleLineField(
        label="Reflective question",
        max_length=QUESTION_MAX,
        help_text=ValueCycle._meta.get_field("question").help_text,
    )
    is_enabled = forms.BooleanField(
        label="Switched on",
        required=False,
        help_text=ValueCycle._meta.get_field("is_enabled").help_text,
    )

    @classmethod
    def of(cls, cycle: ValueCycle, data: Any = None) -> CycleForm:
        fields = ("name", "description", "question", "is_enabled")
        return cls(data, initial={name: getattr(cycle, name) for name in fields})
