"""The period a value report covers: from one month to another, the last 12 months unless chosen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict

from copse.core.forms import AccessibleFormMixin

from ..months import month_end
from ..reports import default_period

# A report reads at most five years, so its charts stay legible.
LONGEST_MONTHS = 60
MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthField(forms.CharField):
    """A month as the browser's month picker sends it, "2026-03"; the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03", "inputmode": "numeric"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        found = MONTH.match(text)
        if found is None:
            raise forms.ValidationError("Enter a month as its year and number, like 2026-03.")
        year, month = int(found[1]), int(found[2])
        if not 1 <= month <= 12:
            raise forms.ValidationError("A month is numbered from 01 (January) to 12 (December).")
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("Enter a year between 2000 and 2100.")
        return date(year, month, 1)


class PeriodForm(AccessibleFormMixin, forms.Form):
    """From and to which month a report reads. Bad input gets a message beside the field and the report shows the
    last 12 months."""

    start = MonthField(
        label="From",
        help_text="The first month, like 2026-01.",
        error_messages={"required": "Enter the first month, like 2026-01."},
    )
    end = MonthField(
        label="To",
        help_text="The last month, included.",
        error_messages={"required": "Enter the last month, like 2026-06."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The last month must come after the first.")
            elif (end.year - start.year) * 12 + end.month - start.month >= LONGEST_MONTHS:
                self.add_error("end", "A report reads five years at most: choose a later first month.")
        return cleaned

    @classmethod
    def of(cls, query: QueryDict) -> PeriodForm:
        """Bound when the person chose a period; otherwise showing the last 12 months."""
        start, end = default_period()
        initial = {"start": start.strftime("%Y-%m"), "end": end.strftime("%Y-%m")}
        chosen = "start" in query or "end" in query
        return cls(query if chosen else None, initial=initial)

    def period(self) -> tuple[date, date]:
        """The first and last day of the period: the chosen one when it is valid, otherwise the last 12 months."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], month_end(self.cleaned_data["end"])
        return default_period()
