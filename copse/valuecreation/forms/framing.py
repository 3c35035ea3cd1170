"""The forms of framing: an aspiration with its risks (a row each, with blank rows to add more), why it changed,
and an uncertainty with what was learnt."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from copse.core.forms import AccessibleFormMixin
from copse.core.text import SingleLineField

from ..models import Aspiration, Uncertainty
from ..models.framing import REASON_MAX, RISK_MAX, TEXT_MAX, TITLE_MAX
from ..services.framing import RISKS_MAX, RiskText


class AspirationForm(AccessibleFormMixin, forms.Form):
    title = SingleLineField(
        label="Aspiration",
        max_length=TITLE_MAX,
        help_text="What you care to make a difference to, in a sentence.",
    )
    description = forms.CharField(
        label="More about it",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions = forms.CharField(
        label="Conditions it needs",
        max_length=TEXT_MAX,
        required=False,
        help_text=Aspiration._meta.get_field("conditions").help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, aspiration: Aspiration | None, data: Any = None) -> AspirationForm:
        fields = ("title", "description", "conditions")
        initial = {name: getattr(aspiration, name) for name in fields} if aspiration else {}
        return cls(data, initial=initial)


class RevisionForm(AspirationForm):
    """Revising keeps the earlier version: say why it changed."""

    reason = forms.CharField(
        label="Why has it changed?",
        max_length=REASON_MAX,
        help_text="What you learnt or what happened. The history keeps it beside each version.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, aspiration: Aspiration | None, data: Any = None) -> RevisionForm:
        return cast(RevisionForm, super().of(aspiration, data))


class RiskForm(AccessibleFormMixin, forms.Form):
    risk = SingleLineField(label="Risk", max_length=RISK_MAX, required=False)
    mitigation = forms.CharField(
        label="What is done about it",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("mitigation", "").strip() and not cleaned.get("risk", "").strip():
            self.add_error("risk", "Say what the risk is, or leave its mitigation empty too.")
        return cleaned


class BaseRiskFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    @classmethod
    def of(cls, aspiration: Aspiration | None, data: Any = None) -> BaseRiskFormSet:
        """The aspiration's risks, a row each, and blank rows to add more (a row left empty adds nothing)."""
        initial = (
            [{"risk": r.risk, "mitigation": r.mitigation} for r in aspiration.risks.all()]
            if aspiration
            else []
        )
        return cls(data, initial=initial, prefix="risks")

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        """Number the rows' labels, so each field's name is its own ("Risk 2")."""
        super().add_fields(form, index)
        if index is not None:
            form.fields["risk"].label = f"Risk {index + 1}"
            form.fields["mitigation"].label = f"What is done about risk {index + 1}"

    def risks(self) -> list[RiskText]:
        """The risks as they should be after saving, in order: filled rows not marked for removal."""
        return [
            RiskText(
                risk=form.cleaned_data.get("risk", ""), mitigation=form.cleaned_data.get("mitigation", "")
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


RiskFormSet = cast(
    type[BaseRiskFormSet],
    forms.formset_factory(
        RiskForm, formset=BaseRiskFormSet, extra=2, max_num=RISKS_MAX, validate_max=True, can_delete=True
    ),
)


class UncertaintyForm(AccessibleFormMixin, forms.Form):
    question = SingleLineField(
        label="What do you not know yet?",
        max_length=TITLE_MAX,
        help_text="A question you would like to answer, such as “Do new members find the help they need?”",
    )
    notes = forms.CharField(
        label="Notes",
        max_length=TEXT_MAX,
        required=False,
        help_text="Why it matters, and how you might find out.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def of(cls, uncertainty: Uncertainty | None, data: Any = None) -> UncertaintyForm:
        initial = {"question": uncertainty.question, "notes": uncertainty.notes} if uncertainty else {}
        return cls(data, initial=initial)


class ResolveForm(AccessibleFormMixin, forms.Form):
    resolution = forms.CharField(
        label="What was learnt?",
        max_length=TEXT_MAX,
        help_text="The answer, as far as you know it now, and how you found out.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
