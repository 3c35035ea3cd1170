from django import forms

from copse.core.forms import AccessibleFormMixin
from copse.core.markdown import MAX_MARKDOWN_LENGTH

from .models import TITLE_MAX, Kind

BODY_HELP = "You can use Markdown: **bold**, _italic_, lists, > quotes and [links](https://example.org)."


class ThreadForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of post is this?", choices=Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label="Title", max_length=TITLE_MAX)
    body = forms.CharField(
        label="Your post",
        help_text=BODY_HELP,
        max_length=MAX_MARKDOWN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: object, allowed_kinds: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in Kind.choices if value in allowed_kinds]


class PostForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label="Your reply",
        help_text=BODY_HELP,
        max_length=MAX_MARKDOWN_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ThreadFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "All kinds"), *Kind.choices], required=False)
    solved = forms.ChoiceField(
        label="Help requests",
        choices=[("", "Any"), ("no", "Not yet solved"), ("yes", "Solved")],
        required=False,
    )


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=1000,
        help_text="Kept with the post for the community's moderators.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, required: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reason"].required = required
