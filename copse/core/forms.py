from typing import Any

from django import forms


class AccessibleFormMixin:
    """Link each widget to its hint and error with `aria-describedby`, and mark invalid fields `aria-invalid`.

    The ids match those that `includes/field.html` gives the hint and the error message. Errors added after
    validation (a service's refusal shown beside its field) are marked the same way.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name in form.errors:
            self._mark_invalid(name)

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if field is not None:
            self._mark_invalid(field)

    def _mark_invalid(self, name: str) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        if name in form.fields:
            field = form.fields[name]
            field_id = form[name].id_for_label
            hint = f"{field_id}-hint " if field.help_text else ""
            field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["aria-describedby"] = f"{hint}{field_id}-error"


class SampleForm(AccessibleFormMixin, forms.Form):
    """The style guide's form: each kind of field, shown empty and with its errors."""

    title = forms.CharField(
        label="Title", max_length=120, help_text="A few words people will recognise in a list."
    )
    kind = forms.ChoiceField(label="Kind", choices=[("discussion", "Discussion"), ("help", "Help request")])
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    notify = forms.BooleanField(label="Tell the community's members", required=False)
