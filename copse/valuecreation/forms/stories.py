"""The story form: the community (and, written on someone's behalf, whose story it is), a title, one step per
cycle that is switched on, who may read it, and an aspirational ending; and the reviewer's small forms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms

from copse.accounts.models import User
from copse.communities.models import Community
from copse.core.forms import AccessibleFormMixin
from copse.core.text import SingleLineField
from copse.core.ui import field_id

from ..models import Audience, Valence, ValueCycle, ValueStory
from ..models.stories import STEP_MAX, TEXT_MAX, TITLE_MAX
from ..services.stories import StepText, step_field

VALENCE_CHOICES = [
    (Valence.POSITIVE, "Positive: it made things better"),
    (Valence.NULL, "No difference"),
    (Valence.NEGATIVE, "Negative: it made things worse"),
]


@dataclass
class StepFields:
    """One cycle's part of the form, as the template lays it out."""

    cycle: ValueCycle
    text: forms.BoundField
    valence: forms.BoundField
    evidence: forms.BoundField


class StoryForm(AccessibleFormMixin, forms.Form):
    """A story, new or edited. `communities` offers the community (a new story only); `on_behalf` asks whose
    story it is. Each switched-on cycle adds its three fields: `step-<key>-text`, `-valence` and `-evidence`."""

    community = forms.ChoiceField(label="Community", help_text="The community your story is about.")
    teller = forms.EmailField(
        label="Whose story is it?",
        help_text="The email address of the colleague you interviewed: a member of the community. They will be "
        "asked to check and confirm it.",
    )
    title = SingleLineField(
        label="Title",
        max_length=TITLE_MAX,
        help_text="A few words that say what happened, such as “A quicker month-end close”.",
    )
    audience = forms.ChoiceField(
        label="Who may read it?",
        choices=Audience.choices,
        initial=Audience.LEADS,
        widget=forms.RadioSelect,
        help_text="The community’s leads and the programme team can always read it.",
    )
    may_quote = forms.BooleanField(
        label="It may be quoted in reports",
        required=False,
        help_text=ValueStory._meta.get_field("may_quote").help_text,
    )
    hopes = forms.CharField(
        label="What do you hope to do next?",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="If your story is still unfolding, say what you hope happens next. We will remind you on the "
        "date below to tell how it went.",
    )
    follow_up_on = forms.DateField(
        label="When will you tell us how it went?",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="A date in the future, with what you hope to do next.",
    )

    def __init__(
        self,
        data: Any = None,
        *,
        cycles: list[ValueCycle],
        communities: Iterable[Community] | None = None,
        on_behalf: bool = False,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.cycles = cycles
        if communities is None:
            del self.fields["community"]
        else:
            self.communities = {c.slug: c for c in communities}
            choice: forms.ChoiceField = self.fields["community"]  # type: ignore[assignment]
            choice.choices = [(slug, c.name) for slug, c in self.communities.items()]
        if not on_behalf:
            del self.fields["teller"]
        for cycle in cycles:
            self.fields[step_field(cycle, "text")] = forms.CharField(
                label=cycle.question,
                max_length=STEP_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Leave it empty if this step does not apply to your story.",
            )
            self.fields[step_field(cycle, "valence")] = forms.ChoiceField(
                label="Did it make a difference?",
                choices=VALENCE_CHOICES,
                initial=Valence.POSITIVE,
                widget=forms.RadioSelect,
            )
            self.fields[step_field(cycle, "evidence")] = forms.CharField(
                label="Evidence",
                max_length=TEXT_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Web addresses of anything that shows it (a document, a page, a recording), one a line.",
            )
        # The mixin linked the fixed fields to their hints; the steps' fields came after it.
        for name, field in self.fields.items():
            if field.help_text and name.startswith("step-"):
                field.widget.attrs["aria-describedby"] = f"{field_id(self[name])}-hint"

    @classmethod
    def of(cls, story: ValueStory, data: Any = None, *, cycles: list[ValueCycle]) -> StoryForm:
        """The form to edit a story, filled with what it says now."""
        initial: dict[str, Any] = {
            "title": story.title,
            "audience": story.audience,
            "may_quote": story.may_quote,
            "hopes": story.hopes,
            "follow_up_on": story.follow_up_on,
        }
        for step in story.steps.all():
            initial[step_field(step.cycle, "text")] = step.text
            initial[step_field(step.cycle, "valence")] = step.valence
            initial[step_field(step.cycle, "evidence")] = step.evidence
        return cls(data, cycles=cycles, initial=initial)

    def steps(self) -> list[StepFields]:
        return [
            StepFields(
                cycle=cycle,
                text=self[step_field(cycle, "text")],
                valence=self[step_field(cycle, "valence")],
                evidence=self[step_field(cycle, "evidence")],
            )
            for cycle in self.cycles
        ]

    def step_texts(self) -> list[StepText]:
        data = self.cleaned_data
        return [
            StepText(
                cycle=cycle,
                text=data.get(step_field(cycle, "text"), ""),
                valence=data.get(step_field(cycle, "valence"), Valence.POSITIVE),
                evidence=data.get(step_field(cycle, "evidence"), ""),
            )
            for cycle in self.cycles
        ]

    def clean_teller(self) -> User:
        email = self.cleaned_data["teller"]
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("No one with that email address works here. Check the address.")
        return person

    def chosen_community(self) -> Community:
        return self.communities[self.cleaned_data["community"]]

    def story_fields(self) -> dict[str, Any]:
        """What the services take, besides the steps and the community."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "steps": self.step_texts(),
            "audience": data["audience"],
            "may_quote": data["may_quote"],
            "hopes": data["hopes"],
            "follow_up_on": data["follow_up_on"],
        }


class ReturnForm(AccessibleFormMixin, forms.Form):
    question = forms.CharField(
        label="Your question for the teller",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="They answer by changing their story, which brings it back here for review.",
    )


class ConsentForm(AccessibleFormMixin, forms.Form):
    """The teller's say over their story, which they can change at any time."""

    audience = StoryForm.base_fields["audience"]
    may_quote = StoryForm.base_fields["may_quote"]

    @classmethod
    def of(cls, story: ValueStory, data: Any = None) -> ConsentForm:
        return cls(data, initial={"audience": story.audience, "may_quote": story.may_quote})
