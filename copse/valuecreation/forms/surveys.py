"""The forms of value surveys: a survey's details, one question, and the answers to a whole survey. The rules
are the services'; these parse and show errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from copse.communities.models import Community
from copse.core.forms import AccessibleFormMixin
from copse.core.text import SingleLineField
from copse.events.models import Event

from ..models import IndicatorDefinition, QuestionKind, Survey, SurveyQuestion, ValueCycle
from ..models.surveys import ANSWER_MAX, TEXT_MAX, TITLE_MAX
from ..services.surveys import QUESTION_MAX, SCALE_HIGHEST, SCALE_LOWEST, indicators_for


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SurveyForm(AccessibleFormMixin, forms.Form):
    """A survey's title, introduction, dates, whether it is anonymous, and (for a community's) who it is for."""

    title = SingleLineField(label="Title", max_length=TITLE_MAX)
    introduction = forms.CharField(
        label="Introduction",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two on why you are asking and how the answers will be used.",
    )
    is_anonymous = forms.BooleanField(
        label="Anonymous",
        required=False,
        initial=True,
        help_text=Survey._meta.get_field("is_anonymous").help_text,
    )
    opens_on = forms.DateField(label="Opens on", widget=DateInput())
    closes_on = forms.DateField(
        label="Closes on", widget=DateInput(), help_text="It stays open all that day."
    )
    audience = forms.ChoiceField(
        label="Who it is for",
        widget=forms.RadioSelect,
        choices=[
            (Survey.Audience.MEMBERS, "The community's members"),
            (Survey.Audience.ATTENDEES, "The people who came to one of its events"),
        ],
        initial=Survey.Audience.MEMBERS,
    )
    event = forms.ModelChoiceField(
        label="Event",
        required=False,
        queryset=Event.objects.none(),
        empty_label="Choose an event",
        help_text="For the people who came to an event: which one.",
    )

    def __init__(
        self, data: Any = None, *, community: Community | None, survey: Survey | None = None
    ) -> None:
        initial: dict[str, Any] = {"opens_on": timezone.localdate()}
        if survey is not None:
            fields = ("title", "introduction", "is_anonymous", "opens_on", "closes_on", "audience", "event")
            initial = {name: getattr(survey, name) for name in fields}
        super().__init__(data, initial=initial)
        if community is None:
            # A programme survey is for everyone.
            del self.fields["audience"], self.fields["event"]
        else:
            event_field: forms.ModelChoiceField[Event] = self.fields["event"]  # type: ignore[assignment]
            event_field.queryset = past_events(community)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.setdefault("audience", Survey.Audience.EVERYONE)
        data.setdefault("event", None)
        if data["audience"] != Survey.Audience.ATTENDEES:
            data["event"] = None
        return data


def past_events(community: Community) -> QuerySet[Event]:
    """A community's events that have taken place, most recent first."""
    return Event.objects.filter(
        community=community, status=Event.Status.SCHEDULED, ends_at__lte=timezone.now()
    ).order_by("-starts_at")


class QuestionForm(AccessibleFormMixin, forms.Form):
    """One question: its words, the kind of answer it takes, the cycle it asks about and the indicator its answers
    feed."""

    text = SingleLineField(label="Question", max_length=QUESTION_MAX)
    kind = forms.ChoiceField(
        label="Kind of answer",
        choices=QuestionKind.choices,
        initial=QuestionKind.SCALE,
        widget=forms.RadioSelect,
    )
    scale_min = forms.IntegerField(
        label="Scale from",
        initial=1,
        min_value=SCALE_LOWEST,
        max_value=SCALE_HIGHEST,
        required=False,
        help_text="For a rating: the lowest mark.",
    )
    scale_max = forms.IntegerField(
        label="Scale to",
        initial=5,
        min_value=SCALE_LOWEST,
        max_value=SCALE_HIGHEST,
        required=False,
        help_text="For a rating: the highest mark.",
    )
    choices = forms.CharField(
        label="Choices",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For one of several choices: the choices, one a line.",
    )
    cycle = forms.ModelChoiceField(
        label="Cycle",
        queryset=ValueCycle.objects.none(),
        empty_label="Choose a cycle",
        help_text="Which cycle of value the question asks about.",
    )
    indicator = forms.ModelChoiceField(
        label="Indicator",
        required=False,
        queryset=IndicatorDefinition.objects.none(),
        empty_label="None",
        help_text="The answers become an observation of this indicator when the survey closes.",
    )
    is_required = forms.BooleanField(label="Must be answered", required=False)

    def __init__(self, data: Any = None, *, survey: Survey, question: SurveyQuestion | None = None) -> None:
        initial: dict[str, Any] = {}
        if question is not None:
            fields = (
                "text",
                "kind",
                "scale_min",
                "scale_max",
                "choices",
                "cycle",
                "indicator",
                "is_required",
            )
            initial = {name: getattr(question, name) for name in fields}
        super().__init__(data, initial=initial)
        cycle: forms.ModelChoiceField[ValueCycle] = self.fields["cycle"]  # type: ignore[assignment]
        cycle.queryset = ValueCycle.objects.enabled()
        indicator: forms.ModelChoiceField[IndicatorDefinition] = self.fields["indicator"]  # type: ignore[assignment]
        choices = indicators_for(survey.community)
        indicator.queryset = IndicatorDefinition.objects.filter(pk__in=[i.pk for i in choices])
        indicator.choices = [("", "None"), *((i.pk, f"{i.name} ({i.cycle.name})") for i in choices)]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["scale_min"] = 1 if data.get("scale_min") is None else data["scale_min"]
        data["scale_max"] = 5 if data.get("scale_max") is None else data["scale_max"]
        return data


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


class AnswersForm(AccessibleFormMixin, forms.Form):
    """A whole survey on one page: a rating as a row of radio buttons, a number, one of several choices, words.
    Whether a question must be answered and what counts as an answer are the service's to say too."""

    def __init__(self, data: Any = None, *, questions: list[SurveyQuestion]) -> None:
        super().__init__(data)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = self._field(question)

    @staticmethod
    def _field(question: SurveyQuestion) -> forms.Field:
        label, required = question.text, question.is_required
        if question.kind == QuestionKind.SCALE:
            low, high = question.scale_min, question.scale_max
            marks = [(str(n), str(n)) for n in range(low, high + 1)]
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=marks,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                help_text=f"{low} is the lowest, {high} the highest.",
                error_messages={
                    "invalid_choice": f"Choose a rating from {low} to {high}.",
                    "required": "Answer this question: it must be answered.",
                },
            )
        if question.kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                label=label,
                required=required,
                max_digits=12,
                decimal_places=2,
                error_messages={
                    "invalid": "Enter a number, such as 3 or 2.5.",
                    "required": "Answer this question: it must be answered.",
                },
            )
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                label=label,
                required=required,
                choices=[(choice, choice) for choice in question.choice_list],
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Choose one of the answers given.",
                    "required": "Answer this question: it must be answered.",
                },
            )
        return forms.CharField(
            label=label,
            required=required,
            max_length=ANSWER_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Answer this question: it must be answered."},
        )

    def answers(self) -> dict[int, str]:
        """What was given for each question, as text, for the service."""
        return {
            question.pk: ""
            if self.cleaned_data.get(field_name(question)) in (None, "")
            else str(self.cleaned_data[field_name(question)])
            for question in self.questions
        }
