from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy

from copse.core import attachments
from copse.core.files import BY_EXTENSION
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


class MultipleFileInput(forms.FileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


def _attachments_help() -> str:
    return (
        f"Up to {attachments.MAX_FILES} files of {settings.COPSE_MAX_UPLOAD_MB} MB or less each: documents "
        f"({attachments.DOCUMENT_LABELS}) or images ({attachments.IMAGE_LABELS}). Images show in the post; "
        "details such as where a photo was taken are removed."
    )


class AttachmentsField(forms.FileField):
    """The files someone attaches to a post or an update, as Django received them. What they are is checked by
    the service (`copse.core.attachments.prepare`), by their content, so the form only collects them."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Attach files")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(_attachments_help, str)())
        super().__init__(**kwargs)
        accepted = sorted({f".{extension}" for extension in BY_EXTENSION})
        self.widget.attrs.update({"multiple": True, "accept": ",".join(accepted)})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        chosen = data if isinstance(data, list | tuple) else [data]
        return [upload for upload in chosen if upload]


class ImageDescriptionsField(forms.CharField):
    """What each attached image shows, one line per image, for people who cannot see them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Describe the images")
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "For people who cannot see them, say what each image shows: one line for each, in the order you "
            "chose them. Without a description, an image is only said to be attached by you.",
        )
        kwargs.setdefault("max_length", attachments.MAX_FILES * (attachments.DESCRIPTION_MAX + 1))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)
