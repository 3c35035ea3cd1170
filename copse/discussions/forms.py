"""The forms of discussions: every field a person posts is read through one of these, never from `request.POST`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from copse.communities.models import Community
from copse.core.forms import AccessibleFormMixin, AttachmentsField, ImageDescriptionsField, MarkdownEditor
from copse.core.markdown import MAX_MARKDOWN_LENGTH
from copse.core.text import SingleLineField

from .mentions import MAX_QUERY_LENGTH
from .models import REASON_MAX, TITLE_MAX, Kind, ModerationAction, Reaction, Subscription

SUBSCRIPTION_STATES = [*Subscription.State.choices, ("default", "As my settings say")]
THREAD_ACTIONS = [
    (action.value, action.label)
    for action in (
        ModerationAction.Action.LOCK,
        ModerationAction.Action.UNLOCK,
        ModerationAction.Action.PIN,
        ModerationAction.Action.UNPIN,
    )
]


def _choice(choices: Any, message: str) -> forms.ChoiceField:
    """A choice whose missing or unknown value gets the same plain message."""
    return forms.ChoiceField(choices=choices, error_messages={"required": message, "invalid_choice": message})


def _with_mentions(form: forms.BaseForm, community: Community | None) -> None:
    """Point the body's editor at the community's `@` suggestions."""
    if community is not None:
        widget = form.fields["body"].widget
        assert isinstance(widget, MarkdownEditor)
        widget.mentions_url = reverse("discussions:mentions", args=[community.slug])


class ThreadForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of post is this?", choices=Kind.choices, widget=forms.RadioSelect
    )
    title = SingleLineField(label="Title", max_length=TITLE_MAX)
    body = forms.CharField(
        label="Your post",
        max_length=MAX_MARKDOWN_LENGTH,
        widget=MarkdownEditor(attrs={"rows": 8}),
    )
    attachments = AttachmentsField()
    image_descriptions = ImageDescriptionsField()

    def __init__(
        self, *args: Any, allowed_kinds: list[str], community: Community | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _with_mentions(self, community)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in Kind.choices if value in allowed_kinds]


class PostForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=MAX_MARKDOWN_LENGTH,
        widget=MarkdownEditor(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, community: Community | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _with_mentions(self, community)


class ReplyForm(PostForm):
    """A reply, with the files attached to it (an edit changes only the words)."""

    attachments = AttachmentsField()
    image_descriptions = ImageDescriptionsField()


class PreviewForm(forms.Form):
    """The "Preview" button of a post form, and the text to show as it will look (cut at the longest post)."""

    preview = forms.BooleanField(required=False)
    body = forms.CharField(required=False, strip=False)

    def text(self) -> str | None:
        """The text to preview, or None when the person did not ask for a preview."""
        if not self.is_valid() or not self.cleaned_data["preview"]:
            return None
        body: str = self.cleaned_data["body"]
        return body[:MAX_MARKDOWN_LENGTH]


class ThreadFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=[("", "All kinds"), *Kind.choices], required=False)
    solved = forms.ChoiceField(
        label="Help requests",
        choices=[("", "Any"), ("no", "Not yet solved"), ("yes", "Solved")],
        required=False,
    )


class ReasonForm(AccessibleFormMixin, forms.Form):
    """Why a post is reported, hidden, restored or its reports dismissed: one line, kept in the log."""

    reason = SingleLineField(
        label="Reason",
        max_length=REASON_MAX,
        help_text="Kept with the post for the community's moderators.",
    )

    def __init__(self, *args: Any, required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class ModerateThreadForm(forms.Form):
    action = _choice(THREAD_ACTIONS, "Choose lock, unlock, pin or unpin.")
    reason = SingleLineField(label="Reason", max_length=REASON_MAX, required=False)


class MoveThreadForm(forms.Form):
    """Where a thread moves: one of the communities the moderator moderates, by its address (slug)."""

    to = _choice([], "Choose a community you moderate.")
    reason = SingleLineField(label="Reason for moving", max_length=REASON_MAX, required=False)

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = targets


class ReactionForm(forms.Form):
    kind = _choice(Reaction.Kind.choices, "Choose helpful, thanks or +1.")


class SubscriptionForm(forms.Form):
    state = _choice(SUBSCRIPTION_STATES, "Choose follow, mute or the default.")


class MentionSearchForm(forms.Form):
    """What someone has typed after an `@`, to suggest people by."""

    q = SingleLineField(required=False, max_length=MAX_QUERY_LENGTH)
