from typing import Any

from django import forms

from .kinds import KINDS, Delivery


class PreferencesForm(forms.Form):
    """For each kind of notification, how the person wants to be emailed about it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slug, kind in KINDS.items():
            self.fields[slug] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose how we email you about {kind.label.lower()}",
                    "invalid_choice": f"Choose how we email you about {kind.label.lower()} from the options given",
                },
            )
