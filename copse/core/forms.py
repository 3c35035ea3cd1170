from typing import Any

from django import forms

from copse.core.ui import field_id


class AccessibleFormMixin:
    """Link each widget to its hint and error with `aria-describedby`, and mark invalid fields `aria-invalid`.

    The ids match those that `field()` (`copse/core/ui.py`) gives the hint and the error message. Errors added after
    validation (a service's refusal shown beside its field) are marked the same way.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{field_id(form[name])}-hint"

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
            ident = field_id(form[name])
            hint = f"{ident}-hint " if field.help_text else ""
            field.widget.attrs["aria-invalid"] = "true"
            field.widget.attrs["aria-describedby"] = f"{hint}{ident}-error"


MARKDOWN_HELP = "Format with Markdown: **bold**, _italic_, [link](https://…), - list, > quote, `code`."
MENTION_HELP = "Mention someone with @ and their name."


class MarkdownEditor(forms.Textarea):
    """A textarea for Markdown with the help on it beneath, which editor.js enhances with a toolbar and, given
    `mentions_url` (where suggestions come from), `@` suggestions by name. Without JavaScript it stays a plain
    textarea. The help is linked with `aria-describedby`, after the field's hint and error."""

    template_name = "core/widgets/markdown_editor.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, mentions_url: str = "") -> None:
        super().__init__(attrs)
        self.mentions_url = mentions_url

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field_id = widget["attrs"].get("id") or f"id_{name}"
        widget["help_id"] = f"{field_id}-markdown-help"
        widget["help"] = f"{MARKDOWN_HELP} {MENTION_HELP}" if self.mentions_url else MARKDOWN_HELP
        widget["mentions_url"] = self.mentions_url
        described = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described} {widget['help_id']}".strip()
        return context


class SampleForm(AccessibleFormMixin, forms.Form):
    """The style guide's form: each kind of field, shown empty and with its errors."""

    title = forms.CharField(
        label="Title", max_length=120, help_text="A few words people will recognise in a list."
    )
    kind = forms.ChoiceField(label="Kind", choices=[("discussion", "Discussion"), ("help", "Help request")])
    body = forms.CharField(label="Message", widget=MarkdownEditor(attrs={"rows": 3}), required=False)
    notify = forms.BooleanField(label="Tell the community's members", required=False)
