"""The forms of indicators: adopting one with a target, defining a community's own, and recording an
observation."""

from __future__ import annotations

from typing import Any

from django import forms

from copse.communities.models import Community
from copse.core.forms import AccessibleFormMixin
from copse.core.text import SingleLineField
from copse.projects.models import Project

from ..models import DESCRIPTION_MAX, INDICATOR_NAME_MAX, Capital, IndicatorDefinition, ValueCycle
from ..models.indicators import TEXT_MAX
from ..services.indicators import PEOPLE_LIMIT, TARGET_MAX, UNIT_MAX


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class IndicatorProjectsForm(AccessibleFormMixin, forms.Form):
    projects = ProjectChoiceField(
        label="Projects it shows the difference of",
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The community's improvement projects this indicator follows. Each project's page links here.",
    )

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(community=community).order_by("title")  # type: ignore[attr-defined]


class TargetForm(AccessibleFormMixin, forms.Form):
    target = SingleLineField(
        label="Target",
        max_length=TARGET_MAX,
        required=False,
        help_text="What the community hopes to see, such as “30 people at each webinar”.",
    )


class IndicatorForm(AccessibleFormMixin, forms.Form):
    name = SingleLineField(label="Name", max_length=INDICATOR_NAME_MAX)
    cycle = forms.ModelChoiceField(
        label="Cycle",
        queryset=ValueCycle.objects.none(),
        empty_label="Choose a cycle",
        help_text="The kind of value it shows.",
    )
    capital = forms.ChoiceField(
        label="Form of capital",
        choices=[("", "None: not potential value"), *Capital.choices],
        required=False,
        help_text="For potential value only: what kind of knowledge capital it measures.",
    )
    description = forms.CharField(
        label="What it shows",
        max_length=DESCRIPTION_MAX,
        help_text="In plain words, so anyone reading a report understands the figure.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measure = forms.ChoiceField(
        label="Is it a number or a description?",
        choices=IndicatorDefinition.Measure.choices,
        initial=IndicatorDefinition.Measure.QUANTITATIVE,
        widget=forms.RadioSelect,
    )
    unit = SingleLineField(
        label="Unit",
        max_length=UNIT_MAX,
        required=False,
        help_text="For a number: what it counts, such as “people” or “hours”.",
    )
    source = forms.ChoiceField(
        label="Where the figures come from",
        choices=[
            (value, label)
            for value, label in IndicatorDefinition.Source.choices
            if value != IndicatorDefinition.Source.PLATFORM
        ],
        initial=IndicatorDefinition.Source.MANUAL,
        widget=forms.RadioSelect,
    )
    better = forms.ChoiceField(
        label="Which way is better?",
        choices=IndicatorDefinition.Better.choices,
        initial=IndicatorDefinition.Better.HIGHER,
        widget=forms.RadioSelect,
    )
    target = TargetForm.base_fields["target"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cycle_field: forms.ModelChoiceField = self.fields["cycle"]  # type: ignore[type-arg,assignment]
        cycle_field.queryset = ValueCycle.objects.enabled()


class ObservationForm(AccessibleFormMixin, forms.Form):
    """The fields follow the indicator: a figure for one that is counted (with an optional note), words for one
    that is described."""

    period_start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(
        label="To",
        help_text="The last day of the period, today at the latest.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    value = forms.DecimalField(label="Figure", max_digits=14, decimal_places=2, required=False)
    text = forms.CharField(
        label="What was seen", max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=TEXT_MAX,
        required=False,
        help_text="Web addresses of reports, minutes or data, one a line, each starting with https://.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    people = forms.IntegerField(
        label="How many people it is drawn from",
        min_value=0,
        max_value=PEOPLE_LIMIT,
        required=False,
        help_text="Where you know it. A figure from fewer than five people is not shown on its own.",
    )

    def __init__(self, *args: Any, indicator: IndicatorDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if indicator.measure == IndicatorDefinition.Measure.QUANTITATIVE:
            self.fields["value"].required = True
            self.fields["value"].label = f"Figure ({indicator.unit})" if indicator.unit else "Figure"
            self.fields["text"].label = "Notes"
        else:
            del self.fields["value"]
            self.fields["text"].required = True
