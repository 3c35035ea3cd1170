from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import CLOSED, Community
from copse.core.forms import AccessibleFormMixin

from .models import NewsAudience, NewsKind, NewsPost
from .services import ALT_MAX, NewsText


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class NewsForm(AccessibleFormMixin, forms.Form):
    title = forms.CharField(max_length=200)
    summary = forms.CharField(
        max_length=300, required=False, help_text="One or two sentences for the list and the feed."
    )
    body = forms.CharField(
        label="Story", required=False, widget=forms.Textarea(attrs={"rows": 10}), help_text="Markdown."
    )
    audience = forms.ChoiceField(
        choices=NewsAudience.choices, widget=forms.RadioSelect, initial=NewsAudience.STAFF
    )
    publish_at = forms.DateTimeField(
        label="Publish from",
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text="Leave as it is to publish now; a later date (within a year) schedules the post.",
    )
    picture = forms.FileField(
        label="Choose a picture",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=f"A JPEG, PNG or WebP image of up to {settings.COPSE_MAX_UPLOAD_MB} MB. Copse keeps a copy "
        "without its hidden details (such as where a photo was taken).",
    )
    picture_alt = forms.CharField(
        label="Describe the picture",
        max_length=ALT_MAX,
        required=False,
        help_text="For people who cannot see it: what it shows, in a sentence. Needed when there is a picture.",
    )
    remove_picture = forms.BooleanField(label="Remove the picture", required=False)
    kind = forms.ChoiceField(choices=NewsKind.choices, initial=NewsKind.NEWS)
    award_name = forms.CharField(label="Award", max_length=200, required=False, help_text="For recognition.")
    recognised_community = forms.ModelChoiceField(
        label="Community recognised", queryset=Community.objects.none(), required=False
    )
    recognised_person = forms.EmailField(
        label="Person recognised (email address)", required=False, help_text="For recognition."
    )

    def __init__(
        self, *args: Any, post: NewsPost | None = None, programme: bool = True, **kwargs: Any
    ) -> None:
        if post is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": post.title,
                    "summary": post.summary,
                    "body": post.body,
                    "audience": post.audience,
                    "publish_at": timezone.localtime(post.publish_at),
                    "kind": post.kind,
                    "award_name": post.award_name,
                    "recognised_community": post.recognised_community_id,
                    "recognised_person": post.recognised_person.email if post.recognised_person else "",
                    "picture_alt": post.picture_alt,
                },
            )
        else:
            kwargs.setdefault("initial", {}).setdefault("publish_at", timezone.localtime().replace(second=0))
        super().__init__(*args, **kwargs)
        self.programme = programme
        if post is not None and post.picture:
            # The bound field too: the accessible-form mixin has already made it, with the label it had then.
            self.fields["picture"].label = self["picture"].label = "Replace the picture"
        else:
            del self.fields["remove_picture"]
        if programme:
            choice = self.fields["recognised_community"]
            assert isinstance(choice, forms.ModelChoiceField)
            choice.queryset = Community.objects.exclude(status__in=CLOSED).order_by("name")
        else:
            for name in ("audience", "kind", "award_name", "recognised_community", "recognised_person"):
                del self.fields[name]

    def clean_recognised_person(self) -> User | None:
        email = self.cleaned_data.get("recognised_person")
        if not email:
            return None
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("No one at Copse has this email address.")
        return person

    def news_text(self) -> NewsText:
        data = self.cleaned_data
        return NewsText(
            title=data["title"],
            summary=data.get("summary", ""),
            body=data.get("body", ""),
            audience=data.get("audience") or NewsAudience.STAFF,
            publish_at=data["publish_at"],
            kind=data.get("kind") or NewsKind.NEWS,
            award_name=data.get("award_name", ""),
            recognised_community=data.get("recognised_community"),
            recognised_person=data.get("recognised_person"),
            picture_alt=data.get("picture_alt", ""),
        )
